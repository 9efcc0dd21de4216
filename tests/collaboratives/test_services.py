from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from breakthrough.collaboratives.models import Invitation, Membership, Phase, Role
from breakthrough.collaboratives.services import (
    collaborative_update,
    invitation_accept,
    invitation_accept_new_account,
    invitation_for_token,
    invitation_revoke,
    membership_add,
    membership_archive,
    team_create,
    timeline_update,
)
from breakthrough.core.models import AuditRecord
from breakthrough.core.services import ConcurrentEdit
from tests.collaboratives.conftest import make_invitation
from tests.factories import make_program, make_user

GOOD_PASSWORD = "a-long-garden-path-42"


def test_only_a_hash_of_the_token_is_stored_and_the_email_carries_the_link(cast):
    invitation, token = make_invitation(cast)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get(pk=invitation.pk))
    assert not AuditRecord.objects.filter(after__icontains=token).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.parent@example.org"]
    assert f"http://testserver/collaboratives/invitations/{token}/" in message.body
    assert len(token) >= 40


def test_the_email_is_written_in_the_invitees_language(cast, monkeypatch):
    from breakthrough.collaboratives import services

    languages = []
    real = services.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "render_to_string", spy)
    make_invitation(cast, language="es")
    assert languages == ["es", "es"]


def test_a_new_account_joins_the_team_in_one_step(cast):
    _invitation, token = make_invitation(cast)
    user = invitation_accept_new_account(
        token=token, username="maria", first_name="María", last_name="López", password=GOOD_PASSWORD
    )
    assert user.email == "new.parent@example.org"
    assert user.check_password(GOOD_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.team) == (Role.FAMILY_MEMBER, cast.team_a)


def test_a_link_works_once(cast):
    _invitation, token = make_invitation(cast, email=cast.stranger.email)
    invitation_accept(token=token, user=cast.stranger)
    assert invitation_for_token(token) is None
    with pytest.raises(ValidationError):
        invitation_accept(token=token, user=cast.outsider)
    with pytest.raises(ValidationError):
        invitation_accept_new_account(
            token=token, username="x", first_name="X", last_name="", password=GOOD_PASSWORD
        )


def test_a_link_expires(cast):
    invitation, token = make_invitation(cast, email=cast.stranger.email)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert invitation_for_token(token) is None
    with pytest.raises(ValidationError):
        invitation_accept(token=token, user=cast.stranger)
    assert not Membership.objects.filter(user=cast.stranger).exists()


def test_a_revoked_link_no_longer_works(cast):
    invitation, token = make_invitation(cast)
    invitation_revoke(invitation=invitation, by=cast.staff)
    assert invitation.status(timezone.now()) == "revoked"
    assert invitation_for_token(token) is None


def test_a_wrong_token_opens_nothing(cast):
    make_invitation(cast)
    assert invitation_for_token("guess") is None


def test_weak_password_or_taken_username_creates_nothing(cast):
    _invitation, token = make_invitation(cast)
    with pytest.raises(ValidationError) as err:
        invitation_accept_new_account(
            token=token, username="teacher", first_name="T", last_name="", password="123"
        )
    assert set(err.value.message_dict) == {"username", "password"}
    assert invitation_for_token(token) is not None  # still usable
    assert Membership.objects.filter(collaborative=cast.collaborative).count() == 9


def test_team_roles_need_a_team(cast):
    with pytest.raises(ValidationError) as err:
        make_invitation(cast, team=None)
    assert "team" in err.value.message_dict
    assert mail.outbox == []


def test_memberships_are_archived_and_restored_not_duplicated(cast):
    membership = cast.family.memberships.get()
    membership_archive(membership=membership, by=cast.staff)
    assert Membership.objects.active().filter(user=cast.family).count() == 0
    again = membership_add(
        collaborative=cast.collaborative,
        user=cast.family,
        role=Role.FAMILY_MEMBER,
        team=cast.team_a,
        by=cast.staff,
    )
    assert again.pk == membership.pk
    assert again.archived_at is None
    with pytest.raises(ValidationError):
        membership_add(
            collaborative=cast.collaborative,
            user=cast.family,
            role=Role.FAMILY_MEMBER,
            team=cast.team_a,
            by=cast.staff,
        )


def test_one_team_per_program(cast):
    with pytest.raises(ValidationError) as err:
        team_create(
            collaborative=cast.collaborative, program=cast.team_a.program, name="Again", by=cast.staff
        )
    assert "program" in err.value.message_dict
    team = team_create(collaborative=cast.collaborative, program=make_program(), name="New", by=cast.staff)
    assert team.collaborative == cast.collaborative


def test_timeline_dates_stay_inside_the_collaborative(cast):
    collab = cast.collaborative
    phase = collab.phases.get(kind=Phase.Kind.PRE_WORK)
    with pytest.raises(ValidationError) as err:
        timeline_update(
            collaborative=collab, by=cast.staff, dates={phase.pk: (dt.date(2025, 12, 1), phase.end_date)}
        )
    assert f"phase-{phase.pk}-start_date" in err.value.message_dict
    timeline_update(
        collaborative=collab, by=cast.staff, dates={phase.pk: (dt.date(2026, 1, 5), phase.end_date)}
    )
    phase.refresh_from_db()
    assert phase.start_date == dt.date(2026, 1, 5)


def test_longer_collaborative_gets_more_periods_and_stale_edits_are_refused(cast):
    collab = cast.collaborative
    revision = collab.revision
    collaborative_update(
        collaborative=collab, by=cast.staff, revision=revision, end_date=dt.date(2027, 3, 31)
    )
    assert collab.periods.count() == 15
    with pytest.raises(ConcurrentEdit):
        collaborative_update(collaborative=collab, by=cast.staff, revision=revision, name="Stale")


def test_accepting_while_signed_in_adds_the_role_to_that_account(cast):
    person = make_user("already")
    _inv, token = make_invitation(cast, "Already@Example.ORG", role=Role.EVALUATOR, team=None)
    membership = invitation_accept(token=token, user=person)
    assert membership.role == Role.EVALUATOR
    assert membership.team is None


def test_new_dates_cannot_leave_a_phase_outside(cast):
    collab = cast.collaborative
    with pytest.raises(ValidationError) as err:
        collaborative_update(collaborative=collab, by=cast.staff, end_date=dt.date(2026, 6, 30))
    assert "Sustainment" in str(err.value.message_dict["__all__"])
    collab.refresh_from_db()
    assert collab.end_date == dt.date(2026, 12, 31)
