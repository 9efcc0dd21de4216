from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "breakthrough.library"
    verbose_name = _("Resource library (the change package)")
