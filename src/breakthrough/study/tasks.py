"""The study's background job: the bulk survey reminder, on the worker (a wave can have hundreds of links,
each one a fresh token and an email)."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse

from breakthrough.core.models import User
from breakthrough.study.models import Wave
from breakthrough.study.services import links_remind


@task()
def survey_reminders(wave_id: int, by_id: int, base_url: str) -> dict[str, int]:
    """Remind everyone who has not answered a wave; returns how many went by email, how many need their
    printed link and how many could not be sent (the wave's page tells the evaluator who asked)."""
    wave, by = Wave.objects.get(pk=wave_id), User.objects.get(pk=by_id)
    base = base_url.rstrip("/")
    done = links_remind(
        by=by, wave=wave, link_url=lambda token: base + reverse("study:answer-by-link", args=[token])
    )
    return {"emailed": done.emailed, "by_hand": done.by_hand, "failed": done.failed}
