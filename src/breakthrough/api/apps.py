from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The top floor: the versioned JSON API over every app, and the personal tokens that open it."""

    name = "breakthrough.api"
    label = "api"
    verbose_name = _("HTTP API")
