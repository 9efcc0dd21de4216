from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders and notifications (in-app and email), delivered by the background worker."""

    name = "breakthrough.notifications"
    verbose_name = _("Notifications")
