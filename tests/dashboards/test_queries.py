"""The team dashboard and the collaborative dashboard in a fixed number of queries: more measures, events,
attendance, cycles or teams add none (a per-row query coming back fails here). Counted with Django's
CaptureQueriesContext on a request after the first (sessions and rendered charts are then in the cache)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakthrough.dashboards import panels
from breakthrough.events.models import Attendance, Event
from tests.dashboards.conftest import FLAT, SHIFT, add_reports
from tests.factories import make_cycle, make_measure, make_team

pytestmark = pytest.mark.django_db

# user, the team, its collaborative, the person's reach (access.py), the team's measures, periods, their
# versions, values, reports, chart phases, the collaborative's phases (learning sessions), PDSA cycles by
# driver, assessments, the events with their attendance counted, the bell.
TEAM_QUERIES = 15
# user, the collaboratives the person oversees, their reach, shared measures, drivers, teams, the data
# fingerprint (one UNION ALL of seven aggregates), the collaborative's phases, attendance by role
# (memberships and events; no events here, so no attendance query), cycles by month, ramp lengths,
# assessments, dose (memberships, attendance, cycles), the earlier waves' measures, the bell; the analysed
# numbers and the charts come from the cache.
COLLABORATIVE_QUERIES = 18


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def _event(collab, k, team=None):
    start = dt.datetime(2026, 2, 1 + k, 15, tzinfo=dt.UTC)
    return Event.objects.create(
        collaborative=collab,
        kind=Event.Kind.COLLABORATIVE_CALL,
        title=f"Call {k}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        team=team,
    )


def test_the_team_dashboard_reads_more_measures_events_and_cycles_in_the_same_queries(client, cast, dash):
    client.force_login(cast.teacher)
    url = reverse("dashboards:team", args=[cast.team_a.pk])
    _response, few = _count(client, url)
    assert len(few) == TEAM_QUERIES, "\n".join(few)

    for k in range(2):
        measure = make_measure(cast.collaborative, name=f"Measure {k}", code=f"m{k}")
        add_reports(cast.team_a, measure, SHIFT, by=cast.teacher)
    events = [_event(cast.collaborative, k) for k in range(3)] + [_event(cast.collaborative, 3, cast.team_b)]
    for person in (cast.teacher, cast.director, cast.outsider):  # the outsider is on team B
        Attendance.objects.create(event=events[0], user=person, status=Attendance.Status.PRESENT)
    Attendance.objects.create(event=events[1], user=cast.director, status=Attendance.Status.ABSENT)
    for _ in range(3):
        make_cycle(cast.team_a, cast.teacher)
    response, many = _count(client, url)
    assert len(many) == TEAM_QUERIES, "\n".join(many)
    assert len(response.context["cards"]) == 3
    attended = {row["event"].title: row["attended"] for row in response.context["attendance"]}
    # Team A's teacher and director were there on call 0; the director missed call 1; call 3 is team B's.
    assert attended == {"Call 0": 2, "Call 1": 0, "Call 2": 0}


def test_the_collaborative_dashboard_reads_more_teams_in_the_same_queries(client, cast, dash):
    client.force_login(cast.staff)
    url = reverse("dashboards:collaborative")
    _response, few = _count(client, url)
    assert len(few) == COLLABORATIVE_QUERIES, "\n".join(few)
    for _ in range(3):
        add_reports(make_team(cast.collaborative), dash["measure"], FLAT, by=cast.staff)
    panels.clear_cache()
    client.get(url)  # the new numbers analysed and cached
    response, many = _count(client, url)
    assert len(many) == COLLABORATIVE_QUERIES, "\n".join(many)
    assert response.context["n_teams"] == 5
