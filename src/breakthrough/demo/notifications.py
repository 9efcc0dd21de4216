"""The demo's notifications: what the reminders would have told each person today, and a few preferences.

Comments written while the demo was built are history, not news: the comment scan starts after them. The
emails wait for the worker that `./dev demo` starts beside the server (they print to its console).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from breakthrough.collaboratives.models import Collaborative, Membership, Role
from breakthrough.core.models import Comment
from breakthrough.notifications import reminders, services
from breakthrough.notifications.models import Channel, Cursor, Kind


def build_notifications_demo(collab: Collaborative, *, today: dt.date | None = None) -> dict[str, int]:
    last = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Cursor.objects.update_or_create(name="comments", defaults={"position": last, "moved_at": timezone.now()})
    staff = Membership.objects.filter(collaborative=collab, role=Role.PROJECT_STAFF).select_related("user")
    for membership in staff[:1]:  # one staff member reads the late reports in the weekly digest email
        services.preferences_set(user=membership.user, channels={Kind.REPORT_LATE: Channel.DIGEST})
    return reminders.run_all(today or timezone.localdate())
