"""Shared measures with versioned operational definitions, and the monthly data reporting form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.access import reach_of
from breakthrough.collaboratives.models import Collaborative, Period, Team
from breakthrough.core.models import ArchivedQuerySet, BaseModel
from breakthrough.framework.models import PrimaryDriver, SecondaryDriver


class MeasureQuerySet(ArchivedQuerySet):
    def visible_to(self, user: Any) -> MeasureQuerySet:
        """As ``can_view``: shared measures for every role but observers; a team's own for that team."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        reach = reach_of(user)
        return self.filter(
            models.Q(collaborative_id__in=reach.reference, team__isnull=True)
            | models.Q(collaborative_id__in=reach.oversee)
            | models.Q(team_id__in=reach.teams)
        )


class ReportQuerySet(ArchivedQuerySet):
    def visible_to(self, user: Any) -> ReportQuerySet:
        """As ``can_view``: a team's own reports, and every report of a collaborative one oversees."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(reach_of(user).team_q("team__"))


class Measure(BaseModel):
    """One shared metric. Its definition lives in versions; this row is its identity."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        PROCESS = "process", _("Process")
        BALANCING = "balancing", _("Balancing")

    class Unit(models.TextChoices):
        PERCENT = "percent", _("Percent (numerator over denominator)")
        RATE = "rate", _("Rate (events per unit of exposure)")
        COUNT = "count", _("Count")
        MEAN = "mean", _("Mean or single value")

    class Better(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    class Requirement(models.TextChoices):
        REQUIRED = "required", _("Required")
        OPTIONAL = "optional", _("Optional")
        TEAM_DEFINED = "team_defined", _("Team-defined")

    class NumeratorSource(models.TextChoices):
        ENTERED = "entered", _("Entered on the monthly form")
        INCIDENT_REPORTS = "incident_reports", _("Counted from the team's behavior incident reports")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="measures")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    better = models.CharField(_("better direction"), max_length=8, choices=Better.choices)
    requirement = models.CharField(
        _("requirement"), max_length=16, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("defined by team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_measures",
    )
    primary_driver = models.ForeignKey(
        PrimaryDriver, verbose_name=_("primary driver"), on_delete=models.PROTECT, null=True, blank=True
    )
    secondary_driver = models.ForeignKey(
        SecondaryDriver, verbose_name=_("secondary driver"), on_delete=models.PROTECT, null=True, blank=True
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("An example measure, not a validated instrument.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    numerator_source = models.CharField(
        _("numerator comes from"),
        max_length=16,
        choices=NumeratorSource.choices,
        default=NumeratorSource.ENTERED,
        help_text=_(
            "Counted measures fill their numerator (or a count's value) from the platform; "
            "the team enters the rest."
        ),
    )

    objects = MeasureQuerySet.as_manager()

    permission_scope = "collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["collaborative", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["collaborative", "code"], name="unique_measure_code")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.requirement == self.Requirement.TEAM_DEFINED) != (self.team_id is not None):
            raise ValidationError({"team": _("A team-defined measure names its team, and only it does.")})
        if (
            self.secondary_driver_id
            and self.primary_driver_id
            and self.secondary_driver.primary_id != self.primary_driver_id
        ):
            raise ValidationError(
                {"secondary_driver": _("This secondary driver is not under that primary one.")}
            )

    @property
    def is_counted(self) -> bool:
        """Its numerator (or a count's value) is filled from the platform's records, not typed."""
        return self.numerator_source != self.NumeratorSource.ENTERED

    def version_for(self, month: dt.date) -> MeasureVersion | None:
        """The definition in force in a month: the newest version that took effect by then."""
        versions = [v for v in self.versions.all() if v.effective_from <= month]
        return max(versions, key=lambda v: v.number) if versions else None

    @property
    def current_version(self) -> MeasureVersion | None:
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


class MeasureVersion(BaseModel):
    """An operational definition. A changed definition is a new version; values keep the one they used."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"), help_text=_("The first month it applies to."))
    definition = models.TextField(_("operational definition"))
    numerator_definition = models.TextField(_("numerator"), blank=True)
    denominator_definition = models.TextField(_("denominator"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Measure.Unit.choices)
    multiplier = models.PositiveIntegerField(
        _("shown per"), default=1, help_text=_("100 shows a proportion as percent; 1000 a rate per 1,000.")
    )
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=3, null=True, blank=True)
    change_reason = models.TextField(_("why it changed"), blank=True)

    permission_scope = "collaborative"
    collaborative_path = "measure.collaborative"
    team_path = "measure.team"

    class Meta:
        verbose_name = _("measure version")
        verbose_name_plural = _("measure versions")
        ordering = ["measure", "number"]
        constraints = [models.UniqueConstraint(fields=["measure", "number"], name="unique_measure_version")]

    def __str__(self) -> str:
        return f"{self.measure} v{self.number}"

    def clean(self) -> None:
        if self.unit in (Measure.Unit.PERCENT, Measure.Unit.RATE) and not self.denominator_definition:
            raise ValidationError(
                {"denominator_definition": _("A percent or rate needs a denominator definition.")}
            )
        if self.effective_from and self.effective_from.day != 1:
            raise ValidationError(
                {"effective_from": _("A version takes effect on the first day of a month.")}
            )

    @property
    def has_denominator(self) -> bool:
        return self.unit in (Measure.Unit.PERCENT, Measure.Unit.RATE)


class MonthlyReport(BaseModel):
    """A team's data reporting form for one month: draft, submitted, reviewed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(_("what happened this month"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    permission_scope = "team"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["team", "period__month"]
        constraints = [models.UniqueConstraint(fields=["team", "period"], name="one_report_per_team_month")]

    def __str__(self) -> str:
        return f"{self.team} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("measures:report-detail", args=[self.pk])

    def clean(self) -> None:
        if self.team_id and self.period_id and self.team.collaborative_id != self.period.collaborative_id:
            raise ValidationError({"period": _("This period belongs to another collaborative.")})

    def is_late(self, today: dt.date) -> bool:
        """Not submitted by the due date (or submitted after it)."""
        due = self.period.due_date
        if self.submitted_at is not None:
            return self.submitted_at.date() > due
        return today > due

    @property
    def is_editable_by_team(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_locked_for_team(self) -> bool:
        # A report is the team's until faculty have reviewed it.
        return self.status == self.Status.REVIEWED


class MeasureValue(BaseModel):
    """One measure's value in one report. Blank stays blank: a missing month is never zero."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.PROTECT, related_name="values")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="values")
    measure_version = models.ForeignKey(MeasureVersion, on_delete=models.PROTECT, related_name="values")
    numerator = models.DecimalField(_("numerator"), max_digits=12, decimal_places=3, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    permission_scope = "team"
    collaborative_path = "report.team.collaborative"
    team_path = "report.team"

    class Meta:
        verbose_name = _("measure value")
        verbose_name_plural = _("measure values")
        ordering = ["report", "measure__order"]
        constraints = [models.UniqueConstraint(fields=["report", "measure"], name="one_value_per_measure")]

    def __str__(self) -> str:
        return f"{self.measure} – {self.report}"

    def clean(self) -> None:
        version = self.measure_version
        if self.measure_id and version.measure_id != self.measure_id:
            raise ValidationError({"measure_version": _("This version belongs to another measure.")})
        errors = validate_value(
            version.unit, self.numerator, self.denominator, self.value, counted=self.measure.is_counted
        )
        if errors:
            raise ValidationError(errors)

    @property
    def is_blank(self) -> bool:
        return self.numerator is None and self.denominator is None and self.value is None

    @property
    def plotted(self) -> Decimal | None:
        """The value as charted (before a multiplier), or None for a blank month."""
        if self.measure_version.has_denominator:
            if self.numerator is None or not self.denominator:
                return None
            return self.numerator / self.denominator
        return self.value


def validate_value(
    unit: str,
    numerator: Decimal | None,
    denominator: Decimal | None,
    value: Decimal | None,
    *,
    counted: bool = False,
) -> dict[str, Any]:
    """The rules of one entry on the form, by unit; an all-blank entry is a missing month, which is fine.
    ``counted``: the numerator is counted by the platform (from incident reports), never typed."""
    errors: dict[str, Any] = {}
    if unit in (Measure.Unit.PERCENT, Measure.Unit.RATE):
        if value is not None:
            errors["value"] = _("This measure is entered as a numerator and a denominator.")
        if counted and numerator is not None and denominator is None:
            errors["denominator"] = _(
                "Enter the denominator: the numerator is counted from this month's incident reports."
            )
        elif (numerator is None) != (denominator is None):
            missing = "denominator" if denominator is None else "numerator"
            errors[missing] = _("Enter both the numerator and the denominator, or leave both blank.")
        for name, number in (("numerator", numerator), ("denominator", denominator)):
            if number is not None and number < 0:
                errors[name] = _("This cannot be negative.")
        if denominator is not None and denominator == 0 and numerator is not None:
            errors["denominator"] = _("The denominator cannot be zero.")
        if (
            unit == Measure.Unit.PERCENT
            and "numerator" not in errors
            and "denominator" not in errors
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            errors["numerator"] = _("The numerator cannot be larger than the denominator.")
    else:
        if numerator is not None or denominator is not None:
            errors["value"] = _("This measure is entered as a single value.")
        if value is not None and unit == Measure.Unit.COUNT:
            if value < 0:
                errors["value"] = _("A count cannot be negative.")
            elif value != value.to_integral_value():
                errors["value"] = _("A count is a whole number.")
    return errors
