from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.forms import bilingual

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LaunchForm(forms.Form):
    """The few dates a director knows; the phases and months follow from them (shown before saving)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        help_text=_("For web addresses and exports: lowercase letters, digits and hyphens, e.g. sel-wave-2."),
        error_messages={
            "invalid": _(
                "Use only lowercase letters, digits and hyphens (no spaces or accents), e.g. sel-wave-2."
            )
        },
    )
    topic_en = forms.CharField(max_length=200)
    topic_es = forms.CharField(max_length=200, required=False)
    start_date = forms.DateField(label=_("Starts (pre-work begins)"), widget=DATE)
    ls1 = forms.DateField(label=_("Learning session 1"), widget=DATE)
    ls2 = forms.DateField(label=_("Learning session 2"), widget=DATE)
    ls3 = forms.DateField(label=_("Learning session 3"), widget=DATE)
    action_periods_end = forms.DateField(label=_("The last action period ends"), widget=DATE)
    end_date = forms.DateField(label=_("Sustainment ends (the end date)"), widget=DATE)
    report_due_day = forms.IntegerField(
        label=_("Monthly report due on day"),
        min_value=1,
        max_value=28,
        initial=10,
        help_text=_("Reports for a month are due on this day of the following month."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Start from an earlier collaborative"),
        queryset=Collaborative.objects.none(),
        required=False,
        empty_label=_("No: start from nothing"),
        help_text=_("Copies its change framework, measures (as they are defined now) and events."),
    )

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).lower()  # a web address reads the same in any case

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = sources
        bilingual(self, {"topic": _("topic")})

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "slug": data["slug"],
            "topic": data["topic_en"],
            "topic_es": data["topic_es"],
            "start_date": data["start_date"],
            "learning_sessions": [data["ls1"], data["ls2"], data["ls3"]],
            "action_periods_end": data["action_periods_end"],
            "end_date": data["end_date"],
            "report_due_day": data["report_due_day"],
        }


def parse_dates(text: str) -> list[dt.date]:
    """``2027-02-03,2027-05-05,2027-09-08`` → dates; ValueError names the bad one."""
    days = []
    for part in text.split(","):
        try:
            days.append(dt.date.fromisoformat(part.strip()))
        except ValueError:
            raise ValueError(f"{part.strip()!r} is not a date (YYYY-MM-DD)") from None
    return days
