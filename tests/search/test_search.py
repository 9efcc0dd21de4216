"""Search finds what a person may see, and nothing else: the permission rule of each page decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from breakthrough.pdsa.services import cycle_share
from breakthrough.search import selectors
from tests.factories import make_change_idea, make_cycle, make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(cast):
    idea = make_change_idea(cast.collaborative, name="Feelings check-in", description="A daily greeting")
    cycle = make_cycle(
        cast.team_a, cast.teacher, change_idea=idea, objective="Try the feelings chart for a week"
    )
    measure = make_measure(cast.collaborative, name="Classrooms with a feelings check-in")
    return {"idea": idea, "cycle": cycle, "measure": measure}


def kinds(user, query):
    return {g.kind: [h.title for h in g.hits] for g in selectors.search(user, query)}


def test_a_team_member_finds_their_team_s_cycle_and_the_framework(cast, content):
    found = kinds(cast.teacher, "feelings")
    assert found["PDSA cycles"] == [str(content["cycle"])]
    assert found["Change ideas"] == ["Feelings check-in"]
    assert found["Measures"] == ["Classrooms with a feelings check-in"]


def test_another_team_finds_the_cycle_only_once_it_is_shared(cast, content):
    assert "PDSA cycles" not in kinds(cast.outsider, "feelings")  # team B: not their cycle
    cycle_share(cycle=content["cycle"], by=cast.teacher)
    assert kinds(cast.outsider, "feelings")["PDSA cycles"] == [str(content["cycle"])]


def test_a_viewer_finds_the_framework_but_no_team_work_and_nobody(cast, content):
    cycle_share(cycle=content["cycle"], by=cast.teacher)
    found = kinds(cast.viewer, "feelings")
    assert "PDSA cycles" not in found  # shared cycles are for participants
    assert found["Measures"] == ["Classrooms with a feelings check-in"]
    assert "People" not in kinds(cast.viewer, "teacher")


def test_an_observer_finds_only_the_project_staff_and_no_team_content(cast, content):
    assert kinds(cast.observer, "feelings") == {}  # blind: no framework, measures or cycles
    assert kinds(cast.observer, "Staff") == {"People": ["Staff"]}
    assert kinds(cast.observer, "Teacher") == {}


def test_a_stranger_finds_nothing(cast, content):
    assert kinds(cast.stranger, "feelings") == {}


def test_every_word_must_match_somewhere(cast, content):
    assert kinds(cast.teacher, "feelings week")["PDSA cycles"] == [str(content["cycle"])]
    assert "PDSA cycles" not in kinds(cast.teacher, "feelings zebra")
    # Words may match different fields: "greeting" is in the idea's description, "feelings" in its name.
    assert kinds(cast.teacher, "GREETING feelings")["Change ideas"] == ["Feelings check-in"]


def test_the_snippet_shows_the_passage_around_the_word():
    text = "word " * 60 + "the visual schedule helped" + " more" * 60
    snippet = selectors._snippet(text, ["visual"])
    assert "the visual schedule helped" in snippet
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert len(snippet) <= selectors.SNIPPET + 2


def test_the_page_groups_results_and_answers_bad_queries_with_a_message(client, cast, content):
    client.force_login(cast.teacher)
    page = client.get(reverse("search:search"), {"q": "feelings"}).content.decode()
    assert "3 results you may see." in page
    assert f'href="{content["cycle"].get_absolute_url()}"' in page
    short = client.get(reverse("search:search"), {"q": "f"})
    assert short.status_code == 200
    assert "Type at least two characters." in short.content.decode()
    long = client.get(reverse("search:search"), {"q": "feelings " * 100})
    assert long.status_code == 200
    assert client.get(reverse("search:search"), {"q": "\u00e9\u00e8 %_"}).status_code == 200
    client.logout()
    assert client.get(reverse("search:search"), {"q": "feelings"}).status_code == 302
