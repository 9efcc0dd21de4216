from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from breakthrough.core.models import AuditRecord
from breakthrough.events.models import Attendance, Event
from breakthrough.events.services import attendance_record, event_save, material_add
from tests.events.conftest import make_event


def test_recording_leaves_blank_choices_alone(cast):
    event = make_event(cast.collaborative)
    attendance_record(
        event=event,
        statuses={cast.teacher: "present", cast.director: "", cast.family: "excused"},
        by=cast.faculty,
    )
    assert dict(Attendance.objects.values_list("user__username", "status")) == {
        "teacher": "present",
        "family": "excused",
    }


def test_recording_someone_outside_the_collaborative_is_refused_and_nothing_is_saved(cast):
    event = make_event(cast.collaborative)
    with pytest.raises(ValidationError):
        attendance_record(
            event=event, statuses={cast.teacher: "present", cast.stranger: "present"}, by=cast.staff
        )
    assert not Attendance.objects.exists()


def test_event_save_drops_fields_that_do_not_belong_to_the_kind(cast):
    event = Event(
        collaborative=cast.collaborative,
        kind=Event.Kind.COLLABORATIVE_CALL,
        title="Call",
        team=cast.team_a,
        starts_at=make_event(cast.collaborative).starts_at,
        ends_at=make_event(cast.collaborative).ends_at,
    )
    event_save(event=event, by=cast.staff)
    assert event.team is None
    assert AuditRecord.objects.filter(model_name="event", object_id=str(event.pk)).exists()


def test_material_add_is_audited_with_its_storage_name(cast, settings):
    event = make_event(cast.collaborative)
    material = material_add(
        event=event, title="Agenda", file=ContentFile(b"agenda", name="agenda.txt"), by=cast.staff
    )
    record = AuditRecord.objects.get(model_name="eventmaterial")
    assert record.after["stored_name"] == material.stored_name
    assert (settings.MEDIA_ROOT / material.stored_name).read_bytes() == b"agenda"
