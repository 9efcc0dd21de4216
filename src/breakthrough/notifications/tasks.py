"""The background jobs (Django's tasks framework; the database backend of django-tasks-db runs them in
`breakthrough worker`). Each returns a small JSON summary and is safe to run twice."""

from __future__ import annotations

from typing import Any

from django.tasks import task
from django.utils import timezone

from breakthrough.collaboratives.models import Collaborative
from breakthrough.collaboratives.services import sustainment_extend
from breakthrough.notifications import reminders, services


@task()
def deliver_emails() -> dict[str, int]:
    return services.deliver_pending()


@task()
def scan_comments() -> int:
    made = reminders.new_comments()
    if made:
        deliver_emails.enqueue()  # at once, not at the next minute's delivery
    return made


@task()
def run_reminders() -> dict[str, int]:
    made = reminders.run_all()
    deliver_emails.enqueue()
    return made


@task()
def send_digests() -> int:
    return services.send_digests()


@task()
def extend_sustainment() -> dict[str, int]:
    """Monthly periods go on after the end date while staff keep sustainment open."""
    today = timezone.localdate()
    made: dict[str, Any] = {}
    for collab in Collaborative.objects.active().filter(sustainment_open=True, end_date__lt=today):
        made[collab.slug] = len(sustainment_extend(collaborative=collab, today=today))
    return made
