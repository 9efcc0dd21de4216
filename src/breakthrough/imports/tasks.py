"""Large imports are applied in the background (Django's tasks framework) when a worker backend is set up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.tasks import task

from breakthrough.core.models import User
from breakthrough.imports import services
from breakthrough.imports.models import ImportBatch


@task()
def apply_import(batch_id: int, by_id: int, base_url: str) -> dict[str, int]:
    """Apply a queued file, every row or none; when it cannot be applied, the batch goes back to its
    preview with the reasons, for its page to show."""
    batch = ImportBatch.objects.select_related("collaborative", "team").get(pk=batch_id)
    if batch.status != ImportBatch.Status.QUEUED:
        return {"applied": 0}  # already done (a retried task applies nothing twice)
    try:
        plan = services.import_apply(batch=batch, by=User.objects.get(pk=by_id), base_url=base_url)
    except ValidationError as exc:
        summary = batch.summary | {"errors": exc.messages}
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.PREVIEWED, summary=summary)
        return {"applied": 0}
    return {"applied": 1, "rows": len(plan.created) + len(plan.changed)}
