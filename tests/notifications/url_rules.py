"""Permission rules of the notification pages: everyone signed in has their own; staff see deliveries."""

from __future__ import annotations

from typing import Any

from breakthrough.notifications import services
from breakthrough.notifications.models import Delivery, Kind, Notification
from tests.conftest import ROLES_OF_CAST
from tests.test_url_permissions import Rule, also_allowed

EVERYONE = set(ROLES_OF_CAST)


def setup(cast: Any) -> dict[str, Any]:
    failed = services.notify(
        user=cast.teacher,
        kind=Kind.REPORT_LATE,
        key="rule-failed",
        params={"team": "A", "month": "2026-01-01", "due": "2026-02-10"},
        collaborative=cast.collaborative,
    )
    Notification.objects.filter(pk=failed.pk).update(delivery=Delivery.FAILED)
    return {"failed": failed, "token": services.unsubscribe_token(cast.teacher, Kind.REPORT_LATE)}


RULES = {
    "notifications:list": Rule(allowed=EVERYONE),
    "notifications:read": Rule(allowed=EVERYONE, method="post"),
    "notifications:open": Rule(allowed={"teacher"}, kwargs=lambda o: {"pk": o["failed"].pk}),
    "notifications:preferences": Rule(allowed=EVERYONE),
    "notifications:deliveries": Rule(allowed={"staff"}),
    "notifications:delivery-retry": Rule(
        allowed={"staff"}, kwargs=lambda o: {"pk": o["failed"].pk}, method="post"
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["notifications:deliveries"], "staff_other")
