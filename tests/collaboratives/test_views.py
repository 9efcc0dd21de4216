from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse, reverse_lazy

from breakthrough.collaboratives.models import Classroom, Invitation, Membership, Phase, Program, Role
from breakthrough.core.models import User
from tests.collaboratives.conftest import make_invitation
from tests.factories import make_classroom

GOOD_PASSWORD = "a-long-garden-path-42"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def setup_url(cast):
    return reverse("collaboratives:setup-detail", args=[cast.collaborative.pk])


def test_staff_see_their_collaboratives_and_its_set_up(staff_client, cast):
    response = staff_client.get(reverse("collaboratives:setup"))
    assert cast.collaborative.name in response.content.decode()
    page = staff_client.get(setup_url(cast)).content.decode()
    for text in ("Timeline", "Learning session 1", cast.team_a.name, "Invite someone by email", "family"):
        assert text.lower() in page.lower()


@pytest.mark.parametrize("person", ["faculty", "teacher", "evaluator", "stranger"])
def test_others_are_refused_the_set_up(client, cast, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("collaboratives:setup")).status_code == 403
    assert client.get(setup_url(cast)).status_code in (403, 404)


def test_editing_details_keeps_the_typed_text_on_error(staff_client, cast):
    url = reverse("collaboratives:collaborative-edit", args=[cast.collaborative.pk])
    data = {
        "name": "Renamed collaborative",
        "topic_en": "SEL",
        "start_date": "2026-01-01",
        "end_date": "2025-06-30",
        "report_due_day": "10",
        "revision": cast.collaborative.revision,
    }
    page = staff_client.post(url, data).content.decode()
    assert "The collaborative must end after it starts." in page
    assert 'value="Renamed collaborative"' in page
    assert 'aria-invalid="true"' in page
    response = staff_client.post(url, data | {"end_date": "2026-12-31"})
    assert response.status_code == 302
    cast.collaborative.refresh_from_db()
    assert cast.collaborative.name == "Renamed collaborative"


def test_a_stale_edit_is_refused_with_a_message(staff_client, cast):
    url = reverse("collaboratives:collaborative-edit", args=[cast.collaborative.pk])
    data = {
        "name": "Mine",
        "topic_en": "SEL",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "report_due_day": "10",
        "revision": cast.collaborative.revision - 1,
    }
    page = staff_client.post(url, data).content.decode()
    assert "Someone else saved this" in page
    assert 'value="Mine"' in page


def test_timeline_errors_show_beside_the_phase(staff_client, cast):
    phases = list(cast.collaborative.phases.all())
    data = {}
    for p in phases:
        data[f"phase-{p.pk}-start_date"] = p.start_date.isoformat()
        data[f"phase-{p.pk}-end_date"] = p.end_date.isoformat()
    pre = cast.collaborative.phases.get(kind=Phase.Kind.PRE_WORK)
    data[f"phase-{pre.pk}-start_date"] = "2025-11-01"
    url = reverse("collaboratives:timeline-edit", args=[cast.collaborative.pk])
    page = staff_client.post(url, data).content.decode()
    assert "outside the collaborative" in page
    assert 'value="2025-11-01"' in page
    data[f"phase-{pre.pk}-start_date"] = "2026-01-02"
    assert staff_client.post(url, data).status_code == 302
    pre.refresh_from_db()
    assert pre.start_date == dt.date(2026, 1, 2)


def test_program_classroom_and_team(staff_client, cast):
    response = staff_client.post(
        reverse("collaboratives:program-create", args=[cast.collaborative.pk]),
        {
            "name": "Sunrise",
            "kind": "child_care_center",
            "setting": "center",
            "licensed_capacity": "48",
            "license_number": "L-1",
            "qris_level": "4",
            "qris_date": "2025-05-01",
        },
    )
    program = Program.objects.get(name="Sunrise")
    assert response.status_code == 302
    assert program.licensed_capacity == 48
    response = staff_client.post(
        reverse("collaboratives:classroom-create", args=[program.pk]),
        {"name": "Robins", "code": "SR1", "age_group": "toddler", "participation": "participating"},
    )
    assert Classroom.objects.get(code="SR1").program == program
    response = staff_client.post(
        reverse("collaboratives:team-create", args=[cast.collaborative.pk]),
        {"program": program.pk, "name": "Sun"},
    )
    assert response.status_code == 302
    assert program.teams.get().collaborative == cast.collaborative


def test_classroom_code_must_be_unique(staff_client, cast):
    make_classroom(cast.team_a.program, code="TAKEN")
    page = staff_client.post(
        reverse("collaboratives:classroom-create", args=[cast.team_a.program.pk]),
        {"name": "Owls", "code": "TAKEN", "age_group": "infant", "participation": "spread"},
    ).content.decode()
    assert "already exists" in page
    assert 'value="Owls"' in page


def test_adding_and_archiving_a_membership(staff_client, cast):
    url = reverse("collaboratives:membership-add", args=[cast.collaborative.pk])
    page = staff_client.post(url, {"person": "stranger", "role": Role.TEACHER}).content.decode()
    assert "Choose the team for this role." in page
    response = staff_client.post(
        url, {"person": "stranger@example.org", "role": Role.TEACHER, "team": cast.team_b.pk}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=cast.stranger)
    staff_client.post(reverse("collaboratives:membership-archive", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.archived_at is not None  # archived, never deleted


def test_staff_invite_by_email(staff_client, cast):
    url = reverse("collaboratives:invitation-create", args=[cast.collaborative.pk])
    response = staff_client.post(
        url,
        {"email": "abuela@example.org", "role": Role.FAMILY_MEMBER, "team": cast.team_a.pk, "language": "es"},
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["abuela@example.org"]
    assert "/collaboratives/invitations/" in mail.outbox[0].body
    page = staff_client.get(setup_url(cast)).content.decode()
    assert "abuela@example.org" in page
    assert "Pending until" in page


def test_invitation_form_errors(staff_client, cast):
    url = reverse("collaboratives:invitation-create", args=[cast.collaborative.pk])
    page = staff_client.post(
        url, {"email": "not-an-email", "role": Role.VIEWER, "team": cast.team_a.pk, "language": "en"}
    )
    text = page.content.decode()
    assert "Enter a valid email address." in text
    assert "whole collaborative" in text
    assert mail.outbox == []


def test_revoke(staff_client, cast):
    invitation, token = make_invitation(cast)
    staff_client.post(reverse("collaboratives:invitation-revoke", args=[invitation.pk]))
    assert staff_client.get(reverse("collaboratives:invitation-accept", args=[token])).status_code == 404


ACCEPT = reverse_lazy("collaboratives:invitation-accept", args=["accept"])


def test_signed_out_invitee_creates_an_account_and_lands_home(client, cast):
    _invitation, token = make_invitation(cast)
    link = reverse("collaboratives:invitation-accept", args=[token])
    response = client.get(link)
    assert response["Location"] == ACCEPT  # the token leaves the address bar
    page = client.get(ACCEPT).content.decode()
    assert cast.team_a.name in page
    url = ACCEPT
    weak = client.post(
        url,
        {"username": "maria", "first_name": "María", "last_name": "", "password": "123", "password2": "123"},
    ).content.decode()
    assert "too short" in weak
    assert 'value="María"' in weak
    response = client.post(
        url,
        {
            "username": "maria",
            "first_name": "María",
            "last_name": "López",
            "password": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert cast.team_a.name in home
    maria = User.objects.get(username="maria")
    assert maria.memberships.get().team == cast.team_a
    assert client.get(link).status_code == 404  # works once
    assert client.get(ACCEPT).status_code == 404


def test_signed_in_person_accepts_into_their_account(client, cast):
    _invitation, token = make_invitation(cast, cast.stranger.email, role=Role.EVALUATOR, team=None)
    client.force_login(cast.stranger)
    url = reverse("collaboratives:invitation-accept", args=[token])
    assert "Accept the invitation" in client.get(url, follow=True).content.decode()
    url = ACCEPT
    assert client.post(url).status_code == 302
    assert cast.stranger.memberships.get().role == Role.EVALUATOR
    assert Invitation.objects.get().accepted_by == cast.stranger


def test_expired_link_is_refused(client, cast):
    invitation, token = make_invitation(cast)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at)
    assert client.get(reverse("collaboratives:invitation-accept", args=[token])).status_code == 404


def test_a_valid_token_or_the_email_is_never_logged(client, cast, caplog):
    _invitation, token = make_invitation(cast)
    client.get(reverse("collaboratives:invitation-accept", args=[token]), follow=True)
    client.post(ACCEPT, {"username": "x", "password": "1"})
    client.get(reverse("collaboratives:invitation-accept", args=["wrong-token"]))
    assert "wrong-token" not in caplog.text  # no token reaches a log, not even a made-up one
    assert token not in caplog.text
    assert "new.parent@example.org" not in caplog.text


def test_program_pages_are_staff_only(client, cast):
    url = reverse("collaboratives:program-edit", args=[cast.team_a.program.pk])
    client.force_login(cast.director)
    assert client.get(url).status_code == 403
    client.force_login(cast.stranger)
    assert client.get(url).status_code == 404


def test_invitations_in_the_admin_never_show_the_token_hash(admin_client, cast):
    invitation, _token = make_invitation(cast)
    assert admin_client.get("/admin/collaboratives/invitation/").status_code == 200
    page = admin_client.get(f"/admin/collaboratives/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.token_hash not in page


def test_a_new_program_page_leads_back_to_give_it_a_team(staff_client, cast):
    response = staff_client.post(
        reverse("collaboratives:program-create", args=[cast.collaborative.pk]),
        {"name": "Bright Start", "kind": "head_start", "setting": "center"},
        follow=True,
    )
    assert "Give this program a team in" in response.content.decode()


def test_shrinking_the_dates_past_a_phase_is_explained(staff_client, cast):
    url = reverse("collaboratives:collaborative-edit", args=[cast.collaborative.pk])
    data = {
        "name": "Same",
        "topic_en": "SEL",
        "start_date": "2026-01-01",
        "end_date": "2026-06-30",
        "report_due_day": "10",
        "revision": cast.collaborative.revision,
    }
    page = staff_client.post(url, data).content.decode()
    assert "would fall outside the new dates" in page
    assert 'value="2026-06-30"' in page
