from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.forms import bilingual
from breakthrough.events.models import Attendance, Event

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = [
            "collaborative",
            "kind",
            "title_en",
            "title_es",
            "starts_at",
            "ends_at",
            "location_en",
            "location_es",
            "role_group",
            "team",
            "description_en",
            "description_es",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "role_group": _("Only for affinity-group calls."),
            "team": _("Only for team meetings and faculty consultations."),
        }

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual(self)  # title, place and description in English and in Spanish, side by side
        self.fields["collaborative"].queryset = collaboratives
        self.fields["team"].queryset = Team.objects.active().filter(collaborative__in=collaboratives)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        if self.instance.pk is not None and not self.is_bound:
            self.initial["revision"] = self.instance.revision
        if collaboratives.count() == 1 and not self.instance.pk:
            self.initial.setdefault("collaborative", collaboratives.first())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        collaborative: Collaborative | None = data.get("collaborative")
        team = data.get("team")
        if collaborative and team and team.collaborative_id != collaborative.pk:
            self.add_error("team", _("This team belongs to another collaborative."))
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))


class OwnAttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Attendance.Status.PRESENT, _("I attended")),
            (Attendance.Status.ABSENT, _("I did not attend")),
        ]
    )


class AttendanceForm(forms.Form):
    """One choice per expected person: fields ``person-<pk>``; a blank choice leaves them unrecorded."""

    def __init__(self, *args: Any, people: Any, current: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        choices = [("", _("Not recorded")), *Attendance.Status.choices]
        for person in self.people:
            self.fields[f"person-{person.pk}"] = forms.ChoiceField(
                label=str(person), choices=choices, required=False, initial=current.get(person.pk, "")
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(p, self[f"person-{p.pk}"]) for p in self.people]

    def statuses(self) -> dict[Any, str]:
        return {p: self.cleaned_data[f"person-{p.pk}"] for p in self.people}
