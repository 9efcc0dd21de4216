from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from breakthrough.collaboratives.comments import comment_add
from breakthrough.measures.services import report_open
from breakthrough.pdsa.services import cycle_share
from tests.factories import make_cycle, make_measure


def home(client, user):
    client.force_login(user)
    return client.get("/").content.decode()


@time_machine.travel("2026-03-05 12:00-05:00")
def test_home_shows_the_teams_report_due_and_whats_new(client, cast):
    cast.team_a.__class__.objects.filter(pk=cast.team_a.pk).update(  # a team since the start
        created_at=dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    )
    make_measure(cast.collaborative)
    february = cast.collaborative.periods.get(month="2026-02-01")  # due March 10: the one being reported on
    report = report_open(team=cast.team_a, period=february, by=cast.teacher)
    comment_add(target=report, by=cast.faculty, body="Lovely narrative this month")
    other = make_cycle(cast.team_b, cast.outsider)
    cycle_share(cycle=other, by=cast.outsider)

    page = home(client, cast.teacher)
    assert cast.team_a.name in page
    assert "February 2026" in page
    assert "Lovely narrative this month" in page
    assert f"{cast.team_b.name} shared a PDSA cycle" in page
    assert "1 earlier report not submitted" in page  # January was due on February 10


@time_machine.travel("2026-07-05 12:00-04:00")
def test_a_team_that_joined_late_owes_no_reports_from_before_it_existed(client, cast):
    # Team A joined on May 15: May (due June 10) is the one month it owes before July; January to April
    # were over before it existed, June is the month being reported on (due July 10).
    cast.team_a.__class__.objects.filter(pk=cast.team_a.pk).update(
        created_at=dt.datetime(2026, 5, 15, 12, tzinfo=dt.UTC)
    )
    page = home(client, cast.teacher)
    assert "1 earlier report not submitted" in page
    assert "earlier reports not submitted" not in page


@time_machine.travel("2026-02-05 12:00-05:00")
def test_a_reviewed_report_is_not_listed_as_due(client, cast):
    from breakthrough.assessments.models import Assessment
    from breakthrough.measures.services import report_review, report_submit

    january = cast.collaborative.periods.get(month="2026-01-01")  # due February 10: the one being reported on
    report = report_submit(
        report=report_open(team=cast.team_a, period=january, by=cast.teacher), by=cast.teacher
    )
    report_review(report=report, by=cast.faculty)
    Assessment.objects.create(
        team=cast.team_a, period=january, source=Assessment.Source.TEAM, score="2.0", rated_by=cast.teacher
    )
    page = home(client, cast.teacher)
    assert "Data report for January 2026" not in page


def test_home_of_an_observer_shows_no_team_work(client, cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    cycle_share(cycle=cycle, by=cast.teacher)
    page = home(client, cast.observer)
    assert cast.team_a.name not in page
    assert "shared a PDSA cycle" not in page
    assert "Observer" in page


def test_home_needs_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_person_reads_the_site_in_their_preferred_language(client, cast):
    cast.family.preferred_language = "es"
    cast.family.save()
    page = home(client, cast.family)
    assert 'lang="es"' in page
    assert "Te damos la bienvenida" in page
    client.cookies["django_language"] = "en"  # chosen with the language switch: it wins
    assert "Welcome" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("method", "url", "field"),
    [
        ("get", "/dashboards/?driver=1%00", "driver"),
        ("get", "/pdsa/?q=circle%00time", "q"),
        ("post", "/accounts/two-factor/verify/", "code"),
    ],
)
def test_a_nul_character_anywhere_is_refused_by_name(client, cast, method, url, field):
    """PostgreSQL can't store NUL in text (a 500 on every form, issue #14): the field is named, with a 400."""
    client.force_login(cast.teacher)
    data = {"code": "12\x0034"} if method == "post" else None
    response = getattr(client, method)(url, data) if data else client.get(url)
    assert response.status_code == 400
    assert f"“{field}”" in response.content.decode()


def test_a_nul_character_in_a_pdsa_section_saves_nothing(client, cast):
    from breakthrough.pdsa.models import PDSACycle
    from tests.factories import make_cycle

    cycle = make_cycle(cast.team_a, cast.teacher, prediction="As it was")
    client.force_login(cast.teacher)
    response = client.post(
        f"/pdsa/cycles/{cycle.pk}/sections/plan/", {"prediction": "new\x00text", "revision": cycle.revision}
    )
    assert response.status_code == 400
    assert PDSACycle.objects.get(pk=cycle.pk).prediction == "As it was"


@time_machine.travel("2026-03-05 12:00-05:00")
def test_faculty_see_their_review_queue_and_the_teams_replies_as_links(client, cast):
    from breakthrough.measures.models import MonthlyReport
    from breakthrough.measures.services import report_submit

    make_measure(cast.collaborative)
    february = cast.collaborative.periods.get(month="2026-02-01")
    report = report_open(team=cast.team_a, period=february, by=cast.teacher)
    report_submit(report=report, by=cast.teacher)
    reply = comment_add(target=report, by=cast.teacher, body="We added the toddler room this month")
    cycle = make_cycle(cast.team_a, cast.teacher)
    comment_add(target=cycle, by=cast.director, body="Tried it at pick-up too")
    assert MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED).count() == 1

    page = home(client, cast.faculty)
    assert "Nothing new in the last two weeks." not in page
    assert "1 monthly report is waiting for review" in page
    assert 'href="/reports/review/"' in page
    assert "We added the toddler room this month" in page  # the coached team's reply, not only their own
    assert f'href="{report.get_absolute_url()}#comment-{reply.pk}"' in page
    assert f'href="{cycle.get_absolute_url()}#comment-' in page
    assert "Tried it at pick-up too" in page
    staff_page = home(client, cast.staff)  # project staff follow every team of the collaborative
    assert "Tried it at pick-up too" in staff_page
    viewer_page = home(client, cast.viewer)  # a viewer follows no team's threads
    assert "Tried it at pick-up too" not in viewer_page
    assert "waiting for review" not in viewer_page
