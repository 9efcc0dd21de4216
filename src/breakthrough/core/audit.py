"""Every change to a team's data is attributable: who, when, what it was before."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from breakthrough.core.models import AuditRecord, snapshot


def audit_record(
    *,
    obj: models.Model,
    by: Any,
    action: str,
    before: dict[str, Any] | None = None,
) -> AuditRecord:
    collaborative, team = _place_of(obj)
    return AuditRecord.objects.create(
        by=by if getattr(by, "is_authenticated", False) else None,
        collaborative_id=collaborative,
        team_id=team,
        action=action,
        app_label=obj._meta.app_label,
        model_name=obj._meta.model_name or "",
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=snapshot(obj),
    )


def _place_of(obj: models.Model) -> tuple[int | None, int | None]:
    """The collaborative and team a row sits in (``core.models.Scoped``), as ids; none for an account."""
    found = []
    for method in ("get_collaborative", "get_team"):
        try:
            place = getattr(obj, method)() if hasattr(obj, method) else None
        except ObjectDoesNotExist:
            place = None
        found.append(getattr(place, "pk", None))
    return found[0], found[1]


def history(obj: models.Model) -> models.QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(
        app_label=obj._meta.app_label, model_name=obj._meta.model_name or "", object_id=str(obj.pk)
    )
