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

from breakthrough.collaboratives.models import Classroom, Collaborative, Team
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


class IncidentOption(BaseModel):
    """One choice of a list the incident form offers (the BIRS habit): a behavior, an activity, a possible
    motivation or an adult response, defined by project staff for their collaborative. The form always adds
    "Other" with a text box. An incident keeps the option's English label (its stable value); pages show the
    reader's language."""

    class Field(models.TextChoices):
        BEHAVIOR = "behavior", _("Problem behavior")
        ACTIVITY = "activity", _("Activity")
        MOTIVATION = "motivation", _("Possible motivation")
        RESPONSE = "adult_response", _("Adult response")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("list"), max_length=16, choices=Field.choices)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("incident list option")
        verbose_name_plural = _("incident list options")
        ordering = ["collaborative", "field", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "field", "label"], name="one_incident_option_per_label"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.label}"


class Incident(BaseModel):
    """A behavior incident report (after the Pyramid Model's BIR form)."""

    class Outcome(models.TextChoices):
        NONE = "none", _("No removal")
        SUSPENSION = "suspension", _("Suspension")
        DISMISSAL = "dismissal", _("Dismissal")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child_code = models.CharField(_("child code"), max_length=32, help_text=_("The program's internal code."))
    classroom = models.ForeignKey(
        Classroom,
        verbose_name=_("classroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
        if self.classroom_id and self.team_id and self.classroom.program_id != self.team.program_id:
            raise ValidationError({"classroom": _("Choose one of your program's classrooms.")})
