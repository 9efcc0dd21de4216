"""Behavior incidents: what a team's staff report, the children they concern and the demographics collected.

The reports feed the incidents measure (``measures``) and the study's equity analysis (``study``), which
both build on this app. A child appears only by a program-internal code, never by name.

The models moved here from the study app; their tables were renamed from ``study_*`` in
``study/migrations/0005`` (rows kept).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.models import BaseModel


class DemographicCategory(BaseModel):
    """A demographic the collaborative collects for incidents and equity profiles, with its options."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    options = models.JSONField(_("options"), default=list, help_text=_("A list of option labels."))

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("demographic category")
        verbose_name_plural = _("demographic categories")
        ordering = ["collaborative", "code"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "code"], name="one_category_per_code")
        ]

    def __str__(self) -> str:
        return self.name


class Child(BaseModel):
    """An enrolled child, by a program-internal code only, with the configured demographics."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(
        _("child code"), max_length=32, help_text=_("The program's internal code. No names.")
    )
    demographics = models.JSONField(_("demographics"), default=dict, blank=True)

    permission_scope = "team"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("enrolled child")
        verbose_name_plural = _("enrolled children")
        ordering = ["team", "code"]
        constraints = [models.UniqueConstraint(fields=["team", "code"], name="one_child_per_code")]

    def __str__(self) -> str:
        return self.code


class Incident(BaseModel):
    """A behavior incident report (after the Pyramid Model's BIR form)."""

    class Outcome(models.TextChoices):
        NONE = "none", _("No removal")
        SUSPENSION = "suspension", _("Suspension")
        DISMISSAL = "dismissal", _("Dismissal")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child_code = models.CharField(_("child code"), max_length=32, help_text=_("The program's internal code."))
    occurred_on = models.DateField(_("date"))
    occurred_at = models.TimeField(_("time"), null=True, blank=True)
    activity = models.CharField(_("activity"), max_length=200)
    behavior = models.CharField(_("problem behavior"), max_length=200)
    motivation = models.CharField(_("possible motivation"), max_length=200, blank=True)
    adult_response = models.CharField(_("adult response"), max_length=200, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    outcome = models.CharField(_("removal"), max_length=16, choices=Outcome.choices, default=Outcome.NONE)
    demographics = models.JSONField(_("demographics"), default=dict, blank=True)

    permission_scope = "team"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("behavior incident")
        verbose_name_plural = _("behavior incidents")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.child_code} {self.occurred_on}"

    def clean(self) -> None:
        if self.occurred_on and self.occurred_on > timezone.localdate():
            message = _("An incident is reported after it happened: pick today or an earlier day.")
            raise ValidationError({"occurred_on": message})
