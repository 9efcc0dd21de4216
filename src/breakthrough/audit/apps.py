from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit page: who changed what and when, before and after, and every sign-in, for project staff."""

    name = "breakthrough.audit"
    verbose_name = _("Audit")
