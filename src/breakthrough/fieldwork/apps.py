from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "breakthrough.fieldwork"
    verbose_name = _("Session observations, technical assistance, adaptations and child outcomes")
