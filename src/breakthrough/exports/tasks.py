"""Large exports run in the background (Django's tasks framework) where a real worker backend is set up."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from breakthrough.core.background import in_background
from breakthrough.exports import services
from breakthrough.exports.models import Export


@task()
def run_export(export_id: int) -> dict[str, int | str]:
    export = Export.objects.select_related("collaborative", "user").get(pk=export_id)
    path = services.export_run(export=export)
    return {"export": export_id, "file": path.name}


def start(export: Export) -> None:
    """Enqueue a large export for the worker, or write it now (small ones, or no worker backend)."""
    if in_background() and services.rows_of(export) >= settings.EXPORT_BACKGROUND_ROWS:
        run_export.enqueue(export.pk)
    else:
        services.export_run(export=export)
