"""Large exports run in the background (Django's tasks framework) where a real worker backend is set up."""

from __future__ import annotations

from django.conf import settings
from django.tasks import default_task_backend, task

from breakthrough.exports import services
from breakthrough.exports.models import Export

# Backends that run nothing in the background: the export then runs in the request, as before a worker.
IN_PROCESS = {"ImmediateBackend", "DummyBackend"}


@task()
def run_export(export_id: int) -> dict[str, int | str]:
    export = Export.objects.select_related("collaborative", "user").get(pk=export_id)
    path = services.export_run(export=export)
    return {"export": export_id, "file": path.name}


def in_background() -> bool:
    return type(default_task_backend).__name__ not in IN_PROCESS


def start(export: Export) -> None:
    """Enqueue a large export for the worker, or write it now (small ones, or no worker backend)."""
    if in_background() and services.rows_of(export) >= settings.EXPORT_BACKGROUND_ROWS:
        run_export.enqueue(export.pk)
    else:
        services.export_run(export=export)
