"""Objects the community, library and spread tests share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from breakthrough.community.services import post_reply, thread_start
from breakthrough.pdsa.models import PDSACycle
from breakthrough.pdsa.services import cycle_next, cycle_update
from tests.factories import make_cycle

PDF = b"%PDF-1.4\n% a tiny test file\n"


def pdf(name: str = "handout.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def teachers_thread(
    cast: Any, title: str = "Visual schedules", body: str = "How do you start the day?"
) -> Any:
    return thread_start(
        collaborative=cast.collaborative, space="teachers", title=title, body=body, by=cast.teacher
    )


def whole_thread(cast: Any, title: str = "Welcome", body: str = "Hello, everyone.") -> Any:
    return thread_start(
        collaborative=cast.collaborative, space="all", title=title, body=body, by=cast.director
    )


def reply(thread: Any, by: Any, body: str = "We use a picture board.") -> Any:
    return post_reply(thread=thread, body=body, by=by)


def decide(cycle: PDSACycle, by: Any, decision: str) -> PDSACycle:
    """Carry a cycle through Do and Study to a decision."""
    return cycle_update(
        cycle=cycle,
        by=by,
        do_observations="We tried it.",
        done_on=dt.date(2026, 2, 2),
        study_results="It went as predicted.",
        decision=decision,
        acted_on=dt.date(2026, 2, 9),
    )


def adopted_ramp(team: Any, by: Any, **plan: Any) -> Any:
    """A ramp whose last decision is "adopt" (after an earlier "adapt")."""
    first = decide(make_cycle(team, by, **plan), by, PDSACycle.Decision.ADAPT)
    second = decide(cycle_next(cycle=first, by=by), by, PDSACycle.Decision.ADOPT)
    return second.ramp
