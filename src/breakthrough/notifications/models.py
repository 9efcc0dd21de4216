"""Notifications: one row per person and event, with its email's delivery state.

A notification carries no child data: its parameters are names of teams, months, titles and counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.models import Scoped


class Kind(models.TextChoices):
    REPORT_DUE = "report_due", _("Monthly report due soon")
    REPORT_LATE = "report_late", _("Monthly report late")
    REPORT_RETURNED = "report_returned", _("Monthly report returned with comments")
    COMMENT = "comment", _("A comment on your team's report or PDSA")
    PDSA_WAITING = "pdsa_waiting", _("A PDSA cycle waiting in Study or Act")
    EVENT_TOMORROW = "event_tomorrow", _("An event tomorrow")
    ATTENDANCE_MISSING = "attendance_missing", _("Attendance not yet recorded")
    ASSESSMENT_DUE = "assessment_due", _("An assessment to rate")
    SURVEY_UNANSWERED = "survey_unanswered", _("Survey links not yet answered")
    STAFF_DIGEST = "staff_digest", _("Weekly digest of what is late")


class Channel(models.TextChoices):
    OFF = "off", _("Off")
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by email")
    DIGEST = "digest", _("In the app and in a weekly email digest")


class Delivery(models.TextChoices):
    NONE = "none", _("No email")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DIGEST = "digest", _("Waiting for the weekly digest")
    DIGESTED = "digested", _("Sent in a digest")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> NotificationQuerySet:
        return self.filter(user=user).exclude(channel=Channel.OFF)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(Scoped, models.Model):
    """What one person is told about one thing. ``key`` makes each one unique: asked twice, made once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    key = models.CharField(max_length=200, unique=True, editable=False)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The email: pending → sent, or pending again with a later next_attempt_at, or failed after the last try.
    delivery = models.CharField(_("email"), max_length=8, choices=Delivery.choices, default=Delivery.NONE)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    objects = NotificationQuerySet.as_manager()

    permission_scope = "personal"
    collaborative_path = "collaborative"

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["delivery", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"


class Preference(Scoped, models.Model):
    """How one person wants one kind of notification. No row: the kind's default (kinds.DEFAULTS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("how"), max_length=8, choices=Channel.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    permission_scope = "personal"
    collaborative_path = None

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} – {self.get_channel_display()}"


class ScheduledRun(Scoped, models.Model):
    """One periodic job for one time slot, enqueued once: the unique slot is what makes it once."""

    job = models.CharField(max_length=64)
    slot = models.CharField(max_length=32)
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)

    permission_scope = "public"
    collaborative_path = None

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-enqueued_at"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot}"


class Cursor(Scoped, models.Model):
    """How far a scan of new rows (comments, audit records) has read."""

    name = models.CharField(max_length=64, unique=True)
    position = models.BigIntegerField(default=0)
    moved_at = models.DateTimeField(default=timezone.now)

    permission_scope = "public"
    collaborative_path = None

    class Meta:
        verbose_name = _("scan cursor")
        verbose_name_plural = _("scan cursors")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.position}"


def backoff(attempts: int) -> dt.timedelta:
    """Wait before try ``attempts + 1``: 1, 4, 16, 64 minutes."""
    return dt.timedelta(minutes=4 ** (attempts - 1))
