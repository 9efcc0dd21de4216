from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import get_valid_filename

from breakthrough.core.services import archive, check_revision, save_audited
from breakthrough.events.models import Attendance, Event, EventMaterial


@transaction.atomic
def attendance_mark(*, event: Event, user: Any, status: str, by: Any) -> Attendance:
    """Record whether someone attended; a person marks their own, faculty and staff anyone's."""
    attendance = Attendance.objects.filter(event=event, user=user).first() or Attendance(
        event=event, user=user
    )
    attendance.status = status
    attendance.recorded_by = by
    return save_audited(obj=attendance, by=by)


@transaction.atomic
def attendance_record(*, event: Event, statuses: dict[Any, str], by: Any) -> list[Attendance]:
    """Faculty and staff record attendance for everyone expected at once; a blank status is left alone."""
    return [
        attendance_mark(event=event, user=user, status=status, by=by)
        for user, status in statuses.items()
        if status
    ]


@transaction.atomic
def event_save(*, event: Event, by: Any, revision: int | None = None) -> Event:
    if event.pk is not None:
        check_revision(event, revision)
    if event.kind != Event.Kind.AFFINITY_CALL:
        event.role_group = ""
    if event.kind not in {Event.Kind.TEAM_MEETING, Event.Kind.FACULTY_CONSULTATION}:
        event.team = None
    return save_audited(obj=event, by=by)


@transaction.atomic
def material_add(*, event: Event, title: str, file: Any, by: Any) -> EventMaterial:
    """Store the file under MEDIA_ROOT (never served from a public URL) and attach it to the event."""
    name = get_valid_filename(Path(file.name).name) or "file"
    stored = default_storage.save(f"events/{event.pk}/{name}", file)
    try:
        material = EventMaterial(event=event, title=title, stored_name=stored, uploaded_by=by)
        return save_audited(obj=material, by=by)
    except Exception:
        default_storage.delete(stored)
        raise


@transaction.atomic
def material_archive(*, material: EventMaterial, by: Any) -> EventMaterial:
    return archive(obj=material, by=by)
