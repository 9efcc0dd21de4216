"""One export asked for: who, what, when (the audit trail records it too), and where its zip is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.models import BaseModel


class Export(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(_("format"), max_length=8)
    tables = models.JSONField(_("tables"), default=list)
    identified = models.BooleanField(_("identified"), default=False)
    free_text = models.BooleanField(_("free text"), default=False)
    shift_dates = models.BooleanField(_("dates shifted"), default=False)
    excel_bom = models.BooleanField(_("for Excel"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(_("file"), max_length=255, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # The person who asked and the collaborative's oversight roles see the record; only the person downloads.
    permission_scope = "personal"

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.collaborative.slug} {self.format} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else int(100 * self.rows_done / max(self.rows_total, 1))
