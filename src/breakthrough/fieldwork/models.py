"""The study's field records: session observations, technical assistance, adaptations, child outcomes.

Privacy rules that hold here (each has a test):

- a child is a study code, never a name (``CHILD_CODE``: letters and digits with at least one digit);
- a child assessment stores each child's total score only; a proprietary tool's item text is never stored
  (``study.Item.clean``);
- a session observation is about an event (a learning session or a call), never about a classroom: it tells
  an observer nothing about which classrooms take part.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Classroom, Collaborative, Role, Team
from breakthrough.core.models import ArchivedQuerySet, BaseModel, Scoped
from breakthrough.events.models import Event
from breakthrough.study.models import Instrument, Item

CHILD_CODE = re.compile(r"^(?=.*\d)[A-Z0-9]+(?:-[A-Z0-9]+)*$")
"""A child's study code: 3–16 capital letters and digits, hyphens between them, at least one digit."""
CHILD_CODE_HELP = _(
    "The child's study code: 3 to 16 letters and digits with at least one digit, hyphens allowed "
    "(for example K2-014). Never the child's name."
)


def normalise_child_code(text: str) -> str:
    return (text or "").strip().upper()


def child_code_error(code: str) -> str | None:
    """Why a child code is refused (a name is: it has no digit), or None."""
    if not code:
        return str(_("Enter the child's study code."))
    if not 3 <= len(code) <= 16 or not CHILD_CODE.match(code):
        return str(
            _(
                "“%(code)s” is not a study code: use 3 to 16 letters and digits with at least one digit "
                "(for example K2-014), never a name."
            )
            % {"code": code[:20]}
        )
    return None


SESSION_EVENT_KINDS = (Event.Kind.LEARNING_SESSION, Event.Kind.COLLABORATIVE_CALL, Event.Kind.AFFINITY_CALL)
"""The events a session observation can be about: learning sessions and collaborative-wide calls."""


class Speaker(models.TextChoices):
    """Who speaks in a session, by role (the "power shift": faculty and staff against teams and families)."""

    FACULTY = Role.FACULTY.value, _("Faculty")
    PROJECT_STAFF = Role.PROJECT_STAFF.value, _("Project staff")
    DIRECTOR = Role.DIRECTOR.value, _("Director / administrator")
    TEACHER = Role.TEACHER.value, _("Teacher")
    FAMILY = Role.FAMILY_MEMBER.value, _("Family member")
    OTHER = "other", _("Other")


SPEAKER_GROUPS: dict[str, tuple[str, ...]] = {
    "faculty_staff": (Speaker.FACULTY, Speaker.PROJECT_STAFF),
    "team_staff": (Speaker.DIRECTOR, Speaker.TEACHER),
    "families": (Speaker.FAMILY,),
}
"""Speakers grouped for the power shift: faculty and staff, the programs' staff, families."""


class SessionObservation(BaseModel):
    """An evaluator's observation of one learning session or call, on a session protocol."""

    event = models.ForeignKey(
        Event, verbose_name=_("session or call"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("protocol"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Instrument.Kind.SESSION},
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("observer"), on_delete=models.PROTECT, related_name="+"
    )
    observed_on = models.DateField(_("observed on"))
    cross_team_exchanges = models.PositiveSmallIntegerField(
        _("cross-team exchanges"),
        default=0,
        help_text=_("How many times people of one team spoke to or built on another team's work."),
    )
    notes = models.TextField(_("notes"), blank=True)

    permission_scope = "session_observation"
    collaborative_path = "event.collaborative"

    class Meta:
        verbose_name = _("session observation")
        verbose_name_plural = _("session observations")
        ordering = ["observed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.event.title} – {self.observed_on:%Y-%m-%d}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.instrument_id and self.instrument.kind != Instrument.Kind.SESSION:
            errors["instrument"] = _("Choose a learning-session observation protocol.")
        if self.event_id and self.event.kind not in SESSION_EVENT_KINDS:
            errors["event"] = _("Choose a learning session or a collaborative call.")
        if errors:
            raise ValidationError(errors)


class SessionScore(Scoped, models.Model):
    """One protocol item's score in one session observation."""

    observation = models.ForeignKey(SessionObservation, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"))

    permission_scope = "session_observation"
    collaborative_path = "observation.event.collaborative"

    class Meta:
        verbose_name = _("session score")
        verbose_name_plural = _("session scores")
        constraints = [
            models.UniqueConstraint(fields=["observation", "item"], name="one_session_score_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


class SessionVoice(Scoped, models.Model):
    """How many turns people of one role took in one observed session."""

    observation = models.ForeignKey(SessionObservation, on_delete=models.CASCADE, related_name="voices")
    role = models.CharField(_("role"), max_length=16, choices=Speaker.choices)
    turns = models.PositiveSmallIntegerField(_("turns"), validators=[MaxValueValidator(2000)])

    permission_scope = "session_observation"
    collaborative_path = "observation.event.collaborative"

    class Meta:
        verbose_name = _("speaking turns")
        verbose_name_plural = _("speaking turns")
        constraints = [models.UniqueConstraint(fields=["observation", "role"], name="one_voice_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.turns}"


class TAContact(BaseModel):
    """One technical-assistance contact with a team: who gave it, on what, how long, how."""

    class Topic(models.TextChoices):
        DATA_COLLECTION = "data_collection", _("Data collection")
        PDSA_DESIGN = "pdsa_design", _("PDSA design")
        MEASURES = "measures", _("Measures and charts")
        LEADERSHIP = "leadership", _("Leadership")
        FAMILY_ENGAGEMENT = "family_engagement", _("Family engagement")
        OTHER = "other", _("Other")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("provided by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    permission_scope = "ta"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("technical-assistance contact")
        verbose_name_plural = _("technical-assistance contacts")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.team} {self.date:%Y-%m-%d} {self.get_topic_display()}"

    def clean(self) -> None:
        if self.date and self.team_id:
            errors = self.team.collaborative.dates_outside(date=self.date)
            if errors:
                raise ValidationError(errors)


class Adaptation(BaseModel):
    """A change to the collaborative's design: what changed, why, when."""

    class Component(models.TextChoices):
        LEARNING_SESSIONS = "learning_sessions", _("Learning sessions")
        CALLS = "calls", _("Calls")
        MEASURES = "measures", _("Measures")
        PDSA_FORMS = "pdsa_forms", _("PDSA forms")
        DATA_COLLECTION = "data_collection", _("Data collection")
        COACHING = "coaching", _("Coaching")
        OTHER = "other", _("Other")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    component = models.CharField(_("component"), max_length=32, choices=Component.choices)
    what_changed = models.TextField(_("what changed"))
    why = models.TextField(_("why"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    permission_scope = "adaptation"

    class Meta:
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_component_display()}"


class ChildScoreQuerySet(ArchivedQuerySet["ChildScore"]):
    def of_collaborative(self, collaborative: Collaborative | int) -> ChildScoreQuerySet:
        return self.filter(collaborative=collaborative)


class ChildScore(BaseModel):
    """One child's total score on a child assessment at one time point, by study code (never a name)."""

    class TimePoint(models.TextChoices):
        PRE = "pre", _("Pre (fall)")
        POST = "post", _("Post (spring)")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(
        Classroom, verbose_name=_("classroom"), on_delete=models.PROTECT, related_name="+"
    )
    child_code = models.CharField(_("child code"), max_length=16, help_text=CHILD_CODE_HELP)
    time_point = models.CharField(_("time point"), max_length=8, choices=TimePoint.choices)
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Instrument.Kind.CHILD},
    )
    score = models.FloatField(_("score"))
    assessed_on = models.DateField(_("assessed on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ChildScoreQuerySet.as_manager()
    permission_scope = "child_score"

    class Meta:
        verbose_name = _("child score")
        verbose_name_plural = _("child scores")
        ordering = ["classroom", "child_code", "time_point"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "instrument", "child_code", "time_point"],
                name="one_child_score_per_time_point",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child_code} {self.time_point}"

    def get_team(self) -> Team | None:
        return Team.objects.filter(
            collaborative=self.collaborative_id, program=self.classroom.program_id
        ).first()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.child_code = normalise_child_code(self.child_code)
        problem = child_code_error(self.child_code)
        if problem:
            errors["child_code"] = problem
        if self.instrument_id:
            if self.instrument.kind != Instrument.Kind.CHILD:
                errors["instrument"] = _("Choose a child assessment.")
            else:
                low, high = score_range(self.instrument)
                if self.score is not None and not low <= self.score <= high:
                    errors["score"] = _("A score on this assessment lies between %(low)s and %(high)s.") % {
                        "low": _number(low),
                        "high": _number(high),
                    }
        if errors:
            raise ValidationError(errors)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def score_range(instrument: Instrument) -> tuple[float, float]:
    """The lowest and highest total a child assessment gives: its items' scales, summed or averaged as its
    first subscale scores them (the sum when it has none)."""
    items = list(instrument.items.active().values_list("scale_min", "scale_max"))
    if not items:
        return (0.0, 1000.0)
    subscale = instrument.subscales.active().first()
    if subscale is not None and subscale.scoring == subscale.Scoring.MEAN:
        return (float(min(lo for lo, _hi in items)), float(max(hi for _lo, hi in items)))
    return (float(sum(lo for lo, _hi in items)), float(sum(hi for _lo, hi in items)))
