"""No viewer can work out a suppressed count from what a dashboard page or its PDF report shows.

Demo-like data with small cells: an event attended by 10 teachers and 2 directors (the demo's leak:
"teachers 10; directors *; total 12"), a month of PDSA cycles counted by driver (10 and 3) and by
decision (7 and 6), and only two teams (so team counts are small cells too).
"""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from breakthrough.collaboratives.models import Role
from breakthrough.events.models import Attendance, Event
from breakthrough.framework.models import ChangeIdea, PrimaryDriver, SecondaryDriver
from breakthrough.pdsa.models import PDSACycle
from breakthrough.pdsa.services import ramp_start
from tests.dashboards.conftest import make_dash
from tests.factories import make_member, make_user


def _idea(collaborative, driver: str) -> ChangeIdea:
    primary = PrimaryDriver.objects.create(collaborative=collaborative, name=driver)
    return ChangeIdea.objects.create(
        secondary=SecondaryDriver.objects.create(primary=primary, name="s"), name="i"
    )


@pytest.fixture
def small_cells(cast):
    make_dash(cast)
    collab = cast.collaborative
    teachers = [cast.teacher] + [make_user(f"t{i}") for i in range(9)]
    directors = [cast.director, make_user("d1")]
    for user in teachers[1:]:
        make_member(user, Role.TEACHER, collab, cast.team_a)
    make_member(directors[1], Role.DIRECTOR, collab, cast.team_a)
    start = timezone.make_aware(dt.datetime(2026, 3, 10, 9))
    event = Event.objects.create(
        collaborative=collab, kind=Event.Kind.LEARNING_SESSION, title="LS2", starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
    )  # fmt: skip
    for user in teachers + directors:
        Attendance.objects.create(event=event, user=user, status=Attendance.Status.PRESENT)
    # March 2026: 10 cycles on driver A (5 adopted, 5 adapted), 3 on driver B (2 adopted, 1 adapted).
    plan = [("A", "adopt")] * 5 + [("A", "adapt")] * 5 + [("B", "adopt")] * 2 + [("B", "adapt")]
    ideas = {"A": _idea(collab, "Relationships"), "B": _idea(collab, "Family partnership")}
    for driver, decision in plan:
        cycle = ramp_start(team=cast.team_a, change_idea=ideas[driver], by=cast.staff, objective="o")
        PDSACycle.objects.filter(pk=cycle.pk).update(done_on=dt.date(2026, 3, 15), decision=decision)
    return {"event": event}


def _viewer_page(client, cast):
    client.force_login(cast.viewer)
    response = client.get(reverse("dashboards:collaborative"))
    assert response.status_code == 200
    return response


def test_the_attendance_total_does_not_give_away_the_directors(client, cast, small_cells):
    row = next(
        a for a in _viewer_page(client, cast).context["engagement"]["attendance"] if a["event"].title == "LS2"
    )
    # Directors 2 < 5: hidden; the total 12 is shown, so the teachers' 10 is hidden as well (12 − 10 = 2).
    assert sorted(row["counts"].values(), key=str) == [None, None]
    assert row["total"] == 12


def test_no_attendance_row_has_a_single_hidden_cell_beside_a_shown_total(client, cast, small_cells):
    for row in _viewer_page(client, cast).context["engagement"]["attendance"]:
        hidden = [n for n in row["counts"].values() if n is None]
        assert row["total"] is None or len(hidden) != 1, row


def test_the_decision_table_does_not_give_away_a_driver_count(client, cast, small_cells):
    engagement = _viewer_page(client, cast).context["engagement"]
    march = "2026-03-01T00:00:00"
    drivers = {r["driver"]: r["n"] for r in engagement["driver_rows"] if r["month"] == march}
    decisions = {r["decision"]: r["n"] for r in engagement["decision_rows"] if r["month"] == march}
    # Drivers 10 and 3, decisions 7 and 6: the 3 is hidden, and 7 + 6 − 10 would give it back, so one
    # decision count (the smaller, 6) is hidden too.
    assert drivers == {"Relationships": 10, "Family partnership": None}
    assert sorted(decisions.values(), key=str) == [7, None]
    # In general: a month's hidden counts on one side are never alone against a fully shown other side.
    months = {r["month"] for r in engagement["driver_rows"]}
    for month in months:
        d = [r["n"] for r in engagement["driver_rows"] if r["month"] == month]
        k = [r["n"] for r in engagement["decision_rows"] if r["month"] == month]
        assert not (d.count(None) == 1 and None not in k)
        assert not (k.count(None) == 1 and None not in d)


def test_reporting_counts_and_shares_of_two_teams_are_hidden(client, cast, small_cells):
    response = _viewer_page(client, cast)
    assert response.context["teams_shown"] is None  # 2 teams < 5
    for row in response.context["reporting"]:
        assert row["submitted"] is None  # 2 of 2 submitted: a small cell
        assert row["share"] is None  # 100 % of 2 teams would give it back
    html = response.content.decode()
    assert "Share of the 2 teams" not in html


def test_the_chart_shows_only_what_the_table_shows(client, cast, small_cells):
    engagement = _viewer_page(client, cast).context["engagement"]
    bars = engagement["attendance_spec"]["data"]["values"]
    assert not [b for b in bars if b["event"].endswith("LS2")]  # both of its cells are hidden
    driver_bars = {(b["month"], b["driver"]): b["n"] for b in engagement["driver_spec"]["data"]["values"]}
    assert driver_bars == {("2026-03-01T00:00:00", "Relationships"): 10}


def test_staff_see_every_count(client, cast, small_cells):
    client.force_login(cast.staff)
    response = client.get(reverse("dashboards:collaborative"))
    row = next(a for a in response.context["engagement"]["attendance"] if a["event"].title == "LS2")
    assert sorted(row["counts"].values()) == [2, 10]
    assert response.context["teams_shown"] == 2


def test_the_viewers_pdf_report_shows_no_team_count_nor_share(client, cast, small_cells, tmp_path):
    client.force_login(cast.viewer)
    response = client.get(reverse("dashboards:collaborative-report"))
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "2 teams" not in text
    assert "100%" not in text  # 2 of 2 teams submitted: the share would give the small count back
    assert "fewer teams than the threshold" in text
