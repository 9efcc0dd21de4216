"""The community demo: something in each part, and the same for the same seed."""

from __future__ import annotations

import random

import pytest
from django.db import transaction

from breakthrough.collaboratives.models import Classroom
from breakthrough.community.models import DirectoryEntry, Post, Thread
from breakthrough.demo.community import build_community_demo
from breakthrough.library.models import Resource, ResourceVersion
from breakthrough.spread.selectors import spread_by_month
from tests.community.helpers import adopted_ramp
from tests.factories import make_change_idea, make_classroom, make_member, make_user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _signature(cast):
    return (
        list(
            Post.objects.order_by("pk").values_list(
                "thread__title", "author__username", "body", "hidden_reason"
            )
        ),
        list(DirectoryEntry.objects.order_by("pk").values_list("user__username", "share_email")),
        list(
            Resource.objects.order_by("pk").values_list("title_en", "title_es", "change_idea_id", "driver_id")
        ),
        ResourceVersion.objects.count(),
        [(r.month, r.classroom_id) for r in spread_by_month(cast.collaborative)],
    )


def test_the_demo_fills_every_part_and_is_the_same_for_one_seed(cast, time_machine):
    time_machine.move_to("2026-11-20 12:00+00:00")
    make_change_idea(cast.collaborative)
    make_member(make_user("teacher2"), "teacher", cast.collaborative, cast.team_a)
    make_member(make_user("director_b"), "director", cast.collaborative, cast.team_b)
    adopted_ramp(cast.team_a, cast.teacher)
    make_classroom(cast.team_a.program, participation=Classroom.Participation.PARTICIPATING)
    make_classroom(cast.team_a.program, participation=Classroom.Participation.SPREAD)
    signatures = []
    for _run in range(2):
        with transaction.atomic():
            sid = transaction.savepoint_create()
            counts = build_community_demo(cast.collaborative, random.Random(7))
            signatures.append(_signature(cast))
            assert Thread.objects.count() >= 3
            assert Post.objects.exclude(hidden_at=None).count() == 1
            assert counts["resources"] == 5
            assert ResourceVersion.objects.count() == 5  # four files, one of them in two versions
            assert counts["in_use"] == len(spread_by_month(cast.collaborative)) > 0
            transaction.savepoint_rollback(sid)
    assert signatures[0] == signatures[1]
