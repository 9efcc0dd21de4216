"""Comment threads on any object (monthly reports, PDSA cycles): reads and the one write."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import can_view
from breakthrough.core.models import Comment
from breakthrough.core.services import save_audited


def comments_on(obj: models.Model) -> models.QuerySet[Comment]:
    return (
        Comment.objects.active()
        .filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)
        .select_related("author")
    )


@transaction.atomic
def comment_add(*, target: models.Model, by: Any, body: str) -> Comment:
    """Anyone who may see the target may comment on it (faculty on reports, a team answering back)."""
    if not can_view(by, target):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write a comment first.")})
    comment = Comment(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        author=by,
        body=body.strip(),
    )
    return save_audited(obj=comment, by=by)
