"""A chart's accepted new phase (a person with the right role rebased a team's measure, with a reason), and a
dashboard PDF report drawn by the background worker."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.models import BaseModel
from breakthrough.measures.models import Measure


class ChartPhase(BaseModel):
    """A new phase of one team's chart of one measure, from ``starts`` on. Archived when removed."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="chart_phases")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="chart_phases")
    starts = models.DateField(_("new phase from"), help_text=_("The first month of the new phase."))
    reason = models.TextField(_("reason"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    permission_scope = "team"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("chart phase")
        verbose_name_plural = _("chart phases")
        ordering = ["team", "measure", "starts"]

    def __str__(self) -> str:
        return f"{self.measure} – {self.team} from {self.starts:%b %Y}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Say why the process has changed.")})
        if self.starts and self.starts.day != 1:
            raise ValidationError({"starts": _("A phase starts on the first day of a month.")})
        if self.team_id and self.measure_id and self.measure.collaborative_id != self.team.collaborative_id:
            raise ValidationError({"measure": _("This measure belongs to another collaborative.")})


class ReportRun(BaseModel):
    """A collaborative dashboard's PDF report asked for by one person, drawn by the worker
    (``dashboards.tasks.draw_report``) with the filters and language of the request that asked."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being drawn")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField(_("file"), max_length=255, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # The person who asked sees it and downloads it; nobody else.
    permission_scope = "personal"

    class Meta:
        verbose_name = _("dashboard report")
        verbose_name_plural = _("dashboard reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.collaborative.slug} report {self.created_at:%Y-%m-%d %H:%M}"
