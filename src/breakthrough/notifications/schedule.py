"""The periodic jobs and when each is due. `enqueue_due` is called by the worker on every tick, and by
`breakthrough tasks due` from cron; a job is enqueued once per time slot, however many callers there are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from breakthrough.notifications import tasks
from breakthrough.notifications.models import ScheduledRun


def _every(minutes: int) -> Callable[[dt.datetime], str]:
    def slot(now: dt.datetime) -> str:
        return str(int(now.timestamp()) // (60 * minutes))

    return slot


def _daily_at(hour: int) -> Callable[[dt.datetime], str | None]:
    def slot(now: dt.datetime) -> str | None:
        local = timezone.localtime(now)
        return local.date().isoformat() if local.hour >= hour else None

    return slot


def _weekly_at(weekday: int, hour: int) -> Callable[[dt.datetime], str | None]:
    def slot(now: dt.datetime) -> str | None:
        local = timezone.localtime(now)
        if local.weekday() != weekday or local.hour < hour:
            return None
        week = local.isocalendar()
        return f"{week.year}-W{week.week:02d}"

    return slot


@dataclass(frozen=True)
class Job:
    name: str
    task: Any
    slot: Callable[[dt.datetime], str | None]  # None: not due now
    about: str


JOBS = [
    Job("deliver", tasks.deliver_emails, _every(1), "send the emails that are due (retries included)"),
    Job("comments", tasks.scan_comments, _every(1), "notify teams of new comments"),
    Job("reminders", tasks.run_reminders, _every(60), "reports due and late, PDSA, events, faculty, surveys"),
    Job("digests", tasks.send_digests, _weekly_at(0, 7), "the weekly digest emails (Mondays from 7:00)"),
    Job("sustainment", tasks.extend_sustainment, _daily_at(1), "monthly periods after the end date"),
]


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose current slot has not been enqueued yet. Returns the jobs enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in JOBS:
        slot = job.slot(now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot, enqueued_at=now)
                result = job.task.enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # this slot was enqueued already (another worker, or cron)
        enqueued.append(job.name)
    return enqueued


STALE_AFTER = dt.timedelta(minutes=30)


def recover_interrupted(*, hostname: str, now: dt.datetime | None = None) -> int:
    """Tasks left RUNNING by a worker that died (killed, a crash, a reboot) become READY again.

    A task of a worker on this machine whose process is gone is recovered at once; any other after
    STALE_AFTER. Every job here is safe to run twice (notifications are keyed, emails are marked sent in the
    transaction that sends them), so running one again repeats nothing that was done.
    """
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stuck = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = (task.worker_ids or [""])[-1]
        host, _, rest = worker.partition("-")
        pid = rest.split("-")[0]
        dead_here = host == hostname and pid.isdigit() and not _alive(int(pid))
        stale = task.started_at is not None and now - task.started_at > STALE_AFTER
        if dead_here or stale:
            stuck.append(task.pk)
    if stuck:
        DBTaskResult.objects.filter(pk__in=stuck, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
    return len(stuck)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
