from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborativesConfig(AppConfig):
    name = "breakthrough.collaboratives"
    verbose_name = _("Collaboratives")
