"""The PDSA log: cycles of Plan, Do, Study, Act, grouped in ramps on one change idea."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.access import PARTICIPANTS, collaboratives_where, teams_seen_by
from breakthrough.collaboratives.models import Team
from breakthrough.core.models import ArchivedQuerySet, BaseModel
from breakthrough.framework.models import ChangeIdea


class RampQuerySet(ArchivedQuerySet):
    def visible_to(self, user: Any) -> RampQuerySet:
        """Agrees with ``can_view`` for the "team" scope."""
        if getattr(user, "is_superuser", False):
            return self
        return self.filter(team__in=teams_seen_by(user))


class CycleQuerySet(ArchivedQuerySet):
    def visible_to(self, user: Any) -> CycleQuerySet:
        """Agrees with ``can_view`` for the "shareable" scope: a team's own cycles, and shared ones."""
        if getattr(user, "is_superuser", False):
            return self
        return self.filter(
            Q(ramp__team__in=teams_seen_by(user))
            | Q(is_shared=True, ramp__team__collaborative__in=collaboratives_where(user, PARTICIPANTS))
        )

    def shared(self) -> CycleQuerySet:
        return self.filter(is_shared=True)


class Ramp(BaseModel):
    """Successive cycles testing one change idea, each building on the last."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="ramps")
    change_idea = models.ForeignKey(
        ChangeIdea, verbose_name=_("change idea"), on_delete=models.PROTECT, related_name="ramps"
    )
    title = models.CharField(_("title"), max_length=200)

    objects = RampQuerySet.as_manager()

    permission_scope = "team"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("ramp")
        verbose_name_plural = _("ramps")
        ordering = ["team", "created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.team_id and self.change_idea_id:
            if self.change_idea.get_collaborative().pk != self.team.collaborative_id:
                raise ValidationError(
                    {"change_idea": _("This change idea belongs to another collaborative.")}
                )
            if self.change_idea.team_id not in (None, self.team_id):
                raise ValidationError({"change_idea": _("This change idea belongs to another team.")})

    def get_absolute_url(self) -> str:
        return reverse("pdsa:ramp-detail", args=[self.pk])


class PDSACycle(BaseModel):
    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Adopt")
        ADAPT = "adapt", _("Adapt")
        ABANDON = "abandon", _("Abandon")

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        STUDY = "study", _("Study")
        ACT = "act", _("Act")
        DONE = "done", _("Done")

    ramp = models.ForeignKey(Ramp, on_delete=models.PROTECT, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("cycle"))
    # Plan
    objective = models.TextField(_("objective"))
    questions = models.TextField(_("questions"), blank=True)
    prediction = models.TextField(_("prediction"), blank=True)
    plan_who = models.TextField(_("who"), blank=True)
    plan_what = models.TextField(_("what"), blank=True)
    plan_where = models.TextField(_("where"), blank=True)
    plan_when = models.TextField(_("when"), blank=True)
    data_to_collect = models.TextField(_("data to collect"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # Do
    do_observations = models.TextField(_("what happened"), blank=True)
    do_surprises = models.TextField(_("surprises and problems"), blank=True)
    done_on = models.DateField(_("carried out on"), null=True, blank=True)
    # Study
    study_results = models.TextField(_("results against the prediction"), blank=True)
    study_learning = models.TextField(_("what we learned"), blank=True)
    # Act
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    acted_on = models.DateField(_("decided on"), null=True, blank=True)
    # Sharing
    is_shared = models.BooleanField(_("shared with the collaborative"), default=False)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CycleQuerySet.as_manager()

    permission_scope = "shareable"
    collaborative_path = "ramp.team.collaborative"
    team_path = "ramp.team"

    class Meta:
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        ordering = ["ramp", "number"]
        constraints = [models.UniqueConstraint(fields=["ramp", "number"], name="unique_cycle_number")]

    def __str__(self) -> str:
        return f"{self.ramp} – {_('cycle')} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("pdsa:cycle-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        has_do = bool(self.do_observations or self.done_on)
        has_study = bool(self.study_results or self.study_learning)
        if has_study and not has_do:
            errors["study_results"] = _("Record what happened (Do) before you study the results.")
        if self.decision and not has_study:
            errors["decision"] = _("Study the results before you decide to adopt, adapt or abandon.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The cycle cannot end before it starts.")
        if self.ramp_id:
            dates = {
                name: getattr(self, name) for name in ("planned_start", "planned_end", "done_on", "acted_on")
            }
            for name, message in self.ramp.team.collaborative.dates_outside(**dates).items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    @property
    def stage(self) -> str:
        """The step the team is on now."""
        if self.decision:
            return self.Stage.DONE
        if self.study_results or self.study_learning:
            return self.Stage.ACT
        if self.do_observations or self.done_on:
            return self.Stage.STUDY
        if self.planned_start or self.plan_what:
            return self.Stage.DO
        return self.Stage.PLAN

    PLAN_FIELDS = (
        "objective",
        "questions",
        "prediction",
        "plan_who",
        "plan_what",
        "plan_where",
        "plan_when",
        "data_to_collect",
    )

    @property
    def is_open_for_next(self) -> bool:
        """After Act, a decision to adopt or adapt leads on to the next cycle of the ramp."""
        return self.decision in (self.Decision.ADOPT, self.Decision.ADAPT)


class Storyboard(BaseModel):
    """A team's storyboard: its aim and what it learned, for the other teams of the collaborative to read."""

    team = models.OneToOneField(Team, on_delete=models.PROTECT, related_name="storyboard")
    aim = models.TextField(_("our aim"), blank=True)
    summary = models.TextField(_("what we learned"), blank=True)

    # Shareable and always shared: the team edits it, every participant of the collaborative reads it.
    permission_scope = "shareable"
    collaborative_path = "team.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("storyboard")
        verbose_name_plural = _("storyboards")
        ordering = ["team"]

    def __str__(self) -> str:
        return str(self.team)

    def get_absolute_url(self) -> str:
        return reverse("pdsa:storyboard", args=[self.team_id])

    @property
    def is_shared(self) -> bool:
        return True


class Attachment(BaseModel):
    """A file or photo on a PDSA cycle or on a team's storyboard (exactly one of the two).

    The bytes live in ``storages["attachments"]`` (settings); they are served only through the view that
    checks who may open the cycle or storyboard, never from a public media address.
    """

    cycle = models.ForeignKey(
        PDSACycle, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    storyboard = models.ForeignKey(
        Storyboard, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(_("stored as"), max_length=255, editable=False)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    # Seen and changed exactly as the cycle or storyboard it sits on (the views check that object).
    permission_scope = "shareable"
    collaborative_path = None

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(cycle__isnull=False) & Q(storyboard__isnull=True))
                | (Q(cycle__isnull=True) & Q(storyboard__isnull=False)),
                name="attachment_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("pdsa:attachment", args=[self.pk])

    def clean(self) -> None:
        if (self.cycle_id is None) == (self.storyboard_id is None):
            raise ValidationError(_("An attachment belongs to one cycle or to one storyboard."))

    @property
    def target(self) -> PDSACycle | Storyboard:
        return self.cycle if self.cycle_id is not None else self.storyboard  # type: ignore[return-value]

    def get_collaborative(self) -> Any:
        return self.target.get_collaborative()

    def get_team(self) -> Any:
        return self.target.get_team()

    @property
    def is_shared(self) -> bool:
        return bool(self.target.is_shared)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
