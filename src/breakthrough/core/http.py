"""Small request helpers every app's views share."""

from __future__ import annotations

from django.db import models
from django.http import Http404


def pick_or_404[M: models.Model](queryset: models.QuerySet[M], value: str | None) -> M | None:
    """The row of ``queryset`` a query parameter names (404 if it names none of them), or the first row."""
    if value:
        found = queryset.filter(pk=int(value)).first() if value.isdigit() and len(value) < 19 else None
        if found is None:
            raise Http404
        return found
    return queryset.first()


def owned_or_404[M: models.Model](queryset: models.QuerySet[M], pk: int, user: object) -> M:
    """A row that is one person's alone (an export, an upload, a drawn report): theirs, or a 404 for anyone
    else, as if it did not exist."""
    found = queryset.filter(pk=pk).first()
    if found is None or getattr(found, "user_id", None) != getattr(user, "pk", None):
        raise Http404
    return found
