"""Forms check types only; the services decide (and their refusals go beside the fields they name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Program
from breakthrough.core.forms import ServiceErrors
from breakthrough.framework.models import PrimaryDriver
from breakthrough.intake.models import PARTICIPANT_ROLES, Application, ApplicationCall, PlanningMeeting
from breakthrough.intake.selectors import CriterionRow
from breakthrough.intake.services import APPLICATION_FIELDS
from breakthrough.measures.models import Measure

HONEYPOT = "website"


class ApplicationForm(ServiceErrors, forms.ModelForm):
    """The public application. ``website`` is a honeypot: hidden from people, filled in by robots."""

    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "team_members": forms.Textarea(attrs={"rows": 4}),
            "language": forms.RadioSelect,
        }
        help_texts = {
            "team_members": _("Their roles are enough: the director, teachers, a family member …"),
            "language": _("We will write to you in this language."),
            "state": _("Optional. Two letters, e.g. MA."),
            "postal_code": _("Optional."),
            "phone": _("Optional."),
            "languages_spoken": _("Optional."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # Django's own blank choice ("- Select an option -") has no Spanish yet: one of ours.
        self.fields["program_kind"].choices = [("", _("Choose the program type")), *Program.Kind.choices]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["director_name"].widget.attrs["autocomplete"] = "name"

    def cleaned_data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in APPLICATION_FIELDS}

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class RatingForm(ServiceErrors, forms.Form):
    """One reviewer's level (``level_<criterion>``) and note (``note_<criterion>``) for every criterion."""

    def __init__(self, *args: Any, rows: list[CriterionRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            key = row.criterion.pk
            self.fields[f"level_{key}"] = forms.TypedChoiceField(
                label=row.criterion.name,
                choices=[(level.pk, f"{level.score} – {level.label}") for level in row.levels],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=row.mine.level_id if row.mine else None,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note on %(criterion)s") % {"criterion": row.criterion.name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.mine.note if row.mine else "",
            )

    def field_rows(self) -> list[tuple[CriterionRow, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"level_{row.criterion.pk}"], self[f"note_{row.criterion.pk}"]) for row in self.rows
        ]

    def ratings(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            row.criterion.pk: (
                data.get(f"level_{row.criterion.pk}") or None,
                data.get(f"note_{row.criterion.pk}", ""),
            )
            for row in self.rows
        }


class DecisionForm(ServiceErrors, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: make the program and its team")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    team_name = forms.CharField(
        label=_("Team name"),
        required=False,
        max_length=200,
        help_text=_("Leave blank to name it after the program (“… team”)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CallForm(ServiceErrors, forms.ModelForm):
    class Meta:
        model = ApplicationCall
        fields = ["applications_open", "closes_on", "introduction_en", "introduction_es"]
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "introduction_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "introduction_es": forms.Textarea(attrs={"rows": 3, "lang": "es"}),
        }
        labels = {
            "introduction_en": _("Introduction (English)"),
            "introduction_es": _("Introduction (Spanish)"),
        }


class MeetingForm(ServiceErrors, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    focus_areas = forms.CharField(
        label=_("Focus areas chosen (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    focus_areas_es = forms.CharField(
        label=_("Focus areas chosen (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rationale = forms.CharField(label=_("Rationale (English)"), widget=forms.Textarea(attrs={"rows": 5}))
    rationale_es = forms.CharField(
        label=_("Rationale (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    drivers = forms.ModelMultipleChoiceField(
        label=_("Drivers chosen"),
        queryset=PrimaryDriver.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures chosen"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, collaborative: Any, meeting: PlanningMeeting | None, **kwargs: Any
    ) -> None:
        counts = {p.role: p.count for p in meeting.participants.all()} if meeting else {}
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "held_on": meeting.held_on,
                    "place": meeting.place,
                    "focus_areas": meeting.focus_areas_en,
                    "focus_areas_es": meeting.focus_areas_es,
                    "rationale": meeting.rationale_en,
                    "rationale_es": meeting.rationale_es,
                    "drivers": list(meeting.drivers.all()),
                    "measures": list(meeting.measures.all()),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["drivers"].queryset = collaborative.primary_drivers.active().order_by("order", "pk")
        self.fields["measures"].queryset = Measure.objects.active().filter(
            collaborative=collaborative, team=None
        )
        for role, label in PARTICIPANT_ROLES:
            self.fields[f"count_{role}"] = forms.IntegerField(
                label=label, min_value=0, max_value=10000, required=False, initial=counts.get(role, 0)
            )

    def count_fields(self) -> list[forms.BoundField]:
        return [self[f"count_{role}"] for role, _label in PARTICIPANT_ROLES]

    def participants(self) -> dict[str, int]:
        return {role: self.cleaned_data.get(f"count_{role}") or 0 for role, _label in PARTICIPANT_ROLES}
