from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import (
    Classroom,
    Collaborative,
    Invitation,
    Membership,
    Period,
    Phase,
    Program,
    Team,
    add_months,
)
from breakthrough.core.models import User
from breakthrough.core.services import archive, check_revision, save_audited

INVITATION_LIFETIME = dt.timedelta(days=14)


def default_timeline(start: dt.date, months: int = 12) -> list[tuple[str, dt.date, dt.date]]:
    """A 12-month BSC: one month of pre-work, three two-day learning sessions, action periods between."""
    k = Phase.Kind
    end = add_months(start, months) - dt.timedelta(days=1)
    ls1 = add_months(start, 1)
    ls2 = add_months(start, 4)
    ls3 = add_months(start, 8)
    sustain = add_months(start, 11)
    two_days = dt.timedelta(days=1)
    return [
        (k.PRE_WORK, start, ls1 - dt.timedelta(days=1)),
        (k.LEARNING_SESSION_1, ls1, ls1 + two_days),
        (k.ACTION_PERIOD_1, ls1 + 2 * two_days, ls2 - dt.timedelta(days=1)),
        (k.LEARNING_SESSION_2, ls2, ls2 + two_days),
        (k.ACTION_PERIOD_2, ls2 + 2 * two_days, ls3 - dt.timedelta(days=1)),
        (k.LEARNING_SESSION_3, ls3, ls3 + two_days),
        (k.ACTION_PERIOD_3, ls3 + 2 * two_days, sustain - dt.timedelta(days=1)),
        (k.SUSTAINMENT, sustain, end),
    ]


@transaction.atomic
def collaborative_create(
    *, by: Any, name: str, slug: str, topic: str, start_date: dt.date, months: int = 12, **fields: Any
) -> Collaborative:
    end = add_months(start_date, months) - dt.timedelta(days=1)
    collab = Collaborative(name=name, slug=slug, topic=topic, start_date=start_date, end_date=end, **fields)
    save_audited(obj=collab, by=by)
    for kind, start, finish in default_timeline(start_date, months):
        save_audited(obj=Phase(collaborative=collab, kind=kind, start_date=start, end_date=finish), by=by)
    periods_sync(collaborative=collab)
    return collab


def periods_sync(*, collaborative: Collaborative) -> list[Period]:
    """Make one reporting period per month of the collaborative; existing periods are kept."""
    existing = {p.month: p for p in collaborative.periods.all()}
    periods = []
    for month in collaborative.reporting_months():
        period = existing.get(month)
        if period is None:
            due = add_months(month, 1).replace(day=collaborative.report_due_day)
            period = Period(collaborative=collaborative, month=month, due_date=due)
            period.full_clean()
            period.save()
        periods.append(period)
    return periods


@transaction.atomic
def collaborative_update(
    *, collaborative: Collaborative, by: Any, revision: int | None = None, **fields: Any
) -> Collaborative:
    check_revision(collaborative, revision)
    for name, value in fields.items():
        setattr(collaborative, name, value)
    outside = [
        p.get_kind_display()
        for p in collaborative.phases.all()
        if not (collaborative.contains(p.start_date) and collaborative.contains(p.end_date))
    ]
    if outside and collaborative.start_date < collaborative.end_date:
        message = _("These phases would fall outside the new dates; move them first: %(phases)s.")
        raise ValidationError({NON_FIELD_ERRORS: message % {"phases": ", ".join(outside)}})
    save_audited(obj=collaborative, by=by)
    periods_sync(collaborative=collaborative)
    return collaborative


@transaction.atomic
def timeline_update(
    *, collaborative: Collaborative, by: Any, dates: dict[int, tuple[dt.date, dt.date]]
) -> list[Phase]:
    """Change the dates of the phases at once; errors are keyed ``phase-<pk>-start_date`` and so on."""
    phases = list(collaborative.phases.select_for_update().order_by("start_date"))
    errors: dict[str, list[Any]] = {}
    for phase in phases:
        if phase.pk not in dates:
            continue
        phase.start_date, phase.end_date = dates[phase.pk]
        try:
            save_audited(obj=phase, by=by)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"phase-{phase.pk}-{field}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    periods_sync(collaborative=collaborative)
    return phases


@transaction.atomic
def program_save(*, program: Program, by: Any, revision: int | None = None) -> Program:
    if program.pk is not None:
        check_revision(program, revision)
    return save_audited(obj=program, by=by)


@transaction.atomic
def classroom_save(*, classroom: Classroom, by: Any, revision: int | None = None) -> Classroom:
    if classroom.pk is not None:
        check_revision(classroom, revision)
    return save_audited(obj=classroom, by=by)


@transaction.atomic
def team_create(*, collaborative: Collaborative, program: Program, name: str, by: Any) -> Team:
    if Team.objects.filter(collaborative=collaborative, program=program).exists():
        raise ValidationError({"program": _("This program already has a team in this collaborative.")})
    return save_audited(obj=Team(collaborative=collaborative, program=program, name=name), by=by)


@transaction.atomic
def membership_add(
    *, collaborative: Collaborative, user: User, role: str, team: Team | None, by: Any
) -> Membership:
    """Give a person a role; an archived membership with the same role is restored, never duplicated."""
    existing = Membership.objects.filter(user=user, collaborative=collaborative, team=team, role=role).first()
    if existing is not None:
        if existing.archived_at is None:
            raise ValidationError({"user": _("This person already has this role here.")})
        existing.archived_at = None
        return save_audited(obj=existing, by=by)
    return save_audited(obj=Membership(user=user, collaborative=collaborative, team=team, role=role), by=by)


@transaction.atomic
def membership_archive(*, membership: Membership, by: Any) -> Membership:
    return archive(obj=membership, by=by)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    collaborative: Collaborative,
    email: str,
    role: str,
    team: Team | None,
    language: str,
    by: Any,
    base_url: str,
) -> tuple[Invitation, str]:
    """Invite an email address; send the link. Returns the invitation and its token (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        collaborative=collaborative,
        team=team,
        role=role,
        email=email,
        language=language,
        token_hash=_token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    save_audited(obj=invitation, by=by)
    link = base_url.rstrip("/") + reverse("collaboratives:invitation-accept", args=[token])
    context = {"invitation": invitation, "link": link, "inviter": by, "days": INVITATION_LIFETIME.days}
    with translation.override(language):
        subject = render_to_string("collaboratives/invitation_email_subject.txt", context).strip()
        body = render_to_string("collaboratives/invitation_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return invitation, token


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation | None:
    """The pending invitation a token opens; None if wrong, used, expired or revoked."""
    rows = Invitation.objects.select_related("collaborative", "team")
    if lock:
        rows = rows.select_for_update(of=("self",))  # PostgreSQL cannot lock the outer-joined team
    invitation = rows.filter(token_hash=_token_hash(token)).first()
    if invitation is None or invitation.status(timezone.now()) != "pending":
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Accept into an existing account. Works once, before the link expires."""
    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        raise ValidationError(_("This invitation link is no longer valid. Ask for a new one."))
    team = invitation.team
    membership = Membership.objects.filter(
        user=user, collaborative=invitation.collaborative, team=team, role=invitation.role
    ).first()
    if membership is None:
        membership = Membership(
            user=user, collaborative=invitation.collaborative, team=team, role=invitation.role
        )
        save_audited(obj=membership, by=user)
    elif membership.archived_at is not None:
        membership.archived_at = None
        save_audited(obj=membership, by=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    save_audited(obj=invitation, by=user)
    return membership


@transaction.atomic
def invitation_accept_new_account(
    *, token: str, username: str, first_name: str, last_name: str, password: str
) -> User:
    """Create the invitee's account and their membership in one transaction."""
    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        raise ValidationError(_("This invitation link is no longer valid. Ask for a new one."))
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=invitation.email,
        preferred_language=invitation.language,
    )
    errors: dict[str, list[Any]] = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken. Choose another.")]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    invitation_accept(token=token, user=user)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already accepted."))
    return archive(obj=invitation, by=by)
