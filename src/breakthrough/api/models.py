"""Personal API tokens: only a hash is stored; the token itself is shown once, when it is made."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.core.models import ArchivedQuerySet, BaseModel


class TokenQuerySet(ArchivedQuerySet):
    def usable(self, now: dt.datetime) -> TokenQuerySet:
        """Neither revoked (archived) nor expired."""
        return self.filter(archived_at__isnull=True, expires_at__gt=now)


class ApiToken(BaseModel):
    """A person's key to the API. It acts as that person: it reaches what they reach, no more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. a script."))
    prefix = models.CharField(_("starts with"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = TokenQuerySet.as_manager()

    # A token is its owner's alone; the pages filter by owner, the admin is for superusers.
    permission_scope = "personal"
    collaborative_path = None

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.archived_at is None and self.expires_at > now
