from __future__ import annotations

from typing import Any

from django.db import transaction

from breakthrough.core.services import save_audited
from breakthrough.events.models import Attendance, Event


@transaction.atomic
def attendance_mark(*, event: Event, user: Any, status: str, by: Any) -> Attendance:
    """Record whether someone attended; a person marks their own, faculty and staff anyone's."""
    attendance = Attendance.objects.filter(event=event, user=user).first() or Attendance(
        event=event, user=user
    )
    attendance.status = status
    attendance.recorded_by = by
    return save_audited(obj=attendance, by=by)
