from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: pages that assemble several apps (the home page) and the site's navigation."""

    name = "breakthrough.home"
    verbose_name = _("Home")
