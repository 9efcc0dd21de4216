"""Waves compared: an earlier collaborative and the one started from it, month by month of each.

Numbers by hand: check-ins out of 50 classroom-days, pooled over a wave's teams as numerators over
denominators (as the dashboard pools them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from breakthrough.collaboratives.models import Role
from breakthrough.dashboards.waves import compare, returning_programs
from tests.dashboards.conftest import add_reports
from tests.factories import make_collaborative, make_measure, make_member, make_program, make_team

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 15)  # the live wave (January 2026) is in month 4; the earlier one is long over


@pytest.fixture
def waves(cast):
    live = cast.collaborative
    early = make_collaborative(name="Wave 1", start_date=dt.date(2024, 9, 1))
    make_member(cast.staff, Role.PROJECT_STAFF, early)
    make_member(cast.viewer, Role.VIEWER, early)
    checkin_live = make_measure(live, name="Daily check-in", code="checkin")
    checkin_early = make_measure(early, name="Daily check-in", code="checkin")
    make_measure(early, name="Only in wave 1", code="old")
    returning = make_team(early, program=cast.team_a.program)  # the program came back for wave 2
    other = make_team(early, program=make_program(name="Gone after wave 1"))
    # Wave 1: months 1-3 pooled (10+20)/100 = 30%, (12+18)/100 = 30%, (14+22)/100 = 36%; month 4 (16+24)/100.
    add_reports(returning, checkin_early, [10, 12, 14, 16, 30, 30], by=cast.staff)
    add_reports(other, checkin_early, [20, 18, 22, 24, 30, 30], by=cast.staff)
    # Wave 2 (live), months 1-3: (20+30)/100 = 50%, (22+28)/100 = 50%, (25+31)/100 = 56%; month 4 has no data.
    add_reports(cast.team_a, checkin_live, [20, 22, 25], by=cast.teacher)
    add_reports(cast.team_b, checkin_live, [30, 28, 31], by=cast.outsider)
    return {"live": live, "early": early}


def test_the_waves_are_laid_over_each_other_by_month_of_the_collaborative(waves):
    with translation.override("en"):
        found = compare(waves["live"], [waves["early"]], suppress=False, today=TODAY)
    assert [w.collaborative for w in found["waves"]] == [waves["early"], waves["live"]]
    assert [item["measure"].code for item in found["items"]] == ["checkin"]  # only the shared measure
    early, live = found["waves"]
    assert [round(v, 1) for v in early.y[0][:6]] == [30.0, 30.0, 36.0, 40.0, 60.0, 60.0]
    assert [round(v, 1) for v in live.y[0][:3]] == [50.0, 50.0, 56.0]
    assert found["items"][0]["same_month"] == 3  # the latest month both waves have a value for
    table = {row["wave"]: row for row in found["items"][0]["table"]}
    assert table[waves["early"]]["early"] == "32.0"  # (30 + 30 + 36) / 3
    assert table[waves["live"]]["early"] == "52.0"  # (50 + 50 + 56) / 3
    assert table[waves["early"]]["same"] == "36.0"  # wave 1 at its month 3
    assert table[waves["live"]]["same"] == "56.0"
    assert (table[waves["live"]]["latest"], table[waves["live"]]["latest_month"]) == ("56.0", 3)


def test_returning_programs_are_those_in_every_wave(waves, cast):
    assert returning_programs([waves["live"], waves["early"]]) == [cast.team_a.program]


def test_the_page_for_staff_names_the_programs_and_draws_a_line_per_wave(client, cast, waves, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 15, 12, tzinfo=dt.UTC))
    client.force_login(cast.staff)
    page = client.get(reverse("dashboards:collaborative"), {"collaborative": waves["live"].pk})
    assert reverse("dashboards:waves") in page.content.decode()  # the dashboard links to the comparison
    page = client.get(reverse("dashboards:waves"), {"collaborative": waves["live"].pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 2  # one chart, drawn for a wide screen and for a phone
    assert "Wave 1" in html
    assert cast.team_a.program.name in html
    assert "Month of the collaborative" in html


def test_a_viewer_sees_no_program_names_and_months_of_few_teams_hidden(client, cast, waves, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 15, 12, tzinfo=dt.UTC))
    client.force_login(cast.viewer)
    page = client.get(reverse("dashboards:waves"), {"collaborative": waves["live"].pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert cast.team_a.program.name not in html
    assert "1 program took part in every wave shown." in html
    # Two teams a month is below the small-cell threshold (5): every month is hidden from a viewer.
    found = compare(waves["live"], [waves["early"]], suppress=True, today=TODAY)
    assert all(row["early"] == "–" for row in found["items"][0]["table"])


def test_a_wave_the_person_may_not_see_is_refused_with_a_400(client, cast, waves):
    client.force_login(cast.staff)
    hidden = cast.other_collaborative  # staff_other's, not cast.staff's
    page = client.get(reverse("dashboards:waves"), {"collaborative": waves["live"].pk, "compare": hidden.pk})
    assert page.status_code == 400
    assert "Compare with" in page.content.decode()
    page = client.get(reverse("dashboards:waves"), {"collaborative": waves["live"].pk, "compare": "x"})
    assert page.status_code == 400


def test_without_another_wave_the_page_says_how_to_get_one(client, cast):
    client.force_login(cast.staff)
    page = client.get(reverse("dashboards:waves"), {"collaborative": cast.collaborative.pk})
    assert page.status_code == 200
    assert "No other collaborative you may see shares a measure" in page.content.decode()
