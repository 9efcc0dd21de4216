"""Reading what a person typed on the monthly form and the measure set-up pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.forms import bilingual
from breakthrough.core.numbers import parse_decimal
from breakthrough.measures.models import Measure, MeasureValue
from breakthrough.measures.services import counted_field

FIELDS = ("numerator", "denominator", "value")


def field_name(code: str, field: str) -> str:
    """The input's name, which is also the key ``report_save`` uses for its errors."""
    return f"{code}.{field}"


def parse_number(text: str | None) -> Decimal | None:
    """A typed number, or None when blank. Raises ValueError for anything that is not a plain number."""
    return parse_decimal(text)


def fields_of(value: MeasureValue) -> tuple[str, ...]:
    return ("numerator", "denominator") if value.measure_version.has_denominator else ("value",)


def read_entries(
    data: Any, values: list[MeasureValue]
) -> tuple[dict[int, dict[str, Decimal | None]], dict[str, str], dict[str, list[str]]]:
    """What was typed for each row: (entries by measure id, the raw text by input name, parse errors)."""
    entries: dict[int, dict[str, Decimal | None]] = {}
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for value in values:
        entry: dict[str, Decimal | None] = {}
        for field in fields_of(value):
            if field == counted_field(value):
                continue  # filled by the platform, never read from the form
            name = field_name(value.measure.code, field)
            typed[name] = data.get(name, "")
            try:
                entry[field] = parse_number(typed[name])
            except ValueError:
                errors[name] = [str(_("Enter a number, such as 12 or 4.5."))]
        entries[value.measure_id] = entry
    return entries, typed, errors


class MeasureForm(forms.Form):
    """A new measure and its first definition (staff only)."""

    collaborative = forms.ModelChoiceField(label=_("Collaborative"), queryset=Collaborative.objects.none())
    code = forms.SlugField(label=_("Code"), max_length=32, help_text=_("Short, unique, no spaces."))
    name_en = forms.CharField(max_length=200)
    name_es = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Measure.Kind.choices)
    better = forms.ChoiceField(label=_("Better direction"), choices=Measure.Better.choices)
    requirement = forms.ChoiceField(
        label=_("Requirement"),
        choices=[c for c in Measure.Requirement.choices if c[0] != Measure.Requirement.TEAM_DEFINED],
    )
    order = forms.IntegerField(label=_("Order on the form"), min_value=0, initial=0)
    numerator_source = forms.ChoiceField(
        label=_("Entered or counted"),
        choices=Measure.NumeratorSource.choices,
        initial=Measure.NumeratorSource.ENTERED,
        required=False,
        help_text=_("Incident reports: the monthly form counts the team's reports; the team enters the rest"),
    )
    effective_from = forms.DateField(
        label=_("In force from"),
        help_text=_("The first day of the first month it applies to."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual(self, {"name": _("name")})
        self.fields["collaborative"].queryset = collaboratives
        if collaboratives.count() == 1:
            self.fields["collaborative"].initial = collaboratives.first()

    def clean_numerator_source(self) -> str:
        return self.cleaned_data.get("numerator_source") or Measure.NumeratorSource.ENTERED


DEFINITION_LABELS = {
    "definition": _("operational definition"),
    "numerator_definition": _("numerator"),
    "denominator_definition": _("denominator"),
}


class DefinitionForm(forms.Form):
    """An operational definition: the whole of a measure version but its number."""

    definition_en = forms.CharField(widget=forms.Textarea)
    definition_es = forms.CharField(widget=forms.Textarea, required=False)
    numerator_definition_en = forms.CharField(widget=forms.Textarea, required=False)
    numerator_definition_es = forms.CharField(widget=forms.Textarea, required=False)
    denominator_definition_en = forms.CharField(widget=forms.Textarea, required=False)
    denominator_definition_es = forms.CharField(widget=forms.Textarea, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=Measure.Unit.choices)
    multiplier = forms.IntegerField(label=_("Shown per"), min_value=1, initial=1)
    goal = forms.DecimalField(
        label=_("Goal"),
        max_digits=12,
        decimal_places=3,
        required=False,
        localize=True,  # "0,5" on a Spanish page
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual(self, DEFINITION_LABELS)

    def definition_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DefinitionForm.base_fields}


class ReviseForm(DefinitionForm):
    effective_from = forms.DateField(
        label=_("In force from"),
        help_text=_("The first day of the first month the new definition applies to."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    change_reason_en = forms.CharField(widget=forms.Textarea)
    change_reason_es = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual(self, {"change_reason": _("why it changed")})

    def clean_effective_from(self) -> dt.date:
        day: dt.date = self.cleaned_data["effective_from"]
        if day.day != 1:
            raise forms.ValidationError(_("A version takes effect on the first day of a month."))
        return day
