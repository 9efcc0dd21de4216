"""Intake: programs apply to join a collaborative, project staff rate their readiness against a rubric
defined as data and accept or decline; and the community planning meeting where the focus areas, drivers
and measures were chosen.

Who sees what (collaboratives/access.py): applications and their ratings hold a director's contact data and
the reviewers' notes, so only project staff reach them (scope ``application``). The rubric and the readiness
scores (numbers, no contact data) are read by the study team, evaluators included (scope ``readiness``).
The call for applications and the planning meeting are reference data (scope ``collaborative``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Program, Role, Team
from breakthrough.core.models import BaseModel
from breakthrough.framework.models import PrimaryDriver
from breakthrough.measures.models import Measure


class ApplicationCall(BaseModel):
    """A call for applications: whether the public form is open, until when, and what it says."""

    collaborative = models.OneToOneField(
        Collaborative,
        verbose_name=_("collaborative"),
        on_delete=models.PROTECT,
        related_name="application_call",
    )
    applications_open = models.BooleanField(_("open for applications"), default=False)
    closes_on = models.DateField(
        _("applications close on"),
        null=True,
        blank=True,
        help_text=_("Leave blank to keep it open until closed."),
    )
    introduction = models.TextField(_("introduction shown on the form"), blank=True)

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["collaborative"]

    def __str__(self) -> str:
        return str(self.collaborative)

    def is_open(self, today: dt.date) -> bool:
        return self.applications_open and (self.closes_on is None or today <= self.closes_on)


class Application(BaseModel):
    """A program's application to join a collaborative, sent from the public form (no account)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    collaborative = models.ForeignKey(
        Collaborative, verbose_name=_("collaborative"), on_delete=models.PROTECT, related_name="applications"
    )
    program_name = models.CharField(_("program name"), max_length=200)
    program_kind = models.CharField(_("program type"), max_length=32, choices=Program.Kind.choices)
    street_address = models.CharField(_("street address"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    director_name = models.CharField(_("director's name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    classrooms = models.PositiveSmallIntegerField(
        _("number of classrooms"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    children_enrolled = models.PositiveIntegerField(
        _("children enrolled"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    languages_spoken = models.CharField(
        _("languages spoken by children and families"), max_length=200, blank=True
    )
    motivation = models.TextField(_("why the program wants to join"))
    team_members = models.TextField(_("who would be on the team"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )

    permission_scope = "application"

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["collaborative", "-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.program_name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.status == self.Status.ACCEPTED and (self.program_id is None or self.team_id is None):
            errors["status"] = _("An accepted application names the program and the team it became.")
        if self.team_id and self.collaborative_id and self.team.collaborative_id != self.collaborative_id:
            errors["team"] = _("This team belongs to another collaborative.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReadinessRubric(BaseModel):
    """The rubric a collaborative rates applications against: criteria, each with scored levels."""

    collaborative = models.OneToOneField(
        Collaborative,
        verbose_name=_("collaborative"),
        on_delete=models.PROTECT,
        related_name="readiness_rubric",
    )
    name = models.CharField(_("name"), max_length=200)

    permission_scope = "readiness"

    class Meta:
        verbose_name = _("readiness rubric")
        verbose_name_plural = _("readiness rubrics")
        ordering = ["collaborative"]

    def __str__(self) -> str:
        return self.name


class ReadinessCriterion(BaseModel):
    rubric = models.ForeignKey(
        ReadinessRubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    permission_scope = "readiness"
    collaborative_path = "rubric.collaborative"

    class Meta:
        verbose_name = _("readiness criterion")
        verbose_name_plural = _("readiness criteria")
        ordering = ["rubric", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def top_score(self) -> int:
        """The highest level's score (reads the levels once; prefetch them for a list)."""
        return max((level.score for level in self.levels.all() if level.archived_at is None), default=0)


class ReadinessLevel(BaseModel):
    criterion = models.ForeignKey(
        ReadinessCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="levels"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    label = models.CharField(_("label"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    permission_scope = "readiness"
    collaborative_path = "criterion.rubric.collaborative"

    class Meta:
        verbose_name = _("readiness level")
        verbose_name_plural = _("readiness levels")
        ordering = ["criterion", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="one_level_per_score"),
        ]

    def __str__(self) -> str:
        return f"{self.score} – {self.label}"


class ReadinessRating(BaseModel):
    """One reviewer's level for one criterion of one application, with a note."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="ratings"
    )
    criterion = models.ForeignKey(
        ReadinessCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="ratings"
    )
    level = models.ForeignKey(
        ReadinessLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    permission_scope = "application"
    collaborative_path = "application.collaborative"

    class Meta:
        verbose_name = _("readiness rating")
        verbose_name_plural = _("readiness ratings")
        ordering = ["application", "criterion", "rater"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "rater"], name="one_rating_per_criterion_and_rater"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.criterion}: {self.level.score}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.level_id and self.criterion_id and self.level.criterion_id != self.criterion_id:
            errors["level"] = _("This level belongs to another criterion.")
        if (
            self.criterion_id
            and self.application_id
            and self.criterion.rubric.collaborative_id != self.application.collaborative_id
        ):
            errors["criterion"] = _("This criterion belongs to another collaborative's rubric.")
        if errors:
            raise ValidationError(errors)


PARTICIPANT_ROLES = [
    *Role.choices,
    ("community_partner", _("Community partner")),
    ("other", _("Other")),
]
"""Who took part in the planning meeting: the collaborative's roles, and community partners."""


class PlanningMeeting(BaseModel):
    """The community planning meeting where the focus areas, drivers and measures were chosen."""

    collaborative = models.OneToOneField(
        Collaborative,
        verbose_name=_("collaborative"),
        on_delete=models.PROTECT,
        related_name="planning_meeting",
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    focus_areas = models.TextField(_("focus areas chosen"))
    rationale = models.TextField(_("rationale"))
    drivers = models.ManyToManyField(
        PrimaryDriver, verbose_name=_("drivers chosen"), blank=True, related_name="planning_meetings"
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures chosen"), blank=True, related_name="planning_meetings"
    )

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("planning meeting")
        verbose_name_plural = _("planning meetings")
        ordering = ["collaborative"]

    def __str__(self) -> str:
        return f"{self.collaborative} – {self.held_on:%Y-%m-%d}"

    @property
    def total_participants(self) -> int:
        return sum(p.count for p in self.participants.all())


class PlanningParticipant(BaseModel):
    """How many people of one role took part in the planning meeting."""

    meeting = models.ForeignKey(
        PlanningMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=32, choices=PARTICIPANT_ROLES)
    count = models.PositiveSmallIntegerField(_("people"), validators=[MinValueValidator(1)])

    permission_scope = "collaborative"
    collaborative_path = "meeting.collaborative"

    class Meta:
        verbose_name = _("planning meeting participants")
        verbose_name_plural = _("planning meeting participants")
        ordering = ["meeting", "role"]
        constraints = [models.UniqueConstraint(fields=["meeting", "role"], name="one_count_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.count}"
