"""Writes on the change framework: project staff add, edit, reorder and archive its items (never delete)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from breakthrough.core.services import archive, check_revision, restore, save_audited
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver

# Each kind of item, with the field that holds its parent (siblings share it).
PARENT = {
    Aim: "collaborative",
    PrimaryDriver: "collaborative",
    SecondaryDriver: "primary",
    ChangeIdea: "secondary",
}


def siblings(obj: models.Model) -> models.QuerySet[Any]:
    field = PARENT[type(obj)]
    return type(obj).objects.active().filter(**{f"{field}_id": getattr(obj, f"{field}_id")})


@transaction.atomic
def framework_item_save(*, obj: models.Model, by: Any, revision: int | None = None, **fields: Any) -> Any:
    """Create or change an aim, driver or change idea; a new one goes last among its siblings."""
    if obj.pk is not None:
        check_revision(obj, revision)
    for name, value in fields.items():
        setattr(obj, name, value)
    if obj.pk is None:
        last = siblings(obj).aggregate(models.Max("order"))["order__max"]
        obj.order = 0 if last is None else last + 1
    return save_audited(obj=obj, by=by)


@transaction.atomic
def framework_item_move(*, obj: models.Model, by: Any, direction: str) -> Any:
    """Move an item one place up or down among its active siblings, renumbering them 0, 1, 2…"""
    items = list(siblings(obj).order_by("order", "id"))
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        if item.order != position:
            item.order = position
            save_audited(obj=item, by=by)
    return next(item for item in items if item.pk == obj.pk)


@transaction.atomic
def framework_item_archive(*, obj: models.Model, by: Any) -> Any:
    return archive(obj=obj, by=by)


@transaction.atomic
def framework_item_restore(*, obj: models.Model, by: Any) -> Any:
    return restore(obj=obj, by=by)
