from __future__ import annotations

from django import forms

from breakthrough.incidents.models import Incident


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "child_code",
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
