from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from breakthrough.events.models import Attendance, Event, EventMaterial
from tests.events.conftest import make_event


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def events(cast):
    collab = cast.collaborative
    return {
        "call": make_event(collab, title="March call", starts_at=at(dt.date(2026, 3, 3))),
        "session": make_event(collab, Event.Kind.LEARNING_SESSION, title="Learning session 2"),
        "meeting_b": make_event(collab, Event.Kind.TEAM_MEETING, team=cast.team_b, title="Team B huddle"),
        "families": make_event(
            collab, Event.Kind.AFFINITY_CALL, role_group=Event.RoleGroup.FAMILIES, title="Families call"
        ),
    }


def test_calendar_shows_what_each_person_may_see(client, cast, events):
    client.force_login(cast.teacher)
    page = client.get(reverse("events:calendar")).content.decode()
    assert "March call" in page
    assert "Team B huddle" not in page
    client.force_login(cast.outsider)
    assert "Team B huddle" in client.get(reverse("events:calendar")).content.decode()
    client.force_login(cast.faculty)
    assert "Team B huddle" in client.get(reverse("events:calendar")).content.decode()


def test_calendar_puts_upcoming_events_first_then_past_ones(client, cast, events, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2026, 2, 1)))
    client.force_login(cast.teacher)

    page = client.get(reverse("events:calendar")).content.decode()
    assert page.index("Upcoming") < page.index("March call") < page.index("Past events")
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2026, 6, 1)))
    client.force_login(cast.teacher)  # a session from "the future" would have expired
    page = client.get(reverse("events:calendar")).content.decode()
    assert page.index("Past events") < page.index("March call")
    assert "March 2026" in page


@pytest.mark.parametrize("person", ["observer", "viewer", "stranger"])
def test_observers_viewers_and_strangers_get_no_calendar(client, cast, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("events:calendar")).status_code == 403


def test_team_events_are_hidden_from_other_teams(client, cast, events):
    client.force_login(cast.teacher)
    assert client.get(reverse("events:event-detail", args=[events["meeting_b"].pk])).status_code == 404


def test_a_teacher_marks_their_own_attendance(client, cast, events):
    client.force_login(cast.teacher)
    url = reverse("events:attendance-mark", args=[events["call"].pk])
    client.post(url, {"status": "present"})
    assert Attendance.objects.get(user=cast.teacher).status == "present"
    client.post(url, {"status": "absent"})
    attendance = Attendance.objects.get(user=cast.teacher)
    assert attendance.status == "absent"
    assert attendance.recorded_by == cast.teacher
    page = client.get(reverse("events:event-detail", args=[events["call"].pk])).content.decode()
    assert "Recorded: Did not attend." in page
    assert "Record attendance for everyone" not in page


def test_faculty_record_attendance_for_everyone_expected(client, cast, events):
    client.force_login(cast.faculty)
    url = reverse("events:attendance-record", args=[events["session"].pk])
    page = client.get(url).content.decode()
    for person in ("Teacher", "Director", "Family", "Outsider"):
        assert person in page
    assert "Observer" not in page
    data = {f"person-{cast.teacher.pk}": "present", f"person-{cast.family.pk}": "absent"}
    assert client.post(url, data).status_code == 302
    recorded = dict(Attendance.objects.values_list("user__username", "status"))
    assert recorded == {"teacher": "present", "family": "absent"}
    assert Attendance.objects.get(user=cast.family).recorded_by == cast.faculty


def test_affinity_calls_expect_their_role_group(cast, events):
    assert list(events["families"].expected_people()) == [cast.family]
    assert set(events["meeting_b"].expected_people()) == {cast.outsider}


@pytest.mark.parametrize("person", ["teacher", "evaluator"])
def test_only_faculty_and_staff_record_for_others(client, cast, events, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("events:attendance-record", args=[events["call"].pk])).status_code == 403


def test_staff_create_an_event_with_model_validation(client, cast):
    client.force_login(cast.staff)
    url = reverse("events:event-create")
    data = {
        "collaborative": cast.collaborative.pk,
        "kind": Event.Kind.AFFINITY_CALL,
        "title_en": "Directors' circle",
        "starts_at": "2027-03-01T16:00",
        "ends_at": "2027-03-01T17:00",
        "location_en": "Zoom",
    }
    page = client.post(url, data).content.decode()
    assert "names its role group" in page
    assert "outside the collaborative" in page
    assert 'value="Directors&#x27; circle"' in page
    data |= {
        "role_group": Event.RoleGroup.DIRECTORS,
        "starts_at": "2026-03-01T16:00",
        "ends_at": "2026-03-01T17:00",
    }
    response = client.post(url, data)
    event = Event.objects.get(title="Directors' circle")
    assert response["Location"] == reverse("events:event-detail", args=[event.pk])
    meeting = data | {"kind": Event.Kind.TEAM_MEETING, "role_group": "", "title_en": "Huddle"}
    assert "belong to a team" in client.post(url, meeting).content.decode()


def test_staff_edit_an_event_and_stale_edits_are_refused(client, cast, events):
    client.force_login(cast.staff)
    event = events["call"]
    url = reverse("events:event-edit", args=[event.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data |= {
        "collaborative": cast.collaborative.pk,
        "starts_at": "2026-03-03T15:00",
        "ends_at": "2026-03-03T16:00",
        "title_en": "Renamed call",
    }
    assert client.post(url, data).status_code == 302
    assert "Someone else saved this" in client.post(url, data | {"title_en": "Stale"}).content.decode()


@pytest.mark.parametrize("person", ["faculty", "teacher"])
def test_only_staff_edit_events(client, cast, events, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("events:event-edit", args=[events["call"].pk])).status_code == 403
    assert client.get(reverse("events:event-create")).status_code == 403


def test_materials_upload_and_permission_checked_download(client, cast, events, settings):
    event = events["call"]
    client.force_login(cast.faculty)
    upload = SimpleUploadedFile("slides ../../x.pdf", b"%PDF-1.4 slides", content_type="application/pdf")
    response = client.post(
        reverse("events:material-upload", args=[event.pk]), {"title": "Slides", "file": upload}
    )
    assert response.status_code == 302
    material = EventMaterial.objects.get()
    assert material.stored_name.startswith(f"events/{event.pk}/")
    assert ".." not in material.stored_name
    assert (settings.MEDIA_ROOT / material.stored_name).exists()
    client.force_login(cast.teacher)
    download = client.get(reverse("events:material-download", args=[material.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 slides"
    assert "attachment" in download["Content-Disposition"]
    assert "Slides" in client.get(reverse("events:event-detail", args=[event.pk])).content.decode()
    client.force_login(cast.observer)
    assert client.get(reverse("events:material-download", args=[material.pk])).status_code == 404


def test_team_materials_stay_with_the_team(client, cast, events):
    client.force_login(cast.staff)
    upload = SimpleUploadedFile("notes.txt", b"private notes")
    client.post(
        reverse("events:material-upload", args=[events["meeting_b"].pk]), {"title": "Notes", "file": upload}
    )
    material = EventMaterial.objects.get()
    client.force_login(cast.teacher)
    assert client.get(reverse("events:material-download", args=[material.pk])).status_code == 404


def test_teachers_cannot_upload_and_an_empty_upload_keeps_the_title(client, cast, events):
    url = reverse("events:material-upload", args=[events["call"].pk])
    client.force_login(cast.teacher)
    assert client.post(url, {"title": "x", "file": SimpleUploadedFile("a.txt", b"a")}).status_code == 403
    client.force_login(cast.faculty)
    page = client.post(url, {"title": "Handout"}).content.decode()
    assert 'value="Handout"' in page
    assert "This field is required." in page


def test_archived_material_is_no_longer_served(client, cast, events):
    client.force_login(cast.staff)
    client.post(
        reverse("events:material-upload", args=[events["call"].pk]),
        {"title": "Old", "file": SimpleUploadedFile("o.txt", b"o")},
    )
    material = EventMaterial.objects.get()
    client.post(reverse("events:material-archive", args=[material.pk]))
    assert client.get(reverse("events:material-download", args=[material.pk])).status_code == 404
    assert EventMaterial.objects.filter(pk=material.pk).exists()  # archived, not deleted


def test_visible_to_agrees_with_can_view(cast, events):
    from breakthrough.collaboratives.access import can_view

    for person, user in cast.people().items():
        visible = set(Event.objects.visible_to(user))
        assert visible == {e for e in Event.objects.all() if can_view(user, e)}, person


def test_marking_attendance_with_htmx_returns_the_section(client, cast, events):
    client.force_login(cast.teacher)
    url = reverse("events:attendance-mark", args=[events["call"].pk])
    response = client.post(url, {"status": "present"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="my-attendance"')
    assert "Recorded: Attended." in page
    assert 'aria-pressed="true"' in page


def test_materials_in_the_admin(admin_client, cast, events):
    from django.core.files.base import ContentFile

    from breakthrough.events.services import material_add

    material = material_add(
        event=events["call"], title="Agenda", file=ContentFile(b"a", name="a.txt"), by=cast.staff
    )
    assert admin_client.get("/admin/events/eventmaterial/").status_code == 200
    assert admin_client.get(f"/admin/events/eventmaterial/{material.pk}/change/").status_code == 200
