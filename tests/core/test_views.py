from __future__ import annotations

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
