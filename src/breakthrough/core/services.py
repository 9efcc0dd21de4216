"""Writes shared by every app: optimistic locking and archiving (nothing is hard-deleted)."""

from __future__ import annotations

from collections.abc import Iterable
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
    current = _locked(obj).values_list("revision", flat=True).first()
    if current is not None and current != expected:
        raise ConcurrentEdit(
            _(
                "Someone else saved this while you were editing. "
                "Your text is kept below; reload to see their changes."
            )
        )


def _locked[M: models.Model](obj: M) -> models.QuerySet[M]:
    """The object's own row, locked until the transaction ends (PostgreSQL; SQLite locks the whole file).

    Only this row: no default ordering and ``of=("self",)``, so the lock never reaches the rows a default
    ordering would join (the team, the collaborative), which would make every save in a collaborative wait.
    """
    return type(obj)._default_manager.select_for_update(of=("self",)).filter(pk=obj.pk).order_by()


def save_audited[M: models.Model](
    *, obj: M, by: Any, action: str = AuditRecord.Action.UPDATE, fields: Iterable[str] | None = None
) -> M:
    """full_clean, save and record what it was before. Call inside a transaction.

    With ``fields``, only those fields are written: the row is read again under its lock and the given fields
    are copied onto it, so a change saved meanwhile to another field is kept (a toggle never overwrites a
    section saved a moment before). The fresh row is returned.
    """
    before = None
    if obj.pk is not None:
        old = (_locked(obj) if fields is not None else type(obj)._default_manager.filter(pk=obj.pk)).first()
        before = snapshot(old) if old is not None else None
        if fields is not None and old is not None:
            for name in fields:
                setattr(old, name, getattr(obj, name))
            old.full_clean()
            old.save(update_fields=list(fields))
            audit_record(obj=old, by=by, action=action, before=before)
            return old
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
