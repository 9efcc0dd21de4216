"""Every list of the API holds exactly what ``access.can_view`` lets each person of the cast see."""

from __future__ import annotations

import json

import pytest

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.access import can_view
from breakthrough.collaboratives.models import Collaborative, Period, Program, Team
from breakthrough.events.models import Attendance, Event
from breakthrough.measures.models import Measure, MonthlyReport
from breakthrough.pdsa.models import PDSACycle
from breakthrough.study.models import Instrument, Observation, Response, Wave
from tests.api.helpers import token_client
from tests.conftest import ROLES_OF_CAST

LISTS = {
    "collaboratives": Collaborative,
    "programs": Program,
    "teams": Team,
    "periods": Period,
    "measures": Measure,
    "reports": MonthlyReport,
    "pdsa-cycles": PDSACycle,
    "events": Event,
    "attendance": Attendance,
    "assessments": Assessment,
    "study/instruments": Instrument,
    "study/waves": Wave,
    "study/responses": Response,
    "study/observations": Observation,
}


def ids_of(client, path):
    ids, url = [], f"/api/v1/{path}/?page_size=200"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids


@pytest.mark.parametrize("path", sorted(LISTS))
def test_each_list_is_what_can_view_allows(path, cast, data):
    model = LISTS[path]
    for person in ROLES_OF_CAST:
        user = getattr(cast, person)
        expected = sorted(o.pk for o in model.objects.all() if can_view(user, o))
        got = ids_of(token_client(user), path)
        assert len(got) == len(set(got)), (path, person)
        assert sorted(got) == expected, (path, person)


def test_the_lists_are_not_empty_for_everyone(cast, data):
    """The comparison above would pass with empty lists: check who sees what, counted by hand."""
    teacher = token_client(cast.teacher)
    assert sorted(ids_of(teacher, "reports")) == sorted([data["draft"].pk, data["submitted"].pk])
    # Team A's own cycle, and team B's shared one; never B's unshared one.
    assert sorted(ids_of(teacher, "pdsa-cycles")) == sorted([data["own_cycle"].pk, data["shared_cycle"].pk])
    assert len(ids_of(token_client(cast.staff), "reports")) == 3
    assert ids_of(token_client(cast.outsider), "reports") == [data["other"].pk]
    assert ids_of(token_client(cast.viewer), "reports") == []  # viewers: no row-level team data
    assert ids_of(token_client(cast.observer), "teams") == []  # observers: blind to the teams


def test_detail_of_another_teams_report_is_a_404(cast, data):
    response = token_client(cast.outsider).get(f"/api/v1/reports/{data['draft'].pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_observers_never_learn_participation(cast, data):
    room = data["room"]
    for person, shown in (("observer", None), ("teacher", "participating"), ("staff", "participating")):
        body = token_client(getattr(cast, person)).get(f"/api/v1/programs/{room.program_id}/").json()
        rooms = {r["code"]: r for r in body["classrooms"]}
        assert rooms[room.code]["participation"] == shown, person
    # Nor through the teams (none visible) or a filter that would tell which programs take part.
    observer = token_client(cast.observer)
    assert observer.get(f"/api/v1/teams/{cast.team_a.pk}/").status_code == 404
    assert observer.get("/api/v1/collaboratives/").json()["count"] == 0


def test_signed_out_is_a_401_problem(cast, data):
    from django.test import Client

    response = Client().get("/api/v1/reports/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["type"] == "urn:breakthrough:problem:unauthenticated"
    bad = Client(headers={"authorization": "Bearer bt_nope"}).get("/api/v1/reports/")
    assert bad.status_code == 401


def test_the_study_datasets_are_the_study_teams_and_observers_see_their_own_visits_blind(cast, data):
    evaluator = token_client(cast.evaluator)
    responses = evaluator.get("/api/v1/study/responses/").json()["results"]
    assert [r["id"] for r in responses] == [data["response"].pk]
    items = data["wave"].instrument.items.active().count()
    assert len(responses[0]["answers"]) == items > 0
    assert "user" not in responses[0]  # by study code, never by account
    assert token_client(cast.teacher).get("/api/v1/study/responses/").json()["count"] == 0
    mine = token_client(cast.observer).get("/api/v1/study/observations/").json()["results"]
    assert [o["id"] for o in mine] == [data["observation"].pk]
    assert mine[0]["classroom_code"] == data["classroom"].code
    assert [s["value"] for s in mine[0]["scores"]] == [2, 2, 2, 2]
    text = json.dumps(mine)
    assert "participat" not in text
    assert "spread" not in text
    assert "Sunflower" not in text  # a classroom's name is not in the observation dataset


@pytest.mark.parametrize("path", sorted(LISTS))
def test_each_object_opens_exactly_for_whoever_can_view_it(path, cast, data):
    model = LISTS[path]
    objects = list(model.objects.all())
    assert objects, path  # the data gives every resource something to open
    for person in ROLES_OF_CAST:
        user = getattr(cast, person)
        client = token_client(user)
        for obj in objects:
            status = client.get(f"/api/v1/{path}/{obj.pk}/").status_code
            assert status == (200 if can_view(user, obj) else 404), (path, person, obj.pk)


def test_viewers_get_the_pooled_figures_suppressed_and_no_rows(cast, data):
    url = f"/api/v1/collaboratives/{cast.collaborative.pk}/aggregates/"
    month = data["periods"][1].month.isoformat()  # the one month with a value: team A's 4 of 10
    staff = token_client(cast.staff).get(url).json()
    checkin = next(m for m in staff["measures"] if m["code"] == "checkin")
    point = next(p for p in checkin["points"] if p["month"] == month)
    assert staff["suppressed_for_you"] is False
    assert point["teams"] == 1
    assert point["value"] == pytest.approx(4 / 10 * 100)  # the measure is a percent (multiplier 100)
    viewer = token_client(cast.viewer).get(url).json()
    assert viewer["suppressed_for_you"] is True
    assert viewer["threshold"] == 5
    points = [p for m in viewer["measures"] for p in m["points"]]
    assert points
    assert all(p["suppressed"] and p["teams"] is None and p["value"] is None for p in points)
    for person in ("teacher", "observer", "outsider", "stranger"):
        assert token_client(getattr(cast, person)).get(url).status_code == 404, person
