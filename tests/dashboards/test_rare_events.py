"""G and T charts of the time between a team's behavior incidents (measures counted from incident reports)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from breakthrough.measures import series
from breakthrough.measures.models import Measure
from tests.factories import make_incident, make_incidents_measure, make_measure

# Incident-free days between consecutive incidents, and the incidents' dates built from them.
FREE_DAYS = [10, 4, 20, 6, 2, 30, 8]


def _report(cast, team, day: dt.date, at: dt.time | None = None, by=None) -> None:
    make_incident(team, by or cast.teacher, day, at)


def _dates(start: dt.date, free_days: list[int]) -> list[dt.date]:
    days = [start]
    for free in free_days:
        days.append(days[-1] + dt.timedelta(days=free + 1))
    return days


@pytest.fixture
def incidents(cast):
    measure = make_incidents_measure(cast.collaborative)
    start = cast.collaborative.start_date + dt.timedelta(days=3)
    for day in _dates(start, FREE_DAYS):
        _report(cast, cast.team_a, day)
    _report(cast, cast.team_b, start, by=cast.outsider)  # another team's incident is not in team A's gaps
    return {"measure": measure, "start": start}


def _url(cast, measure, name="dashboards:team-measure"):
    return reverse(name, args=[cast.team_a.pk, measure.pk])


def test_g_chart_by_hand(client, cast, incidents):
    # Provost & Murray (2011), p. 228: the G chart's limits come from the mean gap m,
    # UCL = m + 3 * sqrt(m * (m + 1)), LCL = max(0, m - 3 * sqrt(m * (m + 1))); the centre line is the median.
    m = sum(FREE_DAYS) / len(FREE_DAYS)  # 80 / 7 = 11.43
    ucl = m + 3 * math.sqrt(m * (m + 1))  # 11.43 + 3 * 11.92 = 47.19
    client.force_login(cast.teacher)
    response = client.get(_url(cast, incidents["measure"]), {"chart": "g"})
    assert response.context["kind"] == "g"
    rows = response.context["rows"]
    assert [r["free_days"] for r in rows] == FREE_DAYS
    assert [r["y"] for r in rows] == FREE_DAYS
    assert rows[0]["x"] == _dates(incidents["start"], FREE_DAYS)[1].isoformat()
    assert rows[0]["cl"] == pytest.approx(8.0)  # the median of the seven gaps
    assert rows[0]["ucl"] == pytest.approx(ucl, abs=1e-4)
    assert rows[0]["lcl"] == 0
    assert not any(r["signal"] for r in rows)  # no gap beyond 47 days
    assert b"<svg" in response.content


def test_t_chart_by_hand_uses_the_recorded_times(cast, incidents):
    start = incidents["start"]
    team = cast.team_b
    # Team B: a second incident the same day at 15:00 (the first has no time: noon), then 2.5 and 6 days on.
    _report(cast, team, start, dt.time(15, 0), by=cast.outsider)
    _report(cast, team, start + dt.timedelta(days=3), dt.time(3, 0), by=cast.outsider)
    _report(cast, team, start + dt.timedelta(days=9), dt.time(3, 0), by=cast.outsider)
    gaps = series.incident_gaps(team.pk)
    assert gaps.days.tolist() == pytest.approx([3 / 24, 2.5, 6.0])
    assert gaps.free_days.tolist() == [0, 2, 5]
    chart = series.rare_event_chart("t", gaps)
    # The T chart (Provost & Murray 2011, p. 355): an I chart of y^(1/3.6), transformed back; the I chart's
    # limits are the mean ± 3 sigma with sigma = mean moving range / d2, d2 = 1.128 for ranges of two.
    z = [v ** (1 / 3.6) for v in (3 / 24, 2.5, 6.0)]
    mean = sum(z) / 3
    mr = (abs(z[1] - z[0]) + abs(z[2] - z[1])) / 2
    assert chart.center[0, 0] == pytest.approx(mean**3.6)
    assert chart.ucl[0, 0] == pytest.approx((mean + 3 * mr / 1.128) ** 3.6)
    low = mean - 3 * mr / 1.128
    assert chart.lcl[0, 0] == pytest.approx(low**3.6 if low > 0 else 0.0)


def test_a_long_quiet_spell_is_an_improving_signal(client, cast, incidents):
    last = _dates(incidents["start"], FREE_DAYS)[-1]
    _report(cast, cast.team_a, last + dt.timedelta(days=121))  # 120 incident-free days: beyond the UCL
    client.force_login(cast.faculty)
    response = client.get(_url(cast, incidents["measure"]), {"chart": "g"})
    assert response.context["rows"][-1]["free_days"] == 120
    assert "outside limits" in response.context["rows"][-1]["reasons"]
    assert response.context["variation"][0] == "▲"


def test_families_and_viewers_get_monthly_charts_only(client, cast, incidents):
    url = _url(cast, incidents["measure"])
    client.force_login(cast.family)
    response = client.get(url, {"chart": "g"})
    assert response.context["kind"] == "run"
    assert [k for k, _ in response.context["kinds"]] == ["run", "u", "up"]
    assert b"incident-free" not in response.content
    csv_url = _url(cast, incidents["measure"], "dashboards:team-measure-csv")
    assert client.get(csv_url, {"chart": "t"}).content.decode().startswith("month,")
    client.force_login(cast.director)
    assert [k for k, _ in client.get(url).context["kinds"]] == ["run", "u", "up", "g", "t"]


def test_only_counted_incident_measures_offer_rare_event_charts(client, cast, incidents):
    other = make_measure(cast.collaborative, unit=Measure.Unit.RATE, code="visits")
    client.force_login(cast.teacher)
    response = client.get(_url(cast, other), {"chart": "t"})
    assert response.context["kind"] == "run"
    assert "t" not in [k for k, _ in response.context["kinds"]]


def test_rare_event_csv(client, cast, incidents):
    client.force_login(cast.teacher)
    response = client.get(_url(cast, incidents["measure"], "dashboards:team-measure-csv"), {"chart": "t"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["incident date", "days since previous", "incident-free days"]
    assert [int(r[2]) for r in rows[1:]] == FREE_DAYS
    assert [float(r[1]) for r in rows[1:]] == [f + 1 for f in FREE_DAYS]  # all untimed: whole days apart


def test_too_few_incidents_say_so_and_archived_ones_do_not_count(client, cast, incidents):
    from breakthrough.incidents.models import Incident

    Incident.objects.filter(team=cast.team_a).exclude(
        occurred_on__in=_dates(incidents["start"], FREE_DAYS)[:2]
    ).update(archived_at=timezone.now())
    client.force_login(cast.teacher)
    response = client.get(_url(cast, incidents["measure"]), {"chart": "t"})
    assert response.context["rows"] == []
    assert "Fewer than three incidents" in response.content.decode()
    assert np.asarray(series.incident_gaps(cast.team_a.pk).days).size == 1
