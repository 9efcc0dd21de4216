"""The change framework: a driver diagram, aim ← primary drivers ← secondary drivers ← change ideas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.models import BaseModel


class Aim(BaseModel):
    """What the collaborative will improve: how much, by when."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="aims")
    statement = models.TextField(_("aim statement"))
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=3, null=True, blank=True)
    target_date = models.DateField(_("by"), null=True, blank=True)
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("measured by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aims",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
        ordering = ["collaborative", "order", "id"]

    def __str__(self) -> str:
        return self.statement[:80]

    def clean(self) -> None:
        if self.collaborative_id and (
            errors := self.collaborative.dates_outside(target_date=self.target_date)
        ):
            raise ValidationError(errors)
        if self.measure_id and self.measure.collaborative_id != self.collaborative_id:
            raise ValidationError({"measure": _("This measure belongs to another collaborative.")})


class PrimaryDriver(BaseModel):
    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="primary_drivers")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    permission_scope = "collaborative"

    class Meta:
        verbose_name = _("primary driver")
        verbose_name_plural = _("primary drivers")
        ordering = ["collaborative", "order", "id"]

    def __str__(self) -> str:
        return self.name


class SecondaryDriver(BaseModel):
    primary = models.ForeignKey(
        PrimaryDriver,
        verbose_name=_("primary driver"),
        on_delete=models.PROTECT,
        related_name="secondary_drivers",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    permission_scope = "collaborative"
    collaborative_path = "primary.collaborative"

    class Meta:
        verbose_name = _("secondary driver")
        verbose_name_plural = _("secondary drivers")
        ordering = ["primary", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ChangeIdea(BaseModel):
    """A change to test. Team-defined ideas belong to one team; the rest to the whole framework."""

    secondary = models.ForeignKey(
        SecondaryDriver,
        verbose_name=_("secondary driver"),
        on_delete=models.PROTECT,
        related_name="change_ideas",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("defined by team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_change_ideas",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    permission_scope = "collaborative"
    collaborative_path = "secondary.primary.collaborative"
    team_path = "team"

    class Meta:
        verbose_name = _("change idea")
        verbose_name_plural = _("change ideas")
        ordering = ["secondary", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.team_id and self.secondary_id and self.team.collaborative_id != self.get_collaborative().pk:
            raise ValidationError({"team": _("This team belongs to another collaborative.")})

    @property
    def primary(self) -> PrimaryDriver:
        return self.secondary.primary
