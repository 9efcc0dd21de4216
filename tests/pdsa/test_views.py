from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from breakthrough.collaboratives.access import can_view
from breakthrough.collaboratives.comments import comments_on
from breakthrough.pdsa.models import PDSACycle, Ramp, Storyboard
from breakthrough.pdsa.services import cycle_next, cycle_share, cycle_update
from tests.factories import make_change_idea, make_cycle
from tests.pdsa.conftest import login

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"pdsa:{name}", args=args)


# The log


def test_teacher_sees_their_teams_cycles_only(client, cast, cycle):
    other = make_cycle(cast.team_b, cast.outsider, objective="Team B secret plan")
    response = login(client, cast.teacher).get(_url("cycle-list"))
    assert cycle.objective in response.text
    assert other.objective not in response.text
    assert "Start a cycle" in response.text


def test_faculty_sees_every_team_and_filters_by_one(client, cast, cycle):
    other = make_cycle(cast.team_b, cast.outsider, objective="Team B plan")
    login(client, cast.faculty)
    everything = client.get(_url("cycle-list")).text
    assert cycle.objective in everything
    assert other.objective in everything
    only_b = client.get(_url("cycle-list"), {"team": cast.team_b.pk}).text
    assert other.objective in only_b
    assert cycle.objective not in only_b
    assert ">Start a cycle<" not in everything  # faculty comment, teams plan


def test_team_member_cannot_filter_to_another_team(client, cast, cycle):
    assert login(client, cast.teacher).get(_url("cycle-list"), {"team": cast.team_b.pk}).status_code == 404


@pytest.mark.parametrize("person", ["observer", "viewer", "stranger"])
def test_the_log_is_refused_to_non_participants(client, cast, person):
    assert login(client, getattr(cast, person)).get(_url("cycle-list")).status_code == 403


# Starting a cycle


def test_start_a_cycle_from_a_change_idea(client, cast, idea):
    login(client, cast.teacher)
    page = client.get(_url("cycle-create"), {"idea": idea.pk}).text
    assert f'value="{idea.pk}" selected' in page
    assert "<optgroup" in page  # ideas grouped by driver
    response = client.post(
        _url("cycle-create"),
        {
            "change_idea": idea.pk,
            "objective": "Use a visual schedule at arrival",
            "prediction": "Fewer tears at drop-off",
            "planned_start": "2026-02-02",
            "planned_end": "2026-02-06",
        },
    )
    cycle = PDSACycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == cycle.get_absolute_url()
    assert (cycle.ramp.team, cycle.ramp.change_idea, cycle.number) == (cast.team_a, idea, 1)
    assert cycle.created_by == cast.teacher


def test_start_keeps_what_was_typed_and_shows_errors_beside_fields(client, cast, idea):
    login(client, cast.teacher)
    response = client.post(
        _url("cycle-create"),
        {
            "change_idea": idea.pk,
            "objective": "Try it",
            "prediction": "My careful prediction",
            "planned_start": "2026-03-10",
            "planned_end": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert not Ramp.objects.exists()
    assert "The cycle cannot end before it starts." in response.text
    assert "My careful prediction" in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_planned_end_error"' in response.text


def test_objective_is_required(client, cast, idea):
    response = login(client, cast.teacher).post(_url("cycle-create"), {"change_idea": idea.pk})
    assert response.status_code == 200
    assert not PDSACycle.objects.exists()


@pytest.mark.parametrize("person", ["faculty", "evaluator", "viewer", "observer"])
def test_only_teams_and_staff_start_cycles(client, cast, person):
    assert login(client, getattr(cast, person)).get(_url("cycle-create")).status_code == 403


# A cycle's sections


def test_the_cycle_page_shows_the_prediction_beside_study(client, cast, cycle):
    page = login(client, cast.teacher).get(_url("cycle-detail", cycle.pk)).text
    assert 'class="pdsa-prediction"' in page
    assert "Most children join in" in page
    for section in ("plan", "do", "study", "act"):
        assert f'id="section-{section}"' in page


def test_study_before_do_is_refused_beside_the_field_and_keeps_the_text(client, cast, cycle):
    response = login(client, cast.teacher).post(
        _url("cycle-update", cycle.pk, "study"),
        {"study_results": "Eight of ten joined", "revision": cycle.revision},
    )
    assert response.status_code == 200
    assert "Record what happened (Do) before you study the results." in response.text
    assert "Eight of ten joined" in response.text
    assert 'aria-describedby="id_study_study_results_error"' in response.text
    cycle.refresh_from_db()
    assert cycle.study_results == ""


def test_sections_save_in_turn_with_a_plain_post(client, cast, cycle):
    login(client, cast.teacher)
    steps = [
        ("do", {"do_observations": "Ran it all week", "done_on": "2026-02-09"}),
        ("study", {"study_results": "Eight of ten joined", "study_learning": "Pictures help"}),
        ("act", {"decision": "adapt", "next_step": "Try afternoons"}),
    ]
    for section, data in steps:
        cycle.refresh_from_db()
        response = client.post(_url("cycle-update", cycle.pk, section), {**data, "revision": cycle.revision})
        assert response.status_code == 302, response.content[:500]
    cycle.refresh_from_db()
    assert cycle.stage == PDSACycle.Stage.DONE
    page = client.get(_url("cycle-detail", cycle.pk)).text
    assert "Start the next cycle" in page


def test_htmx_save_returns_the_section_and_refreshes_the_other_revisions(client, cast, cycle):
    response = login(client, cast.teacher).post(
        _url("cycle-update", cycle.pk, "do"),
        {"do_observations": "Ran it", "revision": cycle.revision},
        **HTMX,
    )
    cycle.refresh_from_db()
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="section-do"')
    assert "<html" not in response.text
    assert f'value="{cycle.revision}" id="id_study_revision" hx-swap-oob="true"' in response.text
    assert 'id="prediction"' not in response.text  # only a Plan save refreshes the prediction


def test_htmx_study_save_keeps_the_prediction_in_place(client, cast, cycle):
    cycle = cycle_update(cycle=cycle, by=cast.teacher, do_observations="Ran it")
    response = login(client, cast.teacher).post(
        _url("cycle-update", cycle.pk, "study"), {"study_results": "ok", "revision": cycle.revision}, **HTMX
    )
    assert '<aside id="prediction" class="pdsa-prediction" aria-labelledby="h-prediction">' in response.text


def test_saving_the_plan_refreshes_the_prediction_beside_study(client, cast, cycle):
    data = {name: getattr(cycle, name) for name in PDSACycle.PLAN_FIELDS}
    data |= {"prediction": "All of them join in", "revision": cycle.revision}
    response = login(client, cast.teacher).post(_url("cycle-update", cycle.pk, "plan"), data, **HTMX)
    assert (
        '<aside id="prediction" class="pdsa-prediction" aria-labelledby="h-prediction" hx-swap-oob="true">'
        in (response.text)
    )
    assert response.text.count("All of them join in") == 2  # the field and the aside


def test_a_second_concurrent_save_is_refused_and_keeps_the_typed_text(client, cast, cycle):
    opened_at = cycle.revision
    cycle_update(cycle=cycle, by=cast.director, do_observations="Director's notes")
    response = login(client, cast.teacher).post(
        _url("cycle-update", cycle.pk, "do"),
        {"do_observations": "Teacher's notes", "revision": opened_at},
        **HTMX,
    )
    assert "Someone else saved this while you were editing." in response.text
    assert "Teacher&#x27;s notes" in response.text
    cycle.refresh_from_db()
    assert cycle.do_observations == "Director's notes"


def test_faculty_read_the_cycle_but_cannot_edit_it(client, cast, cycle):
    login(client, cast.faculty)
    page = client.get(_url("cycle-detail", cycle.pk)).text
    assert "Save Do" not in page
    assert "Add comment" in page
    response = client.post(_url("cycle-update", cycle.pk, "do"), {"do_observations": "x"})
    assert response.status_code == 403


def test_unknown_section_is_not_found(client, cast, cycle):
    assert login(client, cast.teacher).post(_url("cycle-update", cycle.pk, "zzz")).status_code == 404


def test_another_team_cannot_see_an_unshared_cycle(client, cast, cycle):
    assert login(client, cast.outsider).get(_url("cycle-detail", cycle.pk)).status_code == 404
    cycle_share(cycle=cycle, by=cast.teacher)
    page = client.get(_url("cycle-detail", cycle.pk)).text
    assert "Most children join in" in page
    assert "Save Do" not in page
    assert _url("ramp-detail", cycle.ramp_id) not in page  # the ramp itself stays the team's


# Next cycle, sharing, comments


def test_next_cycle_in_one_click_copies_the_plan(client, cast, cycle):
    cycle = cycle_update(
        cycle=cycle, by=cast.teacher, do_observations="ok", study_results="ok", decision="adopt"
    )
    response = login(client, cast.teacher).post(_url("cycle-next", cycle.pk))
    second = PDSACycle.objects.get(ramp=cycle.ramp, number=2)
    assert response["Location"] == second.get_absolute_url()
    assert second.prediction == "Most children join in"
    page = client.get(_url("cycle-detail", cycle.pk)).text
    assert "Go to cycle 2 of this ramp" in page
    assert "Start the next cycle" not in page


def test_next_cycle_needs_a_decision(client, cast, cycle):
    response = login(client, cast.teacher).post(_url("cycle-next", cycle.pk), follow=True)
    assert "Decide to adopt or adapt before starting the next cycle." in response.text
    assert PDSACycle.objects.count() == 1


def test_share_and_unshare(client, cast, cycle):
    login(client, cast.teacher)
    response = client.post(_url("cycle-share", cycle.pk), {"shared": "1"}, **HTMX)
    assert 'id="share"' in response.text
    assert "Stop sharing" in response.text
    cycle.refresh_from_db()
    assert cycle.is_shared
    assert cycle.shared_at
    client.post(_url("cycle-share", cycle.pk), {"shared": "0"})
    cycle.refresh_from_db()
    assert not cycle.is_shared
    assert cycle.shared_at is None


def test_faculty_comment_and_the_team_answers(client, cast, cycle):
    login(client, cast.faculty)
    response = client.post(_url("comment-add", cycle.pk), {"body": "What did families say?"}, **HTMX)
    assert response.text.lstrip().startswith('<section id="comments"')
    assert "What did families say?" in response.text
    login(client, cast.teacher)
    assert "What did families say?" in client.get(_url("cycle-detail", cycle.pk)).text
    response = client.post(_url("comment-add", cycle.pk), {"body": "They liked it"})
    assert response.status_code == 302
    assert [c.author for c in comments_on(cycle)] == [cast.faculty, cast.teacher]


def test_an_empty_comment_is_refused(client, cast, cycle):
    response = login(client, cast.teacher).post(_url("comment-add", cycle.pk), {"body": "  "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert not comments_on(cycle).exists()


# Ramp


def test_ramp_shows_its_cycles_in_order(client, cast, cycle):
    cycle = cycle_update(
        cycle=cycle, by=cast.teacher, do_observations="ok", study_learning="Mornings work", decision="adapt"
    )

    second = cycle_next(cycle=cycle, by=cast.teacher)
    page = login(client, cast.director).get(_url("ramp-detail", cycle.ramp_id)).text
    assert page.index(cycle.get_absolute_url()) < page.index(second.get_absolute_url())
    assert "Mornings work" in page


# Library


def _shared(cast, team, by, **fields):
    cycle = make_cycle(team, by, **fields)
    return cycle_share(cycle=cycle, by=by)


def test_library_lists_shared_cycles_of_every_team(client, cast, cycle):
    shared = _shared(cast, cast.team_b, cast.outsider, objective="Team B shared plan")
    page = login(client, cast.teacher).get(_url("library")).text
    assert shared.objective in page
    assert cycle.objective not in page  # team A's own, unshared


@pytest.mark.parametrize("person", ["observer", "viewer", "stranger"])
def test_library_is_refused_to_non_participants(client, cast, person):
    assert login(client, getattr(cast, person)).get(_url("library")).status_code == 403


def test_library_filters(client, cast, idea):
    adopted = _shared(
        cast,
        cast.team_a,
        cast.teacher,
        change_idea=idea,
        objective="Alpha",
        do_observations="x",
        done_on=dt.date(2026, 3, 5),
        study_learning="songs help",
        decision="adopt",
    )
    abandoned = _shared(
        cast,
        cast.team_b,
        cast.outsider,
        objective="Beta",
        do_observations="x",
        done_on=dt.date(2026, 4, 5),
        study_results="no change",
        decision="abandon",
    )
    login(client, cast.faculty)

    def titles(**query):
        page = client.get(_url("library"), query).text
        return {c.objective for c in (adopted, abandoned) if c.get_absolute_url() in page}

    assert titles() == {"Alpha", "Beta"}
    assert titles(q="songs") == {"Alpha"}
    assert titles(outcome="abandon") == {"Beta"}
    assert titles(team=cast.team_b.pk) == {"Beta"}
    assert titles(idea=idea.pk) == {"Alpha"}
    assert titles(driver=idea.secondary.primary_id) == {"Alpha"}
    assert titles(month="2026-04") == {"Beta"}


def test_library_is_paginated(client, cast):
    for n in range(23):  # a cycle of each of 23 ideas (one idea is one ramp)
        idea = make_change_idea(cast.collaborative, name=f"Idea {n}")
        _shared(cast, cast.team_a, cast.teacher, change_idea=idea, objective=f"Plan {n}")
    login(client, cast.outsider)
    first = client.get(_url("library")).text
    assert "Page 1 of 2" in first
    assert "23 shared cycles" in first
    second = client.get(_url("library"), {"page": 2, "q": "Plan"}).text
    assert "Page 2 of 2" in second


# Storyboard


def test_other_teams_read_a_storyboard_with_only_shared_cycles(client, cast, cycle):
    shared = _shared(cast, cast.team_a, cast.teacher, objective="Shared song plan")
    page = login(client, cast.outsider).get(_url("storyboard", cast.team_a.pk)).text
    assert shared.objective in page
    assert cycle.objective not in page
    assert "Edit the storyboard" not in page
    own = login(client, cast.teacher).get(_url("storyboard", cast.team_a.pk)).text
    assert shared.objective in own
    assert cycle.objective in own
    assert "Edit the storyboard" in own


def test_team_edits_its_storyboard(client, cast):
    login(client, cast.teacher)
    response = client.post(
        _url("storyboard-update", cast.team_a.pk),
        {"aim": "Calm arrivals", "summary": "Songs", "revision": ""},
    )
    assert response.status_code == 302
    board = Storyboard.objects.get(team=cast.team_a)
    assert (board.aim, board.summary) == ("Calm arrivals", "Songs")
    stale = board.revision
    client.post(_url("storyboard-update", cast.team_a.pk), {"aim": "New", "summary": "", "revision": stale})
    response = client.post(
        _url("storyboard-update", cast.team_a.pk), {"aim": "Mine", "summary": "", "revision": stale}
    )
    assert "Someone else saved this" in response.text
    assert "Mine" in response.text


def test_other_teams_cannot_edit_a_storyboard(client, cast):
    response = login(client, cast.outsider).post(_url("storyboard-update", cast.team_a.pk), {"aim": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("person", ["observer", "viewer"])
def test_storyboards_are_hidden_from_observers_and_viewers(client, cast, person):
    assert login(client, getattr(cast, person)).get(_url("storyboard", cast.team_a.pk)).status_code == 404


# visible_to agrees with can_view


def test_visible_to_agrees_with_can_view(cast, cycle):
    shared = _shared(cast, cast.team_b, cast.outsider)
    hidden = make_cycle(cast.team_b, cast.outsider)
    for person, user in cast.people().items():
        for obj in (cycle, shared, hidden):
            listed = PDSACycle.objects.visible_to(user).filter(pk=obj.pk).exists()
            assert listed == can_view(user, obj), (person, obj)
            ramp_listed = Ramp.objects.visible_to(user).filter(pk=obj.ramp_id).exists()
            assert ramp_listed == can_view(user, obj.ramp), (person, obj.ramp)
