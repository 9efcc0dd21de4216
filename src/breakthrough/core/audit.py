"""Every change to a team's data is attributable: who, when, what it was before."""

from __future__ import annotations

from typing import Any

from django.db import models

from breakthrough.core.models import AuditRecord, snapshot


def audit_record(
    *,
    obj: models.Model,
    by: Any,
    action: str,
    before: dict[str, Any] | None = None,
) -> AuditRecord:
    return AuditRecord.objects.create(
        by=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        app_label=obj._meta.app_label,
        model_name=obj._meta.model_name or "",
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=snapshot(obj),
    )


def history(obj: models.Model) -> models.QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(
        app_label=obj._meta.app_label, model_name=obj._meta.model_name or "", object_id=str(obj.pk)
    )
