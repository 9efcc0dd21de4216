"""Writes of the study layer: waves, links, answers, observations, interviews."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any, NamedTuple

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Classroom,
    Collaborative,
    Membership,
    Program,
    Role,
)
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord, snapshot
from breakthrough.core.services import save_audited
from breakthrough.core.translated import in_every_language
from breakthrough.study.models import Answer as AnswerRow
from breakthrough.study.models import (
    Code,
    Excerpt,
    Instrument,
    Interview,
    Item,
    Observation,
    ObservationScore,
    RespondentGroup,
    RespondentRole,
    Response,
    StudyCodeSecret,
    SurveyLink,
    SurveyLinkContact,
    Wave,
)

ROLE_OF_MEMBERSHIP = {
    Role.TEACHER: RespondentRole.TEACHER,
    Role.ASSISTANT_TEACHER: RespondentRole.TEACHER,
    Role.DIRECTOR: RespondentRole.DIRECTOR,
    Role.FAMILY_MEMBER: RespondentRole.FAMILY,
    Role.SENIOR_LEADER: RespondentRole.LEADER,
    Role.TEAM_LEAD: RespondentRole.LEADER,
}


STUDY_CODE_KEY_CACHE = "study:code-key"


def study_code_key(*, fresh: bool = False) -> str:
    """The study codes' own key (``StudyCodeSecret``): kept in Django's cache, made on first use.

    ``fresh`` reads the row (writers of codes do): if the database lost it while the cache kept it (a
    rebuilt database), the row is made again with the cached key, so codes already given stay valid.
    """
    key = None if fresh else cache.get(STUDY_CODE_KEY_CACHE)
    if key is None:
        row = StudyCodeSecret.objects.order_by("pk").first()
        if row is None:
            try:
                with transaction.atomic():
                    made = cache.get(STUDY_CODE_KEY_CACHE) or secrets.token_urlsafe(48)
                    row = StudyCodeSecret.objects.create(pk=1, key=made)
            except IntegrityError:  # made a moment ago by another request
                row = StudyCodeSecret.objects.get(pk=1)
        key = row.key
        cache.set(STUDY_CODE_KEY_CACHE, key, None)
    return key


def demo_study_code_key(seed: int) -> None:
    """The demo's study-code key, fixed by its seed (demo data only: the same seed, the same codes)."""
    StudyCodeSecret.objects.update_or_create(pk=1, defaults={"key": f"demo-study-codes-{seed}"})
    cache.set(STUDY_CODE_KEY_CACHE, f"demo-study-codes-{seed}", None)


def study_code_of(user: Any, *, fresh: bool = False) -> str:
    """A stable pseudonymous code for a signed-in respondent (pairs their waves; reveals nothing). Its key
    is the study's own, not SECRET_KEY, so rotating SECRET_KEY changes no code."""
    digest = hmac.new(study_code_key(fresh=fresh).encode(), f"study-{user.pk}".encode(), hashlib.sha256)
    return "M-" + digest.hexdigest()[:10]


def wave_create(
    *,
    by: Any,
    collaborative: Collaborative,
    instrument: Instrument,
    name: str,
    kind: str,
    opens_on: dt.date,
    closes_on: dt.date,
    groups: list[RespondentGroup] | None = None,
    double_coding_share: int = 20,
    name_es: str = "",
) -> Wave:
    with transaction.atomic():
        wave = Wave(
            collaborative=collaborative,
            instrument=instrument,
            name_en=name,
            name_es=name_es,
            kind=kind,
            opens_on=opens_on,
            closes_on=closes_on,
            double_coding_share=double_coding_share,
        )
        save_audited(obj=wave, by=by, action=AuditRecord.Action.CREATE)
        if groups:
            wave.groups.set(groups)
        return wave


def group_for(collaborative: Collaborative, kind: str) -> RespondentGroup:
    group, _created = RespondentGroup.objects.get_or_create(
        collaborative=collaborative,
        kind=kind,
        defaults=in_every_language(RespondentGroup.Kind(kind).label, "name"),
    )
    return group


def links_create(
    *,
    by: Any,
    wave: Wave,
    group: RespondentGroup,
    program: Program,
    role: str,
    language: str,
    respondent_keys: list[str],
    emails: dict[str, str] | None = None,
    link_url: Callable[[str], str] | None = None,
) -> list[tuple[SurveyLink, str]]:
    """One personal link per study code. Returns each link with its token (shown once, never kept).

    ``emails`` maps a study code to the address its link is sent to (optional, kept apart from the link
    and never audited or logged); ``link_url`` turns a token into the address of the answer page, and is
    needed to send. A link whose email could not go out keeps ``link.sent = False``: copy it by hand.
    """
    if group.kind == RespondentGroup.Kind.TEAM:
        raise ValidationError(
            {"group": _("Team members answer signed in; links are for staff and families.")}
        )
    keys = [k.strip() for k in respondent_keys if k.strip()]
    if not keys:
        raise ValidationError({"respondent_keys": _("Give at least one study code.")})
    taken = set(
        SurveyLink.objects.filter(wave=wave, respondent_key__in=keys).values_list("respondent_key", flat=True)
    )
    if taken:
        raise ValidationError(
            {
                "respondent_keys": _("These codes already have a link in this wave: %(codes)s")
                % {"codes": ", ".join(sorted(taken))}
            }
        )
    emails = {k.strip(): e.strip() for k, e in (emails or {}).items() if e and e.strip()}
    bad = sorted(k for k, e in emails.items() if not _is_email(e))
    if bad:
        raise ValidationError(
            {
                "respondent_keys": _("These codes have an address that is not an email: %(codes)s")
                % {"codes": ", ".join(bad)}
            }
        )
    made = []
    with transaction.atomic():
        for key in keys:
            link = SurveyLink(
                wave=wave, group=group, program=program, role=role, language=language, respondent_key=key
            )
            token = link.new_token()
            save_audited(obj=link, by=by, action=AuditRecord.Action.CREATE)
            if key in emails:
                SurveyLinkContact.objects.create(
                    link=link, email=emails[key]
                )  # not audited: no trail holds it
            made.append((link, token))
    for link, token in made:
        link.sent = False
        link.has_email = link.respondent_key in emails
        if key_email := emails.get(link.respondent_key):
            link.sent = link_url is not None and send_link(link=link, email=key_email, url=link_url(token))
    return made


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def send_link(*, link: SurveyLink, email: str, url: str, reminder: bool = False) -> bool:
    """Email a personal link in its language; True when it went out. The address is never logged."""
    wave = link.wave
    with translation.override(link.language):
        survey = wave.instrument.title(link.language)
        closes = formats.date_format(wave.closes_on, "DATE_FORMAT")
        if reminder:
            subject = _("Reminder: your survey “%(survey)s”") % {"survey": survey}
            opening = _("We have not received your answers yet, and they matter to us.")
        else:
            subject = _("Your survey: “%(survey)s”") % {"survey": survey}
            opening = _("You are invited to answer a short survey for the program's study.")
        body = _(
            "Hello,\n\n%(opening)s\n\nSurvey: %(survey)s\nOpen until: %(closes)s\n\n"
            "Your personal link works once, on a phone or a computer:\n%(url)s\n\n"
            "Your answers are confidential: nothing you answer is shown to the program's team with your "
            "name.\n\nThank you!"
        ) % {"opening": opening, "survey": survey, "closes": closes, "url": url}
        if reminder:
            body += "\n\n" + _("This link replaces any link we sent you before for this survey.")
    try:
        send_mail(subject, body, None, [email])
    except OSError:  # smtplib's errors included; the page says how many did not go out
        return False
    return True


def link_for_token(token: str) -> SurveyLink | None:
    from breakthrough.study.models import hash_token

    return (
        SurveyLink.objects.active()
        .filter(token_hash=hash_token(token))
        .select_related("wave__instrument")
        .first()
    )


def clean_answers(items: list[Item], raw: dict[str, Any]) -> tuple[dict[int, int], dict[str, str]]:
    """Typed answers (``item-<pk>`` → text) to scores; errors keyed by the same names."""
    values: dict[int, int] = {}
    errors: dict[str, str] = {}
    for item in items:
        name = f"item-{item.pk}"
        text = str(raw.get(name, "") or "").strip()
        if not text:
            if item.required:
                errors[name] = _("Please answer this question.")
            continue
        try:
            value = int(text)
        except ValueError:
            errors[name] = _("Choose one of the answers.")
            continue
        if not item.scale_min <= value <= item.scale_max:
            errors[name] = _("Choose one of the answers.")
            continue
        values[item.pk] = value
    return values, errors


def _save_answers(response: Response, values: dict[int, int]) -> None:
    AnswerRow.objects.bulk_create(
        [AnswerRow(response=response, item_id=k, value=v) for k, v in values.items()]
    )


def response_submit_signed_in(*, wave: Wave, user: Any, raw: dict[str, Any], language: str) -> Response:
    """A team member answers a wave inside the platform, once."""
    if not wave.is_open():
        raise ValidationError({"__all__": _("This survey is not open.")})
    membership = (
        Membership.objects.active()
        .filter(user=user, collaborative=wave.collaborative, role__in=TEAM_ROLES, team__isnull=False)
        .select_related("team")
        .first()
    )
    if membership is None:
        raise ValidationError({"__all__": _("Only members of a collaborative team answer this survey here.")})
    key = study_code_of(user, fresh=True)
    already = ValidationError({"__all__": _("You have already answered this survey. Thank you!")})
    if Response.objects.filter(wave=wave, respondent_key=key).exists():
        raise already
    values, errors = clean_answers(list(wave.instrument.items.active()), raw)
    if errors:
        raise ValidationError(errors)
    try:
        return _response_save(wave, user, membership, key, language, values)
    except IntegrityError:  # the same person's submit in another tab or request got in first
        raise already from None


@transaction.atomic
def _response_save(wave: Wave, user: Any, membership: Any, key: str, language: str, values: Any) -> Response:
    response = Response(
        wave=wave,
        user=user,
        program=membership.team.program,
        role=ROLE_OF_MEMBERSHIP.get(membership.role, RespondentRole.STAFF),
        on_team=True,
        respondent_key=key,
        language=language,
    )
    response.full_clean(validate_constraints=False)  # one response a wave: the database decides
    response.save()
    _save_answers(response, values)
    return response


def response_submit_by_link(*, link: SurveyLink, raw: dict[str, Any], language: str) -> Response:
    """Someone without an account answers through their link; the link then stops working for this wave."""
    try:
        return _response_by_link(link, raw, language)
    except IntegrityError:  # the same link submitted twice at once (SQLite has no row lock)
        raise ValidationError(
            {"__all__": _("This link has already been used. Thank you for answering!")}
        ) from None


def _response_by_link(link: SurveyLink, raw: dict[str, Any], language: str) -> Response:
    with transaction.atomic():
        link = SurveyLink.objects.select_for_update().get(pk=link.pk)
        if link.used_at is not None:
            raise ValidationError({"__all__": _("This link has already been used. Thank you for answering!")})
        if not link.wave.is_open():
            raise ValidationError({"__all__": _("This survey is not open.")})
        values, errors = clean_answers(list(link.wave.instrument.items.active()), raw)
        if errors:
            raise ValidationError(errors)
        response = Response(
            wave=link.wave,
            link=link,
            program=link.program,
            role=link.role,
            on_team=False,
            respondent_key=link.respondent_key,
            language=language,
        )
        response.full_clean()
        response.save()
        _save_answers(response, values)
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
    return response


class Reminded(NamedTuple):
    emailed: int  # sent a fresh link by email
    by_hand: int  # no address: marked reminded, for the evaluator to remind with the printed link
    failed: int  # had an address, but the email did not go out: nothing changed


def links_remind(*, by: Any, wave: Wave, link_url: Callable[[str], str] | None = None) -> Reminded:
    """Remind everyone whose link is still unanswered, recording when.

    A link with an email address gets a fresh link by email (only a hash of a token is kept, so the
    earlier link cannot be sent again; the new one replaces it). A link without one is marked reminded.
    """
    now = timezone.now()
    pending = list(
        SurveyLink.objects.active()
        .filter(wave=wave, used_at__isnull=True)
        .select_related("wave__instrument", "contact")
    )
    emailed = by_hand = failed = 0
    for link in pending:
        contact = getattr(link, "contact", None)
        with transaction.atomic():
            if contact is not None and link_url is not None:
                token = link.new_token()
                if not send_link(link=link, email=contact.email, url=link_url(token), reminder=True):
                    failed += 1
                    continue  # the earlier link keeps working
                emailed += 1
            else:
                by_hand += 1
            link.reminded_at = now
            save_audited(obj=link, by=by)
    return Reminded(emailed, by_hand, failed)


# --- observations ---


def observation_schedule(
    *,
    by: Any,
    wave: Wave,
    classroom: Classroom,
    observer: Any,
    starts_at: dt.datetime,
    second_observer: Any | None = None,
) -> Observation:
    """Schedule a visit; with a second observer, a double-coded twin at the same time."""
    errors: dict[str, str] = {}
    if wave.instrument.kind != Instrument.Kind.OBSERVATION:
        errors["wave"] = _("Choose a wave of an observation tool.")
    observers = set(
        Membership.objects.active()
        .filter(collaborative=wave.collaborative, role=Role.OBSERVER)
        .values_list("user_id", flat=True)
    )
    if observer is None or observer.pk not in observers:
        errors["observer"] = _("Choose an observer of this collaborative.")
    if second_observer is not None and (second_observer.pk not in observers or second_observer == observer):
        errors["second_observer"] = _("Choose a different observer of this collaborative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        first = Observation(wave=wave, classroom=classroom, observer=observer, starts_at=starts_at)
        save_audited(obj=first, by=by, action=AuditRecord.Action.CREATE)
        if second_observer is not None:
            twin = Observation(
                wave=wave, classroom=classroom, observer=second_observer, starts_at=starts_at, second_of=first
            )
            save_audited(obj=twin, by=by, action=AuditRecord.Action.CREATE)
    return first


def observation_score(*, observation: Observation, by: Any, raw: dict[str, Any], submit: bool) -> Observation:
    """Save an observer's scores; submitting needs every item and locks them."""
    items = list(observation.wave.instrument.items.active())
    if submit:
        for item in items:
            item.required = True
    values, errors = clean_answers(items, raw)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _scores_update(observation=observation, by=by, values=values)
        if submit:
            observation.status = Observation.Status.SUBMITTED
            observation.submitted_at = timezone.now()
        save_audited(
            obj=observation, by=by, action=AuditRecord.Action.SUBMIT if submit else AuditRecord.Action.UPDATE
        )
    return observation


def _scores_update(*, observation: Observation, by: Any, values: dict[int, int]) -> None:
    """Each score changed in place and audited with its value before and after; a new one created (audited);
    one left blank in a draft is removed, its last value kept in the audit trail (after: no value)."""
    stored = {
        s.item_id: s for s in ObservationScore.objects.select_for_update().filter(observation=observation)
    }
    for item_id, value in values.items():
        score = stored.pop(item_id, None)
        if score is None:
            save_audited(
                obj=ObservationScore(observation=observation, item_id=item_id, value=value),
                by=by,
                action=AuditRecord.Action.CREATE,
            )
        elif score.value != value:
            score.value = value
            save_audited(obj=score, by=by, fields=("value",))
    for score in stored.values():
        before = snapshot(score)
        score.value = None  # type: ignore[assignment]  # recorded as cleared, then the row goes
        audit_record(obj=score, by=by, action=AuditRecord.Action.UPDATE, before=before)
        ObservationScore.objects.filter(pk=score.pk).delete()


# --- interviews ---


def interview_create(*, by: Any, collaborative: Collaborative, **fields: Any) -> Interview:
    with transaction.atomic():
        return save_audited(
            obj=Interview(collaborative=collaborative, **fields), by=by, action=AuditRecord.Action.CREATE
        )


def code_create(*, by: Any, collaborative: Collaborative, **fields: Any) -> Code:
    if Code.objects.filter(collaborative=collaborative, name=fields.get("name", "")).exists():
        raise ValidationError({"name": _("The code book already has this code.")})
    with transaction.atomic():
        return save_audited(
            obj=Code(collaborative=collaborative, **fields), by=by, action=AuditRecord.Action.CREATE
        )


def excerpt_add(
    *, by: Any, interview: Interview, text: str, codes: list[Code], start: int | None = None
) -> Excerpt:
    """Code a passage of the interview. ``start`` is where a selected passage begins in the interview's text
    (characters, from selecting it on the page); the passage must be found there. A pasted passage (no
    ``start``) must occur in the text and is placed at its first occurrence."""
    errors = {}
    passage = text.strip()
    if start is not None:
        start += len(text) - len(text.lstrip())  # the selection's leading spaces are not part of it
    if not passage:
        errors["text"] = _("Select a passage of the interview, or paste it here.")
    elif start is not None and (start < 0 or interview.text[start : start + len(passage)] != passage):
        errors["text"] = _("The selected passage is not in this interview's text; select it again.")
    elif passage not in interview.text:
        errors["text"] = _("An excerpt is a passage of this interview's text.")
    elif start is None:
        start = interview.text.find(passage)
    if not codes:
        errors["codes"] = _("Choose at least one code.")
    if any(c.collaborative_id != interview.collaborative_id for c in codes):
        errors["codes"] = _("Choose codes of this collaborative's code book.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        excerpt = save_audited(
            obj=Excerpt(interview=interview, text=passage, start=start),
            by=by,
            action=AuditRecord.Action.CREATE,
        )
        excerpt.codes.set(codes)
    return excerpt
