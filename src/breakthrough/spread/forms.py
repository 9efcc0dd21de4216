from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month input), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in str(value).split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-03.")) from None


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class SpreadRecordForm(forms.Form):
    """The month, and one checkbox per adopted change × classroom: ``use-<ramp>-<classroom>``."""

    month = MonthField(label=_("Month"))

    def __init__(
        self, *args: Any, ramps: list[Any], rooms: list[Any], current: set[tuple[int, int]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[Any, list[tuple[Any, str]]]] = []
        for ramp in ramps:
            row = []
            for room in rooms:
                name = f"use-{ramp.pk}-{room.pk}"
                self.fields[name] = forms.BooleanField(
                    label=_("%(change)s in %(room)s") % {"change": ramp.title, "room": room.name},
                    required=False,
                    initial=(ramp.pk, room.pk) in current,
                )
                row.append((room, name))
            self.grid.append((ramp, row))

    def in_use(self) -> set[tuple[int, int]]:
        found = set()
        for name, value in self.cleaned_data.items():
            if name.startswith("use-") and value:
                _prefix, ramp, room = name.split("-")
                found.add((int(ramp), int(room)))
        return found

    def rows(self) -> list[tuple[Any, list[tuple[Any, Any]]]]:
        return [(ramp, [(room, self[name]) for room, name in row]) for ramp, row in self.grid]
