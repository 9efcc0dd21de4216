"""The community's writes: threads, replies, @mentions, links, moderation; the signals notifications hook to;
the counts of cross-team replies the study reads."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from breakthrough.collaboratives.access import can_view
from breakthrough.community import signals
from breakthrough.community.models import Mention, PostLink, Space, Thread
from breakthrough.community.selectors import CrossTeamReplies, cross_team_replies, posts_for, threads_in
from breakthrough.community.services import post_hide, post_reply, post_unhide, thread_start
from breakthrough.core.audit import history
from tests.community.helpers import reply, teachers_thread, whole_thread
from tests.factories import make_cycle, make_measure


@pytest.fixture
def heard():
    """What the two signals sent, as (signal name, kwargs) pairs."""
    got: list[tuple[str, dict]] = []

    def on_mention(sender, **kwargs):
        got.append(("mentioned", kwargs))

    def on_reply(sender, **kwargs):
        got.append(("replied", kwargs))

    signals.mentioned.connect(on_mention, weak=False)
    signals.replied.connect(on_reply, weak=False)
    yield got
    signals.mentioned.disconnect(on_mention)
    signals.replied.disconnect(on_reply)


def test_a_teacher_starts_a_thread_in_the_teachers_space_and_writes_from_their_team(cast):
    thread = teachers_thread(cast)
    assert (thread.space, thread.team, thread.author) == (Space.TEACHERS, cast.team_a, cast.teacher)
    opener = thread.posts.get()
    assert opener.is_opener
    assert opener.team == cast.team_a


@pytest.mark.parametrize("person", ["director", "family", "evaluator", "observer", "viewer"])
def test_people_outside_the_teachers_group_cannot_start_a_thread_there(cast, person):
    with pytest.raises(PermissionDenied):
        thread_start(
            collaborative=cast.collaborative, space="teachers", title="x", body="y", by=getattr(cast, person)
        )


def test_observers_and_viewers_cannot_write_in_the_whole_collaborative_space(cast):
    for person in (cast.observer, cast.viewer):
        with pytest.raises(PermissionDenied):
            thread_start(collaborative=cast.collaborative, space="all", title="x", body="y", by=person)


def test_an_empty_message_and_title_are_refused_by_field(cast):
    with pytest.raises(ValidationError) as exc:
        thread_start(collaborative=cast.collaborative, space="all", title=" ", body="  ", by=cast.teacher)
    assert set(exc.value.message_dict) == {"title", "body"}
    assert not Thread.objects.exists()  # nothing half-written


def test_only_people_who_may_read_the_thread_are_mentioned(cast, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = teachers_thread(cast, body="@outsider, @director and @nobody: what works? Ask @teacher.")
    # outsider is a teacher on team B: mentioned. director is not in the teachers' group, nobody does not
    # exist, and the author does not mention themself.
    assert [m.user.username for m in Mention.objects.filter(post__thread=thread)] == ["outsider"]
    assert [(name, kw["user"].username) for name, kw in heard] == [("mentioned", "outsider")]


def test_no_signal_is_sent_for_a_write_that_rolls_back(cast, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        teachers_thread(cast, body="Hello @outsider")
    assert len(callbacks) == 1  # waiting for the commit, not sent yet
    assert heard == []


def test_a_reply_from_another_team_is_cross_team_and_tells_who_wrote_before(
    cast, heard, django_capture_on_commit_callbacks
):
    thread = teachers_thread(cast)
    with django_capture_on_commit_callbacks(execute=True):
        answer = reply(thread, cast.outsider)
    assert answer.team == cast.team_b
    assert answer.is_cross_team
    assert [(name, [p.username for p in kw["recipients"]]) for name, kw in heard] == [
        ("replied", ["teacher"])
    ]
    own = reply(thread, cast.teacher, "Thanks!")
    assert not own.is_cross_team  # same team as the thread's author
    staff_reply = reply(thread, cast.staff, "Good idea.")
    assert staff_reply.team is None
    assert not staff_reply.is_cross_team


def test_links_to_cycles_and_charts_show_their_title_only_to_who_may_see_them(cast):
    cycle = make_cycle(cast.team_a, cast.teacher, title="Feelings check-in")  # team A's, not shared
    measure = make_measure(cast.collaborative)
    body = (
        f"See /pdsa/cycles/{cycle.pk}/ and https://bt.example.org/dashboards/team/{cast.team_a.pk}/measure/"
        f"{measure.pk}/ and /pdsa/cycles/999999/ (gone)."
    )
    thread = whole_thread(cast, body=body)
    assert PostLink.objects.filter(post__thread=thread).count() == 2  # the missing cycle is not linked

    def titles(person):
        [(_post, links)] = posts_for(thread, person)
        return [link.title for link in links]

    assert titles(cast.teacher) == [str(cycle), f"{cast.team_a.name}: {measure}"]
    assert titles(cast.staff) == [str(cycle), f"{cast.team_a.name}: {measure}"]
    assert titles(cast.outsider) == ["", ""]  # team B sees neither team A's cycle nor its chart


def test_staff_hide_a_post_with_a_reason_audited_and_others_no_longer_see_it(cast):
    thread = teachers_thread(cast)
    post = reply(thread, cast.outsider, "Buy my course!")
    with pytest.raises(PermissionDenied):
        post_hide(post=post, reason="Advertising", by=cast.faculty)
    with pytest.raises(ValidationError) as exc:
        post_hide(post=post, reason="  ", by=cast.staff)
    assert "reason" in exc.value.message_dict
    post_hide(post=post, reason="Advertising", by=cast.staff)
    post.refresh_from_db()
    assert post.hidden_reason == "Advertising"
    record = history(post).first()
    assert (record.action, record.by, record.before["hidden_reason"], record.after["hidden_reason"]) == (
        "hide",
        cast.staff,
        "",
        "Advertising",
    )
    assert not can_view(cast.teacher, post)
    assert not can_view(cast.outsider, post)  # its own author too
    assert can_view(cast.staff, post)
    assert [p.pk for p, _links in posts_for(thread, cast.teacher)] == [thread.posts.first().pk]
    assert len(posts_for(thread, cast.staff)) == 2
    post_unhide(post=post, by=cast.staff)
    assert can_view(cast.teacher, post)


def test_hiding_the_opening_post_hides_the_thread_and_stops_replies(cast):
    thread = teachers_thread(cast)
    post_hide(post=thread.posts.get(), reason="Names a child", by=cast.staff)
    thread.refresh_from_db()
    assert not can_view(cast.teacher, thread)
    assert list(threads_in(cast.collaborative, "teachers", cast.teacher)) == []
    assert list(threads_in(cast.collaborative, "teachers", cast.staff)) == [thread]
    with pytest.raises(PermissionDenied):
        post_reply(thread=thread, body="Still here?", by=cast.outsider)


def _at(moment: str, thread, person, body="Reply"):
    with time_machine.travel(moment, tick=False):
        return reply(thread, person, body)


def test_cross_team_replies_are_counted_per_local_month_and_team_pair(cast):
    a, b = cast.team_a, cast.team_b
    with time_machine.travel("2026-02-02 15:00+00:00", tick=False):
        from_a = teachers_thread(cast)  # started by team A
    _at("2026-02-10 15:00+00:00", from_a, cast.outsider)  # B → A, February
    _at("2026-03-01 03:00+00:00", from_a, cast.outsider)  # 22:00 on 28 February in New York: February
    _at("2026-03-03 15:00+00:00", from_a, cast.outsider)  # B → A, March
    _at("2026-03-04 15:00+00:00", from_a, cast.teacher)  # A → A: same team, not counted
    _at("2026-03-05 15:00+00:00", from_a, cast.staff)  # staff are on no team: not counted
    hidden = _at("2026-03-06 15:00+00:00", from_a, cast.outsider)
    post_hide(post=hidden, reason="Off topic", by=cast.staff)  # hidden: not counted
    with time_machine.travel("2026-03-10 15:00+00:00", tick=False):
        from_b = thread_start(
            collaborative=cast.collaborative, space="all", title="From B", body="Hi", by=cast.outsider
        )
    _at("2026-03-20 15:00+00:00", from_b, cast.director)  # A → B, March
    _at("2026-04-02 15:00+00:00", from_b, cast.family)  # A → B, April
    rows = cross_team_replies(cast.collaborative, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    feb, mar, apr = dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    expected = [
        CrossTeamReplies(feb, b.pk, b.name, a.pk, a.name, 2),
        CrossTeamReplies(mar, a.pk, a.name, b.pk, b.name, 1),
        CrossTeamReplies(mar, b.pk, b.name, a.pk, a.name, 1),
        CrossTeamReplies(apr, a.pk, a.name, b.pk, b.name, 1),
    ]
    assert a.pk < b.pk
    assert rows == expected
    march_only = cross_team_replies(cast.collaborative, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert [(r.month, r.replies) for r in march_only] == [(mar, 1), (mar, 1)]
