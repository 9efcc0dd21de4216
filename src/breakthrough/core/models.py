from __future__ import annotations

import datetime as dt
import decimal
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person. What they may see comes from their memberships, never from this row."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Leave empty to follow the language the browser asks for."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Scoped:
    """Where an object sits, for permissions: its collaborative and its team, from declared attribute paths.

    ``collaborative_path`` and ``team_path`` are dotted paths from the object (``"team.collaborative"``);
    ``None`` means it has none (reference data shared by every collaborative, or a collaborative-wide row).
    A model whose place is not a path (the collaborative itself, a comment) defines the methods instead.
    """

    collaborative_path: str | None = "collaborative"
    team_path: str | None = None

    def get_collaborative(self) -> Any:
        return attrgetter(self.collaborative_path)(self) if self.collaborative_path else None

    def get_team(self) -> Any:
        return attrgetter(self.team_path)(self) if self.team_path else None

    # What the permission rules ask of a row beyond its place; models whose state matters override these.
    def is_faculty_owned(self) -> bool:
        """A row that only faculty change (a faculty rating), though it sits on a team."""
        return False

    def is_locked_for_team(self) -> bool:
        """A team's row the team may no longer change (a reviewed report)."""
        return False

    def is_locked_for_observer(self) -> bool:
        """An observer's row that is final (a submitted observation)."""
        return False

    def is_hidden_by_staff(self) -> bool:
        """A row moderators took out of sight (a community post): only they still see it."""
        return False


class ArchivedQuerySet[M: models.Model](models.QuerySet[M]):
    def active(self) -> ArchivedQuerySet[M]:
        return self.filter(archived_at__isnull=True)


class BaseModel(Scoped, models.Model):
    """Timestamps, soft deletion (archive) and an edit counter for optimistic locking."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.revision += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, JSON-safe, for the audit trail."""
    return {
        field.attname: _jsonable(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.attname not in {"password", "updated_at", "revision"}
    }


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    """The audit trail is written once: no bulk update or delete, through the ORM or the admin."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit records are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit records are never deleted")

    def redact(self, keys: set[str], placeholder: str, *, object_repr: str | None = None) -> int:
        """The one change the trail allows, for the retention command (``breakthrough retention``): the
        values of ``keys`` in each record's before/after copies are replaced by ``placeholder`` (and the
        object's name by ``object_repr``), so personal data pseudonymised in its row does not live on in its
        history. Who did what, and when, stays. Returns how many records changed."""
        changed = 0
        for record in self.only("pk", "before", "after", "object_repr"):
            fields = {
                "before": _redacted(record.before, keys, placeholder),
                "after": _redacted(record.after, keys, placeholder),
                "object_repr": object_repr or record.object_repr,
            }
            if fields != {"before": record.before, "after": record.after, "object_repr": record.object_repr}:
                models.QuerySet.update(self.model.objects.filter(pk=record.pk), **fields)
                changed += 1
        return changed


def _redacted(copy: Any, keys: set[str], placeholder: str) -> Any:
    if not isinstance(copy, dict):
        return copy
    return {k: (placeholder if k in keys and v not in ("", None) else v) for k, v in copy.items()}


class AuditRecord(models.Model):
    """Who changed what, when, and what it was before. Written by services and the admin, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        ARCHIVE = "archive", _("archived")
        RESTORE = "restore", _("restored")
        SUBMIT = "submit", _("submitted")
        PULL_BACK = "pull_back", _("pulled back")
        REVIEW = "review", _("reviewed")
        SHARE = "share", _("shared")
        UNSHARE = "unshare", _("unshared")
        HIDE = "hide", _("hidden")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")
        SIGN_IN = "sign_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("failed to sign in")
        TWO_FACTOR_ON = "two_factor_on", _("turned two-factor sign-in on")
        TWO_FACTOR_OFF = "two_factor_off", _("turned two-factor sign-in off")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    app_label = models.CharField(max_length=64)
    model_name = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # Where the row sits, for the audit page's filters (plain ids: core knows no domain app).
    collaborative_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    team_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["app_label", "model_name", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.by} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit records are never deleted")

    @property
    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in after.keys() | before.keys() if before.get(k) != after.get(k))


class Comment(BaseModel):
    """A comment in the thread of a report or a PDSA cycle. Whoever may see the target may read and answer."""

    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"))

    permission_scope = "comment"

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    @property
    def target(self) -> models.Model:
        return self.target_type.get_object_for_this_type(pk=self.target_id)

    def get_collaborative(self) -> Any:
        return self.target.get_collaborative()  # type: ignore[attr-defined]  # every commented model is Scoped

    def get_team(self) -> Any:
        return self.target.get_team()  # type: ignore[attr-defined]
