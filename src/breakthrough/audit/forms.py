from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.core.models import AuditRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """The audit page's filters, from the query string; a bad value is named, never a 500."""

    collaborative = forms.TypedChoiceField(label=_("Collaborative"), coerce=int, required=False)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, required=False, empty_value=None)
    model = forms.ChoiceField(label=_("Kind of record"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, data: Any, *, collaboratives: Any, teams: Any, people: Any, models: list[str]) -> None:
        super().__init__(data)
        self.fields["collaborative"].choices = [(c.pk, str(c)) for c in collaboratives]
        everyone = [("", _("Everyone"))]
        self.fields["team"].choices = [("", _("All teams")), *((t.pk, str(t)) for t in teams)]
        self.fields["person"].choices = [
            *everyone,
            *((p.pk, p.get_full_name() or p.username) for p in people),
        ]
        self.fields["model"].choices = [("", _("All kinds")), *((m, m) for m in models)]
        self.fields["action"].choices = [("", _("All actions")), *AuditRecord.Action.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("“To” is before “From”."))
        return data
