"""Incidents as programs keep them (the BIRS habit): lists defined as data with "other", the classroom, the
team's list with audited corrections, and monthly summaries suppressed for readers outside the team."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import Classroom, Program
from breakthrough.core.models import AuditRecord
from breakthrough.incidents.models import Incident, IncidentOption
from breakthrough.incidents.services import incident_report

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def march():
    with time_machine.travel(TODAY, tick=False):
        yield


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lists(cast):
    for field, labels in {
        "behavior": ["Hitting", "Biting", "Throwing objects"],
        "activity": ["Circle time", "Outdoor play"],
    }.items():
        for order, label in enumerate(labels):
            IncidentOption.objects.create(
                collaborative=cast.collaborative, field=field, label=label, order=order
            )


@pytest.fixture
def rooms(cast):
    own = Classroom.objects.create(
        program=cast.team_a.program, name="Butterflies", code="R1", age_group="preschool"
    )
    other_program = Program.objects.create(name="Elsewhere", kind=cast.team_a.program.kind)
    other = Classroom.objects.create(program=other_program, name="Owls", code="R9", age_group="preschool")
    return own, other


def report(team, by, day, behavior, *, child="K1", at=None, activity="Circle time", classroom=None):
    return incident_report(
        by=by,
        team=team,
        demographics={},
        child_code=child,
        occurred_on=day,
        occurred_at=at,
        activity=activity,
        behavior=behavior,
        classroom=classroom,
    )


def test_the_form_offers_the_collaborative_s_lists_with_other(cast, lists, rooms):
    teacher = client_for(cast.teacher)
    page = teacher.get(reverse("study:incident-new")).content.decode()
    assert '<option value="Throwing objects">Throwing objects</option>' in page
    assert "Other (describe)" in page
    assert "Owls" not in page  # another program's classroom is not offered
    data = {
        "child_code": "C-1",
        "occurred_on": "2026-03-02",
        "activity": "Outdoor play",
        "behavior": "__other__",
        "behavior_other": "",
        "outcome": "none",
        "classroom": rooms[0].pk,
    }
    missing = teacher.post(reverse("study:incident-new"), data)
    assert "Describe the other choice" in missing.content.decode()
    assert not Incident.objects.exists()
    assert (
        teacher.post(reverse("study:incident-new"), data | {"behavior_other": "Spitting"}).status_code == 302
    )
    incident = Incident.objects.get()
    assert (incident.behavior, incident.activity, incident.classroom) == (
        "Spitting",
        "Outdoor play",
        rooms[0],
    )
    wrong_room = teacher.post(
        reverse("study:incident-new"), data | {"behavior": "Hitting", "classroom": rooms[1].pk}
    )
    assert "classroom" in wrong_room.content.decode().lower()
    assert Incident.objects.count() == 1


def test_the_team_lists_its_reports_and_corrects_one_with_an_audit_record(cast, lists):
    incident = report(cast.team_a, cast.teacher, dt.date(2026, 3, 2), "Hitting")
    report(cast.team_b, cast.outsider, dt.date(2026, 3, 2), "Biting", child="B7")
    director = client_for(cast.director)
    page = director.get(reverse("incidents:list"), {"month": "2026-03"}).content.decode()
    assert "K1" in page
    assert "B7" not in page  # another team's reports
    edit = reverse("incidents:edit", args=[incident.pk])
    form = director.get(edit).content.decode()
    assert '<option value="Hitting" selected>' in form
    data = {
        "child_code": "K1",
        "occurred_on": "2026-03-02",
        "activity": "Circle time",
        "behavior": "Biting",
        "outcome": "none",
    }
    assert director.post(edit, data).status_code == 302
    incident.refresh_from_db()
    assert incident.behavior == "Biting"
    record = AuditRecord.objects.filter(action=AuditRecord.Action.UPDATE, object_id=str(incident.pk)).get()
    assert record.before["behavior"] == "Hitting"
    # Families, faculty and the other team's staff do not open the list or correct a report.
    for person in (cast.family, cast.faculty, cast.outsider):
        assert client_for(person).get(reverse("incidents:list"), {"team": cast.team_a.pk}).status_code in (
            403,
            404,
        )
        assert client_for(person).post(edit, data | {"behavior": "Hitting"}).status_code in (403, 404)
    incident.refresh_from_db()
    assert incident.behavior == "Biting"


def test_the_summary_counts_exactly_for_the_team_and_hides_small_counts_outside_it(cast, lists):
    # March: Hitting 6 (children K1–K3), Biting 2, Throwing objects 1 — 9 incidents.
    # Times: 8:30 (×2) before 9:00; 10:00 (×4) 9:00 to 11:00; 14:00 (×1) 13:00 to 15:00; 2 without a time.
    day = dt.date(2026, 3, 3)
    times = [dt.time(8, 30)] * 2 + [dt.time(10)] * 4 + [dt.time(14)] + [None] * 2
    behaviors = ["Hitting"] * 6 + ["Biting"] * 2 + ["Throwing objects"]
    children = ["K1", "K1", "K1", "K2", "K2", "K3", "K4", "K4", "K5"]
    for at, behavior, child in zip(times, behaviors, children, strict=True):
        report(cast.team_a, cast.teacher, day, behavior, child=child, at=at)
    report(cast.team_a, cast.teacher, dt.date(2026, 2, 27), "Hitting")  # February: not counted
    url = reverse("incidents:summary")
    team = client_for(cast.director).get(url, {"month": "2026-03"}).context["tables"]
    by = {t.title: [(line.label, line.count) for line in t.lines] for t in team}
    assert by["By problem behavior"] == [("Hitting", 6), ("Biting", 2), ("Throwing objects", 1)]
    assert by["By time of day"] == [
        ("Before 09:00", 2),
        ("09:00 to 11:00", 4),
        ("11:00 to 13:00", 0),
        ("13:00 to 15:00", 1),
        ("15:00 and later", 0),
        ("Time not recorded", 2),
    ]
    assert by["By child"] == [("K1", 3), ("K2", 2), ("K4", 2), ("K3", 1), ("K5", 1)]
    # Faculty (outside the team), threshold 5: 2 and 1 are small and hidden; 6 and the total 9 stay (the two
    # hidden counts sum to 3, which tells neither). No table by child.
    outside = (
        client_for(cast.faculty).get(url, {"team": cast.team_a.pk, "month": "2026-03"}).context["tables"]
    )
    by = {t.title: ([(line.label, line.count) for line in t.lines], t.total) for t in outside}
    assert by["By problem behavior"] == ([("Hitting", 6), ("Biting", None), ("Throwing objects", None)], 9)
    assert "By child" not in by
    # Times 2, 4, 0, 1, 0, 2: every non-zero count is under 5 — all hidden, the total 9 shown.
    assert [count for _label, count in by["By time of day"][0]] == [None, None, 0, None, 0, None]
    assert client_for(cast.viewer).get(url, {"team": cast.team_a.pk}).status_code in (403, 404)
    assert client_for(cast.family).get(url, {"team": cast.team_a.pk}).status_code in (403, 404)


@pytest.mark.parametrize(
    ("month", "message"), [("March", "year-month"), ("2026-13", "year-month"), ("2027-01", "earlier")]
)
def test_an_unreadable_or_future_month_is_answered_with_a_message(cast, month, message):
    for name in ("incidents:list", "incidents:summary"):
        page = client_for(cast.teacher).get(reverse(name), {"month": month})
        assert page.status_code == 400
        assert message in page.content.decode()
