"""Spread: which adopted change ideas (ramps whose last decision is "adopt") a team uses in which of its
program's classrooms, month by month, in participating and in spread classrooms."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Classroom
from breakthrough.core.models import BaseModel
from breakthrough.pdsa.models import Ramp


class ChangeInUse(BaseModel):
    """One month's answer for one adopted ramp in one classroom: in use or not."""

    ramp = models.ForeignKey(
        Ramp, verbose_name=_("adopted change"), on_delete=models.PROTECT, related_name="+"
    )
    classroom = models.ForeignKey(
        Classroom, verbose_name=_("classroom"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    in_use = models.BooleanField(_("in use"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    permission_scope = "team"
    collaborative_path = "ramp.team.collaborative"
    team_path = "ramp.team"

    class Meta:
        verbose_name = _("change in use")
        verbose_name_plural = _("changes in use")
        ordering = ["ramp", "classroom", "month"]
        constraints = [
            models.UniqueConstraint(fields=["ramp", "classroom", "month"], name="one_answer_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.ramp} – {self.classroom.code} {self.month:%Y-%m}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("A month is stored as its first day.")
        if self.ramp_id and self.classroom_id and self.classroom.program_id != self.ramp.team.program_id:
            errors["classroom"] = _("This classroom is not in the team's program.")
        if errors:
            raise ValidationError(errors)
