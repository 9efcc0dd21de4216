"""The home page reads a person's teams in a fixed number of queries: a per-team query coming back fails here.

Counted with Django's CaptureQueriesContext on the second request (the first puts the session in the cache:
sessions are read through it, SESSION_ENGINE cached_db). The pinned number is the list in the test, by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from breakthrough.collaboratives.models import Role
from breakthrough.measures.services import report_open
from tests.factories import make_collaborative, make_member, make_team

pytestmark = pytest.mark.django_db

# user, memberships (with collaboratives, teams, programs), periods, reports, self-assessments, the phases
# of every collaborative (sustainment), events, the person's reach (access.py), comments, shared cycles, the
# bell's unread count. No session query: it is read from the cache.
HOME_QUERIES = 11


def _home(client, user):
    client.force_login(user)
    client.get("/")  # the session is now in the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


@time_machine.travel("2026-03-05 12:00-05:00")
def test_the_home_page_reads_one_team_or_three_in_the_same_queries(client, cast):
    response, one = _home(client, cast.director)
    assert len(one) == HOME_QUERIES, "\n".join(one)
    assert [item["team"] for item in response.context["due"]] == [cast.team_a]
    assert not any("django_session" in sql for sql in one)

    teams = [cast.team_a]
    for _ in range(2):  # two more teams, each in a collaborative of its own, with February's report open
        collab = make_collaborative()
        team = make_team(collab)
        make_member(cast.director, Role.DIRECTOR, collab, team)
        report_open(team=team, period=collab.periods.get(month="2026-02-01"), by=cast.director)
        teams.append(team)
    response, three = _home(client, cast.director)
    assert len(three) == HOME_QUERIES, "\n".join(three)
    due = {item["team"]: item for item in response.context["due"]}
    assert set(due) == set(teams)
    for team in teams[1:]:  # February (due March 10) is open
        assert (due[team]["period"].month.isoformat(), due[team]["report"].status) == ("2026-02-01", "draft")
        assert not due[team]["late"]
    # A team made today owes nothing from before; one there since January owes January (due February 10).
    assert due[teams[2]]["missing_count"] == 0
    joined = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    type(teams[1]).objects.filter(pk=teams[1].pk).update(created_at=joined)
    response, again = _home(client, cast.director)
    assert len(again) == HOME_QUERIES
    assert {i["team"]: i["missing_count"] for i in response.context["due"]}[teams[1]] == 1
    assert due[cast.team_a]["report"] is None


@time_machine.travel("2026-03-05 12:00-05:00")
def test_an_observer_without_a_team_reads_fewer(client, cast):
    # No team: no periods, reports, self-assessments or phases; no participation: no events or shared cycles;
    # no team followed: no comments. Left: user, memberships, reach, bell.
    _response, queries = _home(client, cast.observer)
    assert len(queries) == 4, "\n".join(queries)
