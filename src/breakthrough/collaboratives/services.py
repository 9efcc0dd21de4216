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
    Role,
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


LEARNING_SESSION_DAYS = 2


def timeline_from_dates(
    *, start: dt.date, learning_sessions: list[dt.date], action_periods_end: dt.date, end: dt.date
) -> list[tuple[str, dt.date, dt.date]]:
    """The eight phases from the dates a director knows: the start, the three learning sessions (two days
    each), the end of the last action period and the end. Errors name the date that is wrong."""
    k = Phase.Kind
    errors: dict[str, list[str]] = {}
    if len(learning_sessions) != 3:
        raise ValidationError(
            {"learning_sessions": [_("Give the dates of exactly three learning sessions.")]}
        )
    ls1, ls2, ls3 = learning_sessions
    days = dt.timedelta(days=LEARNING_SESSION_DAYS)
    order = [
        (
            "learning_sessions",
            ls1,
            start + dt.timedelta(days=1),
            _("Learning session 1 comes after the start."),
        ),
        (
            "learning_sessions",
            ls2,
            ls1 + days + dt.timedelta(days=1),
            _("Learning session 2 comes after an action period following session 1."),
        ),
        (
            "learning_sessions",
            ls3,
            ls2 + days + dt.timedelta(days=1),
            _("Learning session 3 comes after an action period following session 2."),
        ),
        (
            "action_periods_end",
            action_periods_end,
            ls3 + days,
            _("The last action period ends after learning session 3."),
        ),
        (
            "end",
            end,
            action_periods_end + dt.timedelta(days=1),
            _("Sustainment ends after the last action period."),
        ),
    ]
    for field, day, earliest, message in order:
        if day < earliest:
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    one = dt.timedelta(days=1)
    return [
        (k.PRE_WORK, start, ls1 - one),
        (k.LEARNING_SESSION_1, ls1, ls1 + days - one),
        (k.ACTION_PERIOD_1, ls1 + days, ls2 - one),
        (k.LEARNING_SESSION_2, ls2, ls2 + days - one),
        (k.ACTION_PERIOD_2, ls2 + days, ls3 - one),
        (k.LEARNING_SESSION_3, ls3, ls3 + days - one),
        (k.ACTION_PERIOD_3, ls3 + days, action_periods_end),
        (k.SUSTAINMENT, action_periods_end + one, end),
    ]


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def launch_errors_for_slug(slug: str) -> dict[str, list[str]]:
    if Collaborative.objects.filter(slug=slug).exists():
        return {"slug": [_("Another collaborative has this short name. Choose another.")]}
    return {}


def may_launch(user: Any) -> bool:
    """Who may start a new collaborative: a superuser, or someone who is project staff somewhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_superuser or Membership.objects.active().filter(user=user, role=Role.PROJECT_STAFF).exists()
    )


@transaction.atomic
def collaborative_launch(
    *,
    by: Any,
    name: str,
    slug: str,
    topic: str,
    start_date: dt.date,
    learning_sessions: list[dt.date],
    action_periods_end: dt.date,
    end_date: dt.date,
    report_due_day: int = 10,
    description: str = "",
    topic_es: str = "",
) -> Collaborative:
    """A new collaborative with its eight phases, a period per month, and its creator as project staff.
    ``topic`` and ``description`` are English; ``topic_es`` the topic in Spanish."""
    phases = timeline_from_dates(
        start=start_date,
        learning_sessions=learning_sessions,
        action_periods_end=action_periods_end,
        end=end_date,
    )
    errors = launch_errors_for_slug(slug)
    if errors:
        raise ValidationError(errors)
    collab = Collaborative(
        name=name,
        slug=slug,
        topic_en=topic,
        topic_es=topic_es,
        description_en=description,
        start_date=start_date,
        end_date=end_date,
        report_due_day=report_due_day,
    )
    save_audited(obj=collab, by=by)
    for kind, start, finish in phases:
        save_audited(obj=Phase(collaborative=collab, kind=kind, start_date=start, end_date=finish), by=by)
    periods_sync(collaborative=collab)
    if by is not None:
        save_audited(obj=Membership(user=by, collaborative=collab, role=Role.PROJECT_STAFF), by=by)
    return collab


@transaction.atomic
def sustainment_extend(*, collaborative: Collaborative, today: dt.date) -> list[Period]:
    """After the end date, while sustainment stays open: a period for every month up to this one."""
    if not collaborative.sustainment_open or today <= collaborative.end_date:
        return []
    made = []
    existing = set(collaborative.periods.values_list("month", flat=True))
    for month in months_between(add_months(collaborative.end_date.replace(day=1), 1), today):
        if month in existing:
            continue
        due = add_months(month, 1).replace(day=collaborative.report_due_day)
        period = Period(collaborative=collaborative, month=month, due_date=due)
        period.full_clean()
        period.save()
        made.append(period)
    return made


@transaction.atomic
def collaborative_create(
    *, by: Any, name: str, slug: str, topic: str, start_date: dt.date, months: int = 12, **fields: Any
) -> Collaborative:
    end = add_months(start_date, months) - dt.timedelta(days=1)
    collab = Collaborative(
        name=name, slug=slug, topic_en=topic, start_date=start_date, end_date=end, **fields
    )
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


CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: read aloud and typed without slips


def neutral_classroom_code(rng: Any = None) -> str:
    """A classroom code that carries nothing (no program, no order, no participation): ``K-`` and five
    random characters, unused so far. ``rng`` (a ``random.Random``) makes it repeatable, as the demo's."""
    draw = rng.choice if rng is not None else secrets.choice
    for _attempt in range(100):
        code = "K-" + "".join(draw(CODE_ALPHABET) for _ in range(5))
        if not Classroom.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free classroom code after 100 draws")  # 30**5 codes: not in this lifetime


@transaction.atomic
def classroom_save(*, classroom: Classroom, by: Any, revision: int | None = None) -> Classroom:
    """Save a classroom; one without a code gets a neutral one (codes typed in sequence can give away
    which rooms take part, when participating rooms were numbered first)."""
    if classroom.pk is not None:
        check_revision(classroom, revision)
    if not classroom.code:
        classroom.code = neutral_classroom_code()
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
    """Accept into an existing account whose email is the invited address (letter case aside). Works once,
    before the link expires: a link forwarded to, or opened by, someone else grants nothing."""
    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        raise ValidationError(_("This invitation link is no longer valid. Ask for a new one."))
    if (user.email or "").strip().casefold() != invitation.email.strip().casefold():
        raise ValidationError(
            _(
                "This invitation was sent to another email address. Sign in with the account of that "
                "address, or ask the project staff to invite yours."
            ),
            code="wrong_address",
        )
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
