from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadConfig(AppConfig):
    name = "breakthrough.spread"
    verbose_name = _("Spread of adopted changes")
