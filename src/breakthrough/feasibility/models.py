"""A feasibility report drawn by the background worker for one person (HTML, PDF and slides)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.models import BaseModel


class ReportRun(BaseModel):
    """The feasibility report asked for by one person, drawn by the worker (``report_runs.draw``) in their
    language and with their reach (a viewer's is suppressed); only they download it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being drawn")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    suppressed = models.BooleanField(_("aggregates only"), default=False)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    done_steps = models.PositiveSmallIntegerField(_("steps done"), default=0)
    total_steps = models.PositiveSmallIntegerField(_("steps"), default=1)
    folder = models.CharField(_("folder"), max_length=255, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    permission_scope = "personal"

    class Meta:
        verbose_name = _("feasibility report")
        verbose_name_plural = _("feasibility reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.collaborative.slug} feasibility report {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return round(100 * self.done_steps / self.total_steps) if self.total_steps else 0
