from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Classroom, Team
from breakthrough.incidents.models import Incident, IncidentOption

OTHER = "__other__"
LISTED = [f.value for f in IncidentOption.Field]


class IncidentForm(forms.ModelForm):
    """The incident report. Where the collaborative defines a list for behavior, activity, motivation or
    adult response, that field is a choice of the list plus "Other", with a text box for the other; the
    report keeps the option's English label (its stable value) or the text typed."""

    class Meta:
        model = Incident
        fields = [
            "child_code",
            "classroom",
            "occurred_on",
            "occurred_at",
            "activity",
            "behavior",
            "motivation",
            "adult_response",
            "follow_up",
            "outcome",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "occurred_at": forms.TimeInput(attrs={"type": "time"}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        classrooms = Classroom.objects.active().filter(program_id=team.program_id).order_by("code")
        self.fields["classroom"].queryset = classrooms  # type: ignore[attr-defined]
        self.fields["classroom"].required = False
        self.fields["classroom"].empty_label = _("Not recorded")  # type: ignore[attr-defined]
        options = IncidentOption.objects.active().filter(collaborative_id=team.collaborative_id)
        by_field: dict[str, list[IncidentOption]] = {}
        for option in options:
            by_field.setdefault(option.field, []).append(option)
        self.lists = by_field
        for name, listed in by_field.items():
            field = self.fields[name]
            current = self.initial.get(name) or (self.instance.pk and getattr(self.instance, name)) or ""
            known = {o.label_en or o.label for o in listed}
            choices = [("", _("Choose …"))] if field.required else [("", _("Not recorded"))]
            choices += [(o.label_en or o.label, o.label) for o in listed] + [(OTHER, _("Other (describe)"))]
            self.fields[name] = forms.ChoiceField(
                label=field.label, choices=choices, required=field.required, help_text=field.help_text
            )
            other = forms.CharField(
                label=_("Other: describe"), max_length=200, required=False, help_text=field.help_text
            )
            self.fields[f"{name}_other"] = other
            if current and current not in known:  # an earlier "other" text: edit it as such
                self.initial[name] = OTHER
                self.initial[f"{name}_other"] = current
        self.order_fields([n for pair in ((f, f"{f}_other") for f in self.Meta.fields) for n in pair])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.lists:
            if data.get(name) == OTHER:
                text = (data.get(f"{name}_other") or "").strip()
                if not text:
                    self.add_error(
                        f"{name}_other", _("Describe the other choice, or choose one of the list.")
                    )
                data[name] = text
        return data

    def incident_fields(self) -> dict[str, Any]:
        """The cleaned values the incident keeps (without the "other" text boxes)."""
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
