from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "breakthrough.incidents"
    verbose_name = _("Behavior incidents")
