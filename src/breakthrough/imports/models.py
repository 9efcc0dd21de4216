"""An uploaded file between its preview and its application, kept so that what is applied is what was seen."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.models import BaseModel


class ImportBatch(BaseModel):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Being imported in the background")
        REFUSED = "refused", _("Refused")
        APPLIED = "applied", _("Applied")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, editable=False)
    upload = models.FileField(_("uploaded file"), upload_to="imports/%Y/%m/", editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    # The uploader, and the collaborative's oversight roles, see it; only the uploader applies it.
    permission_scope = "personal"

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
