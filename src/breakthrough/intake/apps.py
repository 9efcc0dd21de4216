from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "breakthrough.intake"
    verbose_name = _("Applications, readiness and the planning meeting")
