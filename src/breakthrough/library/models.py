"""The resource library (the change package): files and links per driver and change idea, in English and
Spanish, with every uploaded version kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.models import BaseModel
from breakthrough.framework.models import ChangeIdea, PrimaryDriver


@dataclass(frozen=True)
class Localized:
    text: str
    language: str  # the language the text is in
    fallback: bool  # True when it is not in the reader's language


class Resource(BaseModel):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="resources")
    driver = models.ForeignKey(
        PrimaryDriver,
        verbose_name=_("primary driver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
    )
    change_idea = models.ForeignKey(
        ChangeIdea,
        verbose_name=_("change idea"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FILE)
    url = models.URLField(_("address"), max_length=500, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    permission_scope = "library"

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["collaborative", "title_en", "title_es", "pk"]

    def __str__(self) -> str:
        return self.title_en or self.title_es

    def get_absolute_url(self) -> str:
        return reverse("library:resource", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not (self.title_en.strip() or self.title_es.strip()):
            errors["title_en"] = _("Give a title in English or in Spanish (or both).")
        if self.kind == self.Kind.LINK and not self.url:
            errors["url"] = _("A link needs its address.")
        if self.kind == self.Kind.FILE and self.url:
            errors["url"] = _("A file resource has no address; choose the kind Link.")
        if self.collaborative_id:
            if self.driver_id and self.driver.collaborative_id != self.collaborative_id:
                errors["driver"] = _("This driver belongs to another collaborative.")
            if self.change_idea_id:
                idea_collab = self.change_idea.get_collaborative()
                if idea_collab.pk != self.collaborative_id:
                    errors["change_idea"] = _("This change idea belongs to another collaborative.")
                elif self.change_idea.team_id is not None:
                    errors["change_idea"] = _(
                        "Choose a change idea of the collaborative, not one team's own."
                    )
                elif self.driver_id and self.change_idea.secondary.primary_id != self.driver_id:
                    errors["change_idea"] = _("This change idea is under another primary driver.")
        if errors:
            raise ValidationError(errors)

    def localized(self, field: str, language: str) -> Localized:
        """``title`` or ``description`` in the reader's language, else the other one, saying so."""
        own, other = ("es", "en") if language.startswith("es") else ("en", "es")
        text = getattr(self, f"{field}_{own}").strip()
        if text:
            return Localized(text, own, False)
        return Localized(getattr(self, f"{field}_{other}").strip(), other, True)

    def current_version(self) -> ResourceVersion | None:
        return self.versions.active().order_by("-number").first()


class ResourceVersion(BaseModel):
    """One uploaded file of a resource. A new upload adds a version; the older ones stay listed."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    # The storage name under MEDIA_ROOT; files are served only through the permission-checked download view.
    stored_name = models.CharField(_("file"), max_length=255, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    permission_scope = "library"
    collaborative_path = "resource.collaborative"

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["resource", "-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="one_number_per_version")]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("library:download", args=[self.pk])
