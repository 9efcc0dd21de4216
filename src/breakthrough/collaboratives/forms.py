from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Classroom,
    Collaborative,
    Program,
    Role,
    Team,
)
from breakthrough.core.forms import bilingual
from breakthrough.core.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DistinctIds:
    """Several forms share the set-up page: each gets its own id prefix so labels stay unambiguous."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class RevisionForm(DistinctIds, forms.ModelForm):
    """A model form that carries the object's revision for optimistic locking."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["revision"] = self.instance.revision


class CollaborativeForm(RevisionForm):
    id_prefix = "details"

    class Meta:
        model = Collaborative
        fields = [
            "name",
            "topic_en",
            "topic_es",
            "description_en",
            "description_es",
            "start_date",
            "end_date",
            "report_due_day",
            "report_reminder_days",
            "pdsa_wait_days",
            "sustainment_open",
            "sustainment_reporting",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
        }

    KEPT_WHEN_BLANK = ("report_reminder_days", "pdsa_wait_days", "sustainment_reporting")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual(self)  # topic and description in English and in Spanish, side by side
        for name in self.KEPT_WHEN_BLANK:  # a form from before these settings existed keeps their values
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in self.KEPT_WHEN_BLANK:
            if data.get(name) in (None, ""):
                data[name] = getattr(self.instance, name)
        return data


class ProgramForm(RevisionForm):
    id_prefix = "program"

    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "setting",
            "street_address",
            "neighborhood",
            "city",
            "state",
            "postal_code",
            "licensed_capacity",
            "license_number",
            "qris_level",
            "qris_date",
        ]
        widgets = {"qris_date": DATE}


class ClassroomForm(RevisionForm):
    id_prefix = "classroom"

    class Meta:
        model = Classroom
        fields = ["name", "code", "age_group", "participation", "children_enrolled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = self.instance.pk is not None
        if self.instance.pk is None:
            self.fields["code"].help_text = _(
                "Leave it empty for a code that carries nothing (recommended): codes typed in order can "
                "tell observers which rooms take part."
            )


class TeamForm(DistinctIds, forms.Form):
    id_prefix = "team"
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    name = forms.CharField(label=_("Team name"), max_length=200)

    def __init__(self, *args: Any, collaborative: Collaborative, programs: Any = None, **kwargs: Any) -> None:
        """``programs``: those this person may give a team (``access.programs_changeable_by``); by default
        the programs registered in this collaborative."""
        super().__init__(*args, **kwargs)
        taken = Team.objects.filter(collaborative=collaborative).values("program_id")
        if programs is None:
            programs = Program.objects.filter(registered_in=collaborative)
        self.fields["program"].queryset = programs.active().exclude(pk__in=taken)


class RoleTeamForm(DistinctIds, forms.Form):
    """Role and (for team roles) team, shared by memberships and invitations."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Needed for team roles (teacher, director, family member …); optional for faculty."),
    )

    def __init__(self, *args: Any, collaborative: Collaborative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = collaborative.teams.active()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role, team = data.get("role"), data.get("team")
        if role in TEAM_ROLES and team is None:
            self.add_error("team", _("Choose the team for this role."))
        if role and role not in TEAM_ROLES | {Role.FACULTY} and team is not None:
            self.add_error("team", _("This role belongs to the whole collaborative, not to one team."))
        return data


class MembershipForm(RoleTeamForm):
    id_prefix = "member"
    person = forms.CharField(label=_("Username or email of the person"), max_length=254)
    field_order = ["person", "role", "team"]

    def clean_person(self) -> User:
        value = self.cleaned_data["person"].strip()
        matches = User.objects.filter(username__iexact=value) | User.objects.filter(email__iexact=value)
        people = list(matches.distinct()[:2])
        if len(people) != 1:
            raise forms.ValidationError(
                _("No single person has this username or email. Invite them by email instead.")
            )
        return people[0]


class InvitationForm(RoleTeamForm):
    id_prefix = "invite"
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(label=_("Language of the email"), choices=settings.LANGUAGES)
    field_order = ["email", "role", "team", "language"]


class AccountForm(forms.Form):
    """The invitee's new account."""

    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_validation.password_validators_help_text_html()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class TimelineForm(forms.Form):
    """Every phase's dates in one form: fields ``phase-<pk>-start_date`` and ``phase-<pk>-end_date``."""

    def __init__(self, *args: Any, collaborative: Collaborative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phases = list(collaborative.phases.order_by("start_date"))
        for phase in self.phases:
            for name, label in (("start_date", _("starts")), ("end_date", _("ends"))):
                key = f"phase-{phase.pk}-{name}"
                self.fields[key] = forms.DateField(
                    label=f"{phase.get_kind_display()}: {label}", widget=DATE, initial=getattr(phase, name)
                )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(p, self[f"phase-{p.pk}-start_date"], self[f"phase-{p.pk}-end_date"]) for p in self.phases]

    def dates(self) -> dict[int, tuple[Any, Any]]:
        data = self.cleaned_data
        return {p.pk: (data[f"phase-{p.pk}-start_date"], data[f"phase-{p.pk}-end_date"]) for p in self.phases}
