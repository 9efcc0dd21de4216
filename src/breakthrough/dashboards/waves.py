"""Waves compared: an earlier collaborative and one started from it (``launch.services``), side by side.

The measures both share (matched by code, as copying a collaborative keeps codes) are pooled over each
wave's teams month by month and laid over each other by *month of the collaborative* (month 1 is each
one's first month), so a new cohort can see whether it is ahead of or behind where the earlier one was at
the same point. Months of too few teams are hidden from aggregate readers as on the dashboard, and the
programs that came back are named only to people who may see teams.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthrough import charts
from breakthrough.collaboratives.access import OVERSIGHT, has_any, roles_in
from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.dashboards import rendering, rows, selectors
from breakthrough.dashboards.labels import chart_labels
from breakthrough.measures import series

EARLY = 3  # "months 1–3": how each wave began


@dataclass(frozen=True)
class Wave:
    collaborative: Collaborative
    y: np.ndarray  # shared measures × months of the collaborative up to today; NaN where blank or hidden
    n_teams: int

    @property
    def months(self) -> int:
        return int(self.y.shape[1])


def comparable(options: list[Collaborative], collaborative: Collaborative) -> list[Collaborative]:
    """The other collaboratives among ``options`` that share a measure code with ``collaborative``."""
    codes = _codes(collaborative)
    found = [c for c in options if c.pk != collaborative.pk and codes & _codes(c)]
    return sorted(found, key=lambda c: c.start_date)


def _codes(collaborative: Collaborative) -> set[str]:
    return {m.code for m in selectors.shared_measures(collaborative)}


def wave(collaborative: Collaborative, codes: list[str], *, suppress: bool, today: dt.date) -> Wave:
    """A collaborative's pooled values of the measures ``codes`` (a row of NaN for a code it lacks), from its
    first month to today's, sustainment months included."""
    measures = {m.code: m for m in selectors.shared_measures(collaborative)}
    present = [measures[c] for c in codes if c in measures]
    teams = selectors.teams(collaborative)
    last = min(today, max(collaborative.end_date, _last_period(collaborative)))
    panel = series.load_panel(
        collaborative,
        present,
        teams,
        today=today,
        months=(collaborative.start_date, last),
        reporting=False,
        annotations=False,
    )
    pooled, counts = panel.pooled_series()
    hidden = rows.shown(
        counts, threshold=collaborative.small_cell_threshold, suppress=suppress, suppress_zero=True
    ).hidden
    values = np.where(np.asarray(hidden, dtype=bool), np.nan, pooled)
    y = np.full((len(codes), len(panel.months)), np.nan)
    for i, m in enumerate(present):
        y[codes.index(m.code)] = values[i]
    return Wave(collaborative=collaborative, y=y, n_teams=len(teams))


def _last_period(collaborative: Collaborative) -> dt.date:
    last = collaborative.periods.order_by("-month").values_list("month", flat=True).first()
    return last or collaborative.end_date


def _label(collaborative: Collaborative) -> str:
    """A wave's name in a chart's legend: short enough for a phone, and told apart by when it began (the
    table under the chart gives the full names)."""
    return _("Wave of %(month)s") % {"month": date_format(collaborative.start_date, "YEAR_MONTH_FORMAT")}


def returning_programs(waves: list[Collaborative]) -> list[Program]:
    """The programs with a team in every one of ``waves``."""
    qs = Program.objects.all()
    for collaborative in waves:
        qs = qs.filter(teams__collaborative=collaborative)
    return list(qs.distinct().order_by("name"))


def _mean(values: np.ndarray) -> float | None:
    """The mean of the values present, to one decimal (two below 10: a rate per 100 child-days, a score)."""
    values = values[~np.isnan(values)]
    if not values.size:
        return None
    mean = float(values.mean())
    return round(mean, 1 if abs(mean) >= 10 else 2)


def compare(
    collaborative: Collaborative, others: list[Collaborative], *, suppress: bool, today: dt.date
) -> dict[str, Any]:
    """The charts (one per shared measure) and the table of the waves, earliest first."""
    everyone = sorted([collaborative, *others], key=lambda c: c.start_date)
    measures = [
        m for m in selectors.shared_measures(collaborative) if all(m.code in _codes(c) for c in others)
    ]
    codes = [m.code for m in measures]
    waves = [wave(c, codes, suppress=suppress, today=today) for c in everyone]
    number = rows.number_formatter()
    items = []
    for i, m in enumerate(measures):
        # The latest month every wave has a value for: the fair point to compare them at.
        reached = [np.flatnonzero(~np.isnan(w.y[i])) for w in waves]
        same = min((int(r[-1]) + 1 if r.size else 0) for r in reached)
        points = [
            {"month": k + 1, "value": round(float(v), 3), "wave": _label(w.collaborative)}
            for w in waves
            for k, v in enumerate(w.y[i])
            if not np.isnan(v)
        ]
        spec = charts.line_spec(
            points,
            x="month",
            y="value",
            color="wave",
            title=m.name,
            labels=chart_labels(),
            x_title=_("Month of the collaborative"),
        )
        table = []
        for w in waves:
            latest = np.flatnonzero(~np.isnan(w.y[i]))
            table.append(
                {
                    "wave": w.collaborative,
                    "teams": w.n_teams,
                    "early": number(_mean(w.y[i][:EARLY])),
                    "same": number(_mean(w.y[i][same - 1 : same])) if same else "–",
                    "latest": number(_mean(w.y[i][latest[-1:]])) if latest.size else "–",
                    "latest_month": int(latest[-1]) + 1 if latest.size else None,
                }
            )
        items.append({"measure": m, "svg": rendering.svg(spec), "table": table, "same_month": same})
    return {"waves": waves, "items": items, "early": EARLY}


class WavesForm(forms.Form):
    """The query string: which waves to lay over the collaborative's (any it may see that share a measure)."""

    compare = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Compare with"), coerce=int, required=True, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[Collaborative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compare"].choices = [(c.pk, c.name) for c in choices]


@login_required
def waves_page(request: HttpRequest) -> HttpResponse:
    """``/dashboards/waves/?collaborative=<id>&compare=<id>…``: the collaborative beside earlier or later
    waves, for oversight roles and viewers of both (viewers: aggregates only)."""
    options = selectors.dashboard_collaboratives(request.user)
    if not options:
        raise PermissionDenied
    chosen = request.GET.get("collaborative", "")
    collaborative = next((c for c in options if str(c.pk) == chosen), options[0])
    choices = comparable(options, collaborative)
    data = request.GET if "compare" in request.GET else {"compare": [c.pk for c in choices]}
    form = WavesForm(data, choices=choices)
    ctx: dict[str, Any] = {"collaborative": collaborative, "form": form, "choices": choices}
    if not choices:
        return render(request, "dashboards/waves.html", ctx)
    if not form.is_valid():
        return render(request, "dashboards/waves.html", ctx, status=400)
    others = [c for c in choices if c.pk in form.cleaned_data["compare"]]
    suppress = any(_aggregates_only(request.user, c) for c in [collaborative, *others])
    ctx |= compare(collaborative, others, suppress=suppress, today=timezone.localdate())
    ctx["aggregates_only"] = suppress
    ctx["threshold"] = max(c.small_cell_threshold for c in [collaborative, *others])
    programs = returning_programs([collaborative, *others])
    ctx["returning_count"] = len(programs)
    ctx["returning"] = [] if suppress else programs
    return render(request, "dashboards/waves.html", ctx)


def _aggregates_only(user: Any, collaborative: Collaborative) -> bool:
    return not user.is_superuser and not has_any(roles_in(user, collaborative), OVERSIGHT)


__all__ = ["comparable", "compare", "returning_programs", "wave", "waves_page"]
