from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeasibilityConfig(AppConfig):
    name = "breakthrough.feasibility"
    verbose_name = _("The feasibility study's answers: theory of change, engagement, cases, report")
