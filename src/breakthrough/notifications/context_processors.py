from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from breakthrough.notifications.models import Notification


def bell(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the bell in the header, one query per page for a signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.for_user(user).unread().count()}
