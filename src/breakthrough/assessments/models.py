"""The collaborative assessment scale: monthly progress ratings by faculty and by the team itself."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Period, Team
from breakthrough.core.models import BaseModel

SCALE_MIN, SCALE_MAX, SCALE_STEP = Decimal("1.0"), Decimal("5.0"), Decimal("0.5")


class AssessmentLevel(BaseModel):
    """One step of the scale and what it means. The scale is data, shared by every collaborative."""

    score = models.DecimalField(_("score"), max_digits=2, decimal_places=1, unique=True)
    label = models.CharField(_("label"), max_length=100)
    description = models.TextField(_("what it looks like"))

    permission_scope = "public"
    collaborative_path = None

    class Meta:
        verbose_name = _("assessment level")
        verbose_name_plural = _("assessment levels")
        ordering = ["score"]

    def __str__(self) -> str:
        return f"{self.score} {self.label}"

    def clean(self) -> None:
        validate_score(self.score, "score")


def validate_score(score: Decimal | None, field: str) -> None:
    if score is None:
        return
    if not SCALE_MIN <= score <= SCALE_MAX or (score - SCALE_MIN) % SCALE_STEP:
        raise ValidationError({field: _("Choose a score from 1.0 to 5.0 in steps of 0.5.")})


class Assessment(BaseModel):
    class Source(models.TextChoices):
        FACULTY = "faculty", _("Faculty")
        TEAM = "team", _("Team self-assessment")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="assessments")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="assessments")
    source = models.CharField(_("rated by"), max_length=8, choices=Source.choices)
    score = models.DecimalField(_("score"), max_digits=2, decimal_places=1)
    reason = models.TextField(_("reason"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    permission_scope = "team"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["team", "period__month", "source"]
        constraints = [
            models.UniqueConstraint(fields=["team", "period", "source"], name="one_assessment_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.team} – {self.period}: {self.score} ({self.get_source_display()})"

    def is_faculty_owned(self) -> bool:
        return self.source == self.Source.FACULTY

    def clean(self) -> None:
        validate_score(self.score, "score")
        if self.source == self.Source.FACULTY and not self.reason.strip():
            raise ValidationError({"reason": _("Faculty give a reason for their rating.")})
        if self.team_id and self.period_id and self.team.collaborative_id != self.period.collaborative_id:
            raise ValidationError({"period": _("This period belongs to another collaborative.")})
