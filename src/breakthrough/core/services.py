"""Writes shared by every app: optimistic locking and archiving (nothing is hard-deleted)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord, snapshot


class ConcurrentEdit(ValidationError):
    """Someone else saved this object since the form was opened."""


def check_revision(obj: models.Model, expected: int | None) -> None:
    """Refuse a save based on a stale copy. Call inside the write's transaction."""
    if expected is None:
        return
    current = (
        type(obj)._default_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list("revision", flat=True)
        .first()
    )
    if current is not None and current != expected:
        raise ConcurrentEdit(
            _(
                "Someone else saved this while you were editing. "
                "Your text is kept below; reload to see their changes."
            )
        )


def save_audited(*, obj: models.Model, by: Any, action: str = AuditRecord.Action.UPDATE) -> models.Model:
    """full_clean, save and record what it was before. Call inside a transaction."""
    before = None
    if obj.pk is not None:
        old = type(obj)._default_manager.filter(pk=obj.pk).first()
        before = snapshot(old) if old is not None else None
    if before is None and action == AuditRecord.Action.UPDATE:
        action = AuditRecord.Action.CREATE
    obj.full_clean()
    obj.save()
    audit_record(obj=obj, by=by, action=action, before=before)
    return obj


def archive(*, obj: models.Model, by: Any) -> models.Model:
    obj.archived_at = timezone.now()  # type: ignore[attr-defined]  # an archivable model (core.BaseModel)
    return save_audited(obj=obj, by=by, action=AuditRecord.Action.ARCHIVE)


def restore(*, obj: models.Model, by: Any) -> models.Model:
    obj.archived_at = None  # type: ignore[attr-defined]
    return save_audited(obj=obj, by=by, action=AuditRecord.Action.RESTORE)
