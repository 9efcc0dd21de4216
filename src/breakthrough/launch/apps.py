from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaunchConfig(AppConfig):
    """Starting a collaborative: its timeline from a few dates, and what it copies from an earlier wave."""

    name = "breakthrough.launch"
    verbose_name = _("Launch")
