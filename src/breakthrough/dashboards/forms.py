"""The collaborative dashboard's filters, read from the query string by one form: a bad value is a 400
that names the field, never a 500."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.framework.models import PrimaryDriver
from breakthrough.measures.models import Measure

# The largest page or id a filter takes: beyond a 64-bit integer the database would refuse it.
BIGGEST = 2**63 - 1


@dataclass(frozen=True)
class Filters:
    """The filters once read (what the page shows and links keep)."""

    program_kind: str = ""
    driver: int | None = None
    measure: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    page: int = 1
    sort: str = ""

    @property
    def months(self) -> tuple[dt.date, dt.date] | None:
        """The months asked for, as (first, last) with open ends, or None for all."""
        if not self.start and not self.end:
            return None
        return (self.start or dt.date.min, self.end or dt.date.max)


class MonthField(forms.DateField):
    """A month written ``YYYY-MM`` (the first of that month)."""

    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2026-03.")}


class DashboardFilters(forms.Form):
    """Collaborative, program type, primary driver, the measure across teams, months From/To, page, sort.

    The choices come from the collaborative the person may see, so an id of anything else is refused.
    """

    collaborative = forms.TypedChoiceField(label=_("Collaborative"), coerce=int, required=False)
    program = forms.ChoiceField(label=_("Program type"), required=False)
    driver = forms.TypedChoiceField(label=_("Primary driver"), coerce=int, required=False, empty_value=None)
    measure = forms.TypedChoiceField(
        label=_("Measure across teams"), coerce=int, required=False, empty_value=None
    )
    start = MonthField(label=_("From"), required=False)
    end = MonthField(label=_("To"), required=False)
    page = forms.IntegerField(label=_("Page"), min_value=1, max_value=BIGGEST, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    # Query-string names of the fields whose names are Python keywords or too generic.
    PARAMETERS = {"start": "from", "end": "to"}

    def __init__(
        self,
        params: Any,
        *,
        collaboratives: list[Collaborative],
        drivers: list[PrimaryDriver],
        measures: list[Measure],
    ) -> None:
        data = {name: params.get(self.PARAMETERS.get(name, name), "") for name in self.base_fields}
        super().__init__(data)
        self.fields["collaborative"].choices = [("", "")] + [(c.pk, str(c)) for c in collaboratives]
        self.fields["program"].choices = [("", _("All")), *Program.Kind.choices]
        self.fields["driver"].choices = [("", _("All"))] + [(d.pk, d.name) for d in drivers]
        self.fields["measure"].choices = [("", "")] + [(m.pk, m.name) for m in measures]
        self.fields["sort"].choices = [("", _("Team"))] + [(m.code, m.name) for m in measures]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("“To” must not be before “From”."))
        return data

    def filters(self) -> Filters:
        """The valid filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        return Filters(
            program_kind=data["program"],
            driver=data["driver"],
            measure=data["measure"],
            start=data["start"],
            end=data["end"],
            page=data["page"] or 1,
            sort=data["sort"],
        )

    def problems(self) -> list[tuple[str, list[str]]]:
        """Each bad field by its label, with what is wrong."""
        return [
            (str(self.fields[name].label) if name in self.fields else "", [str(e) for e in errors])
            for name, errors in self.errors.items()
        ]
