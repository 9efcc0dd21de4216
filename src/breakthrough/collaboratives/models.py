from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from breakthrough.core.models import ArchivedQuerySet, BaseModel


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class SustainmentReporting(models.TextChoices):
    MONTHLY = "monthly", _("Every month, as before")
    QUARTERLY = "quarterly", _("Every quarter (March, June, September, December)")
    OPTIONAL = "optional", _("Optional (no reminders, never late)")


class Collaborative(BaseModel):
    """One time-limited Breakthrough Series Collaborative on one topic."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    report_due_day = models.PositiveSmallIntegerField(
        _("monthly report due on day"),
        default=10,
        help_text=_("Reports for a month are due on this day of the following month."),
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("smallest cell shown to viewers"), default=settings.SMALL_CELL_THRESHOLD
    )
    report_reminder_days = models.PositiveSmallIntegerField(
        _("remind teams this many days before a report is due"), default=3
    )
    pdsa_wait_days = models.PositiveSmallIntegerField(
        _("remind of a PDSA cycle waiting in Study or Act after this many days"), default=14
    )
    sustainment_open = models.BooleanField(
        _("sustainment stays open after the end date"),
        default=True,
        help_text=_("Monthly periods go on after the end date until staff close sustainment."),
    )
    sustainment_reporting = models.CharField(
        _("reporting after the end date"),
        max_length=12,
        choices=SustainmentReporting.choices,
        default=SustainmentReporting.QUARTERLY,
    )

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("collaborative")
        verbose_name_plural = _("collaboratives")
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The collaborative must end after it starts.")})
        if not 1 <= self.report_due_day <= 28:
            raise ValidationError({"report_due_day": _("Choose a day between 1 and 28.")})

    def get_collaborative(self) -> Collaborative:
        return self

    def get_team(self) -> None:
        return None

    def contains(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    def dates_outside(self, **days: dt.date | None) -> dict[str, Any]:
        """An error for each named date that falls outside the collaborative (blank dates are fine)."""
        message = _("This date is outside the collaborative's dates.")
        return {name: message for name, day in days.items() if day and not self.contains(day)}

    @cached_property
    def timeline(self) -> list[Phase]:
        """Its phases in date order, read once per object (a dashboard asks for them several times)."""
        return list(self.phases.order_by("start_date", "pk"))

    def in_sustainment(self, day: dt.date) -> bool:
        """In the sustainment phase, or after the end date while sustainment stays open."""
        if day > self.end_date:
            return self.sustainment_open
        return any(p.kind == Phase.Kind.SUSTAINMENT and p.start_date <= day for p in self.timeline)

    def reporting_expected(self, month: dt.date) -> bool:
        """Whether a report for this month is asked for (reminded, counted late)."""
        if month <= self.end_date:
            return True
        if not self.sustainment_open or self.sustainment_reporting == SustainmentReporting.OPTIONAL:
            return False
        return self.sustainment_reporting == SustainmentReporting.MONTHLY or month.month % 3 == 0

    def reporting_months(self) -> list[dt.date]:
        """The first day of every month the collaborative covers, in order."""
        months, month = [], month_start(self.start_date)
        while month <= self.end_date:
            months.append(month)
            month = add_months(month, 1)
        return months


class Phase(BaseModel):
    """One step of the timeline: pre-work, learning sessions, action periods, sustainment."""

    class Kind(models.TextChoices):
        PRE_WORK = "pre_work", _("Pre-work")
        LEARNING_SESSION_1 = "ls1", _("Learning session 1")
        ACTION_PERIOD_1 = "ap1", _("Action period 1")
        LEARNING_SESSION_2 = "ls2", _("Learning session 2")
        ACTION_PERIOD_2 = "ap2", _("Action period 2")
        LEARNING_SESSION_3 = "ls3", _("Learning session 3")
        ACTION_PERIOD_3 = "ap3", _("Action period 3")
        SUSTAINMENT = "sustainment", _("Sustainment")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="phases")
    kind = models.CharField(_("phase"), max_length=16, choices=Kind.choices)
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["collaborative", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "kind"], name="one_phase_of_each_kind")
        ]

    def __str__(self) -> str:
        # "Learning session 1 (Mar 3 – Mar. 4, 2026)", "Sesión de aprendizaje 1 (3 mar – 4 de marzo de 2026)"
        start, end = (
            date_format(self.start_date, "MONTH_DAY_FORMAT"),
            date_format(self.end_date, "DATE_FORMAT"),
        )
        return f"{self.get_kind_display()} ({start} – {end})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A phase cannot end before it starts.")})
        errors = self.collaborative.dates_outside(start_date=self.start_date, end_date=self.end_date)
        if errors:
            raise ValidationError(errors)

    @property
    def is_learning_session(self) -> bool:
        return self.kind in {
            self.Kind.LEARNING_SESSION_1,
            self.Kind.LEARNING_SESSION_2,
            self.Kind.LEARNING_SESSION_3,
        }


class Period(BaseModel):
    """A monthly reporting period, derived from the collaborative's dates."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="periods")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    due_date = models.DateField(_("report due"))

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["collaborative", "month"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "month"], name="one_period_per_month")
        ]

    def __str__(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")  # "March 2026", "marzo de 2026"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A reporting period starts on the first day of a month.")})

    @property
    def end_date(self) -> dt.date:
        return add_months(self.month, 1) - dt.timedelta(days=1)

    def phase(self) -> Phase | None:
        """The phase this month falls in mostly (its middle day)."""
        middle = self.month + dt.timedelta(days=14)
        return next(
            (p for p in self.collaborative.phases.all() if p.start_date <= middle <= p.end_date), None
        )


class ProgramQuerySet(ArchivedQuerySet["Program"]):
    def in_collaboratives(self, ids: Iterable[int]) -> ProgramQuerySet:
        """The programs of any of these collaboratives (registered there, or with a team there)."""
        ids = list(ids)
        return self.filter(Q(registered_in_id__in=ids) | Q(teams__collaborative_id__in=ids)).distinct()


class ClassroomQuerySet(ArchivedQuerySet["Classroom"]):
    def in_collaboratives(self, ids: Iterable[int]) -> ClassroomQuerySet:
        ids = list(ids)
        return self.filter(
            Q(program__registered_in_id__in=ids) | Q(program__teams__collaborative_id__in=ids)
        ).distinct()


class Program(BaseModel):
    """An early learning organization (CEDS: Early Learning Organization).

    A program belongs to the collaborative whose staff registered it and to every collaborative it sends a
    team to; only those collaboratives' people see it, and only their project staff change it.
    """

    class Kind(models.TextChoices):
        CHILD_CARE_CENTER = "child_care_center", _("Child care center")
        HEAD_START = "head_start", _("Head Start")
        EARLY_HEAD_START = "early_head_start", _("Early Head Start")
        FAMILY_CHILD_CARE = "family_child_care", _("Family child care home")

    class Setting(models.TextChoices):  # CEDS "Early Learning Setting" (abridged)
        CENTER = "center", _("Center-based")
        HOME = "home", _("Home-based")
        SCHOOL = "school", _("Public school-based")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("program type"), max_length=32, choices=Kind.choices)
    setting = models.CharField(_("setting"), max_length=16, choices=Setting.choices, default=Setting.CENTER)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    neighborhood = models.CharField(_("neighborhood"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    licensed_capacity = models.PositiveIntegerField(_("licensed capacity"), null=True, blank=True)
    license_number = models.CharField(_("license number"), max_length=50, blank=True)
    qris_level = models.CharField(_("QRIS level"), max_length=20, blank=True)
    qris_date = models.DateField(_("QRIS rating date"), null=True, blank=True)
    registered_in = models.ForeignKey(
        Collaborative,
        verbose_name=_("registered in"),
        on_delete=models.PROTECT,
        related_name="registered_programs",
        null=True,
        blank=True,
    )

    objects = ProgramQuerySet.as_manager()

    permission_scope = "program"
    collaborative_path = None

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.street_address, self.city, self.state) if p)

    def collaborative_ids(self) -> set[int]:
        """The collaboratives this program belongs to (see the class docstring)."""
        ids = set(self.teams.values_list("collaborative_id", flat=True)) if self.pk else set()
        return ids | ({self.registered_in_id} if self.registered_in_id else set())


class Classroom(BaseModel):
    class AgeGroup(models.TextChoices):
        INFANT = "infant", _("Infant")
        TODDLER = "toddler", _("Toddler")
        PRESCHOOL = "preschool", _("Preschool")
        MIXED = "mixed", _("Mixed ages")

    class Participation(models.TextChoices):
        PARTICIPATING = "participating", _("Participating (a teacher is on the team)")
        SPREAD = "spread", _("Spread (no teacher on the team)")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_("The neutral code observers see instead of the name."),
    )
    age_group = models.CharField(_("age group"), max_length=16, choices=AgeGroup.choices)
    participation = models.CharField(
        _("participation"), max_length=16, choices=Participation.choices, default=Participation.SPREAD
    )
    children_enrolled = models.PositiveSmallIntegerField(_("children enrolled"), null=True, blank=True)

    objects = ClassroomQuerySet.as_manager()

    permission_scope = "program"
    collaborative_path = None

    class Meta:
        verbose_name = _("classroom")
        verbose_name_plural = _("classrooms")
        ordering = ["program", "name"]

    def __str__(self) -> str:
        return f"{self.program} – {self.name}"

    def collaborative_ids(self) -> set[int]:
        return self.program.collaborative_ids()


class Team(BaseModel):
    """The cross-role team a program sends to a collaborative."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="teams")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    aim_statement = models.TextField(_("team aim"), blank=True)

    permission_scope = "team"

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["collaborative", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "program"], name="one_team_per_program")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pdsa:storyboard", args=[self.pk])

    def get_collaborative(self) -> Collaborative:
        return self.collaborative

    def get_team(self) -> Team:
        return self


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    ASSISTANT_TEACHER = "assistant_teacher", _("Assistant teacher")
    DIRECTOR = "director", _("Director / administrator")
    FAMILY_MEMBER = "family_member", _("Family member")
    SENIOR_LEADER = "senior_leader", _("Senior leader")
    TEAM_LEAD = "team_lead", _("Team lead")
    FACULTY = "faculty", _("Faculty")
    PROJECT_STAFF = "project_staff", _("Project staff")
    EVALUATOR = "evaluator", _("Evaluator")
    OBSERVER = "observer", _("Observer")
    VIEWER = "viewer", _("Viewer")


TEAM_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.ASSISTANT_TEACHER,
        Role.DIRECTOR,
        Role.FAMILY_MEMBER,
        Role.SENIOR_LEADER,
        Role.TEAM_LEAD,
    }
)


def validate_role_and_team(row: Any) -> None:
    """Team roles name a team of the same collaborative; collaborative roles (but faculty) name none.

    Shared by memberships and the invitations that become them.
    """
    errors: dict[str, Any] = {}
    if row.role in TEAM_ROLES and row.team_id is None:
        errors["team"] = _("A %(role)s belongs to a team.") % {"role": row.get_role_display()}
    if row.role not in TEAM_ROLES | {Role.FACULTY} and row.team_id is not None:
        errors["team"] = _("This role belongs to the whole collaborative, not to one team.")
    if row.team_id and row.collaborative_id and row.team.collaborative_id != row.collaborative_id:
        errors["team"] = _("This team belongs to another collaborative.")
    if errors:
        raise ValidationError(errors)


class Membership(BaseModel):
    """A person's role in a collaborative, and for team roles, on which team."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    permission_scope = "membership"
    team_path = "team"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["collaborative", "team", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collaborative", "team", "role"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        where = self.team or self.collaborative
        return f"{self.user} – {self.get_role_display()} ({where})"

    def clean(self) -> None:
        validate_role_and_team(self)


class InvitationQuerySet(models.QuerySet):
    def pending(self, now: dt.datetime) -> InvitationQuerySet:
        return self.filter(archived_at__isnull=True, accepted_at__isnull=True, expires_at__gt=now)


class Invitation(BaseModel):
    """An invitation by email to join a collaborative in a role. Only a hash of its token is stored."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="invitations")
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language of the email"), max_length=8, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    # Seen by oversight roles; views add the rule that only project staff manage invitations.
    permission_scope = "team"
    team_path = "team"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["collaborative", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.collaborative})"

    def clean(self) -> None:
        validate_role_and_team(self)

    def status(self, now: dt.datetime) -> str:
        if self.archived_at is not None:
            return "revoked"
        if self.accepted_at is not None:
            return "accepted"
        if now >= self.expires_at:
            return "expired"
        return "pending"
