"""The community planning meeting: project staff record it; everyone who reads the framework reads it, from
the framework and measures pages; Spanish content beside English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from breakthrough.core.models import AuditRecord
from breakthrough.framework.models import PrimaryDriver
from breakthrough.intake import services
from breakthrough.intake.models import PlanningParticipant
from breakthrough.intake.selectors import planning_meeting
from tests.factories import make_measure
from tests.intake.helpers import make_rubric


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chosen(cast):
    driver = PrimaryDriver.objects.create(collaborative=cast.collaborative, name="Family partnership")
    other = PrimaryDriver.objects.create(collaborative=cast.collaborative, name="Organizational capacity")
    measure = make_measure(cast.collaborative, name="Family conferences held")
    return {"driver": driver, "other": other, "measure": measure}


def meeting_data(chosen, **overrides):
    data = {
        "held_on": "2025-11-15",
        "place": "Roxbury community center",
        "focus_areas": "Family partnership and calm classrooms",
        "focus_areas_es": "La colaboración con las familias y salones tranquilos",
        "rationale": "Families asked for it",
        "rationale_es": "Las familias lo pidieron",
        "drivers": [str(chosen["driver"].pk)],
        "measures": [str(chosen["measure"].pk)],
        "count_director": "6",
        "count_teacher": "11",
        "count_family_member": "9",
        "count_community_partner": "4",
    }
    return data | overrides


def test_staff_record_it_and_readers_see_it(cast, chosen):
    url = reverse("intake:planning-edit", args=[cast.collaborative.pk])
    response = signed_in(cast.staff).post(url, meeting_data(chosen))
    assert response.status_code == 302
    meeting = planning_meeting(cast.collaborative)
    assert meeting.held_on == dt.date(2025, 11, 15)
    assert list(meeting.drivers.all()) == [chosen["driver"]]
    assert list(meeting.measures.all()) == [chosen["measure"]]
    counts = {p.role: p.count for p in meeting.participants.all()}
    assert counts == {"director": 6, "teacher": 11, "family_member": 9, "community_partner": 4}
    assert meeting.total_participants == 30  # 6 + 11 + 9 + 4
    assert AuditRecord.objects.filter(model_name="planningparticipant", by=cast.staff).count() == 4
    teacher = signed_in(cast.teacher)
    page = teacher.get(reverse("intake:planning")).content.decode()
    assert "Families asked for it" in page
    assert "Family partnership" in page
    assert "<td>30</td>" in page
    spanish = Client()
    spanish.force_login(cast.family)
    spanish.cookies["django_language"] = "es"
    page = spanish.get(reverse("intake:planning")).content.decode()
    assert "Las familias lo pidieron" in page  # the Spanish column, in Spanish
    assert "Socio comunitario" in page


def test_editing_archives_a_role_set_to_zero(cast, chosen):
    services.meeting_save(
        collaborative=cast.collaborative,
        by=cast.staff,
        held_on=dt.date(2025, 11, 15),
        place="",
        focus_areas="Calm classrooms",
        rationale="Teachers asked for it",
        drivers=[],
        measures=[],
        participants={"teacher": 5, "director": 2},
    )
    services.meeting_save(
        collaborative=cast.collaborative,
        by=cast.staff,
        held_on=dt.date(2025, 11, 15),
        place="",
        focus_areas="Calm classrooms",
        rationale="Teachers asked for it",
        drivers=[],
        measures=[],
        participants={"teacher": 0, "director": 3},
    )
    meeting = planning_meeting(cast.collaborative)
    assert {p.role: p.count for p in meeting.participants.all()} == {"director": 3}
    assert PlanningParticipant.objects.filter(role="teacher", archived_at__isnull=False).count() == 1


def test_bad_input_names_the_field_and_saves_nothing(cast, chosen):
    url = reverse("intake:planning-edit", args=[cast.collaborative.pk])
    response = signed_in(cast.staff).post(url, meeting_data(chosen, count_teacher="-2", held_on="soon"))
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"count_teacher", "held_on"}
    assert planning_meeting(cast.collaborative) is None
    foreign = PrimaryDriver.objects.create(collaborative=cast.other_collaborative, name="Elsewhere")
    with pytest.raises(ValidationError) as caught:
        services.meeting_save(
            collaborative=cast.collaborative,
            by=cast.staff,
            held_on=dt.date(2025, 11, 15),
            place="",
            focus_areas="x",
            rationale="y",
            drivers=[foreign],
            measures=[],
            participants={},
        )
    assert "drivers" in caught.value.message_dict
    assert planning_meeting(cast.collaborative) is None


def test_the_framework_and_measures_pages_link_to_it(cast, chosen):
    client = signed_in(cast.teacher)
    link = reverse("intake:planning")
    for url in (
        reverse("framework:diagram") + f"?collaborative={cast.collaborative.pk}",
        reverse("measures:measure-list"),
        reverse("measures:measure-detail", args=[chosen["measure"].pk]),
    ):
        assert link in client.get(url).content.decode(), url


def test_rubric_text_follows_the_language(cast):
    (criterion,) = make_rubric(cast.collaborative, tops=(3,))
    criterion.name_es = "Liderazgo"
    criterion.save()
    with translation.override("es"):
        assert str(criterion) == "Liderazgo"
    with translation.override("en"):
        assert str(criterion) == "Criterion 1"
