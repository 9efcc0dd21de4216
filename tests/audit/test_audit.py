"""The audit page and the trail behind it: filters, sign-ins, other collaboratives unseen, immutable."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from breakthrough.core.models import AuditRecord
from breakthrough.pdsa.services import cycle_update
from tests.factories import make_collaborative, make_cycle, make_member, make_user


def staff_client(cast) -> Client:
    client = Client()
    client.force_login(cast.staff)
    return client


def test_staff_read_who_changed_what_with_the_fields_that_changed(cast):
    cycle = make_cycle(cast.team_a, cast.teacher, prediction="Most children join in")
    cycle_update(cycle=cycle, by=cast.teacher, revision=cycle.revision, prediction="All children join in")
    record = AuditRecord.objects.filter(object_id=str(cycle.pk), action=AuditRecord.Action.UPDATE).get()
    assert (record.collaborative_id, record.team_id) == (cast.collaborative.pk, cast.team_a.pk)
    page = staff_client(cast).get(reverse("audit:audit"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "All children join in" in text  # the after, beside the before
    assert "Most children join in" in text
    assert "prediction" in page.context["page"].object_list[0].changed_fields


def test_filters_narrow_the_trail_by_team_and_person(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    cycle_update(cycle=cycle, by=cast.teacher, revision=cycle.revision, prediction="Changed by the teacher")
    client = staff_client(cast)
    by_team_b = client.get(
        reverse("audit:audit"), {"collaborative": cast.collaborative.pk, "team": cast.team_b.pk}
    )
    assert all(r.team_id == cast.team_b.pk for r in by_team_b.context["page"].object_list)
    by_teacher = client.get(
        reverse("audit:audit"), {"collaborative": cast.collaborative.pk, "person": cast.teacher.pk}
    )
    rows = by_teacher.context["page"].object_list
    assert rows
    assert {r.by_id for r in rows} == {cast.teacher.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"team": "99999999999999999999"}, "team"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"start": "yesterday"}, "start"),
        ({"action": "explode"}, "action"),
    ],
)
def test_a_bad_filter_is_named_with_a_400_not_a_500(cast, params, field):
    response = staff_client(cast).get(
        reverse("audit:audit"), {"collaborative": cast.collaborative.pk, **params}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_staff_of_another_collaborative_see_none_of_this_one(cast):
    make_cycle(cast.team_a, cast.teacher)
    other = make_collaborative(name="Another collaborative")
    elsewhere = make_user("staff-elsewhere")
    make_member(elsewhere, "project_staff", other)
    client = Client()
    client.force_login(elsewhere)
    asked = client.get(reverse("audit:audit"), {"collaborative": cast.collaborative.pk})
    assert asked.status_code == 400  # not one of theirs: refused, by name
    assert "collaborative" in asked.context["form"].errors
    assert asked.context["page"] is None
    own = client.get(reverse("audit:audit"))
    assert own.context["collaborative"] == other
    assert all(r.collaborative_id == other.pk for r in own.context["page"].object_list)


@override_settings(AXES_ENABLED=True)  # django-axes keeps the sign-in log
def test_sign_ins_of_the_collaboratives_people_are_listed(cast):
    Client().post("/accounts/login/", {"username": "teacher", "password": "pw"})
    Client().post("/accounts/login/", {"username": "stranger", "password": "pw"})  # not a member here
    usernames = {
        row["username"] for row in staff_client(cast).get(reverse("audit:audit")).context["sign_ins"]
    }
    assert "teacher" in usernames
    assert "stranger" not in usernames


def test_audit_records_can_be_neither_changed_nor_deleted(cast):
    make_cycle(cast.team_a, cast.teacher)
    record = AuditRecord.objects.first()
    record.object_repr = "rewritten"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).update(object_repr="rewritten")
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.get(pk=record.pk).object_repr != "rewritten"
