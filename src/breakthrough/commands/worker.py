"""`breakthrough worker` runs the background tasks; `breakthrough tasks due` enqueues the periodic ones."""

from __future__ import annotations

import os
import signal
import time
from types import FrameType

import click


def _setup() -> None:
    from breakthrough.commands.django_setup import setup_django

    setup_django()


def run_once(worker_id: str) -> list[str]:
    """Enqueue the periodic jobs that are due, then run every task that is ready; return the jobs enqueued."""
    from django.core.management import call_command
    from django.db import close_old_connections

    from breakthrough.notifications.schedule import enqueue_due

    close_old_connections()
    enqueued = enqueue_due()
    # django-tasks-db's worker in batch mode: claims each ready task in a transaction, runs it, records it.
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        worker_id=worker_id,
        verbosity=0,
        interval=0,
    )
    return enqueued


@click.command()
@click.option("--once", is_flag=True, help="Run what is due now and exit (for cron and tests).")
@click.option(
    "--interval", default=5.0, show_default=True, type=click.FloatRange(0.1), help="Seconds between checks."
)
@click.option(
    "--no-schedule", is_flag=True, help="Only run queued tasks; another process enqueues periodic ones."
)
def worker(once: bool, interval: float, no_schedule: bool) -> None:
    """Run background tasks: reminders, notification emails, digests, sustainment periods.

    Runs until stopped (SIGTERM or Ctrl-C lets the task in hand finish). Its scheduler enqueues the periodic
    jobs, each once per time slot even with several workers. Emails go out through the MAILERS setting.
    """
    _setup()
    from django.core.management import call_command
    from django.db import close_old_connections
    from django.utils.crypto import get_random_string

    from breakthrough.notifications.schedule import enqueue_due, recover_interrupted

    host = os.uname().nodename.replace("-", "")[:20]
    worker_id = f"{host}-{os.getpid()}-{get_random_string(6)}"
    recovered = recover_interrupted(hostname=host)
    if recovered:
        click.echo(f"{recovered} interrupted tasks will run again.")
    if once:
        enqueued = run_once(worker_id) if not no_schedule else []
        if no_schedule:
            call_command(
                "db_worker", batch=True, reload=False, startup_delay=False, worker_id=worker_id, verbosity=0
            )
        click.echo(f"Ran what was due (periodic jobs enqueued: {', '.join(enqueued) or 'none'}).")
        return
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    click.echo(f"Breakthrough worker {worker_id} running (Ctrl-C to stop).")
    while not stopping:
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        close_old_connections()
        if not no_schedule:
            enqueue_due()
        # db_worker sets its own handlers for the task in hand; ours come back on the next tick.
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, worker_id=worker_id, verbosity=0
        )
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for _ in range(int(interval * 10)):
            if stopping:
                break
            time.sleep(0.1)
    click.echo("Worker stopped.")


@click.group()
def tasks() -> None:
    """Background tasks: the periodic jobs and their schedule."""


@tasks.command("due")
def tasks_due() -> None:
    """Enqueue the periodic jobs that are due now (for cron, when no worker runs the scheduler)."""
    _setup()
    from breakthrough.notifications.schedule import enqueue_due

    enqueued = enqueue_due()
    click.echo(f"Enqueued: {', '.join(enqueued) or 'nothing due'}.")


@tasks.command("list")
def tasks_list() -> None:
    """The periodic jobs and what each does."""
    _setup()
    from breakthrough.notifications.schedule import JOBS

    for job in JOBS:
        click.echo(f"{job.name:<12} {job.about}")
