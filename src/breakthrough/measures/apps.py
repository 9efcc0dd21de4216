from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "breakthrough.measures"
    verbose_name = _("Measures and monthly reports")
