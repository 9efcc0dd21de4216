from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "breakthrough.community"
    verbose_name = _("Community: discussion and member directory")
