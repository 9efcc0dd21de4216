"""Writes of the intake app: each validates, saves, audits and runs in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.collaboratives.services import program_save, team_create
from breakthrough.core.models import AuditRecord
from breakthrough.core.services import save_audited
from breakthrough.framework.models import PrimaryDriver
from breakthrough.intake.models import (
    PARTICIPANT_ROLES,
    Application,
    ApplicationCall,
    PlanningMeeting,
    PlanningParticipant,
    ReadinessCriterion,
    ReadinessLevel,
    ReadinessRating,
)
from breakthrough.measures.models import Measure

logger = logging.getLogger(__name__)

APPLICATION_FIELDS = (
    "program_name",
    "program_kind",
    "street_address",
    "city",
    "state",
    "postal_code",
    "director_name",
    "email",
    "phone",
    "language",
    "classrooms",
    "children_enrolled",
    "languages_spoken",
    "motivation",
    "team_members",
)


def open_call(collaborative: Collaborative, today: dt.date) -> ApplicationCall | None:
    """The collaborative's call for applications if it is open today."""
    call = ApplicationCall.objects.active().filter(collaborative=collaborative).first()
    return call if call is not None and call.is_open(today) else None


@transaction.atomic
def application_submit(*, collaborative: Collaborative, today: dt.date, **fields: Any) -> Application:
    """A program's application from the public form (no account: the audit names nobody)."""
    if open_call(collaborative, today) is None:
        raise ValidationError(_("This collaborative is not taking applications now."))
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown application fields: {sorted(unknown)}")
    application = Application(collaborative=collaborative, submitted_at=timezone.now(), **fields)
    save_audited(obj=application, by=None, action=AuditRecord.Action.CREATE)
    transaction.on_commit(lambda: _acknowledge(application))
    return application


def _acknowledge(application: Application) -> None:
    """A short email in the applicant's language saying the application arrived (best effort)."""
    with translation.override(application.language):
        subject = _("Your application to %(collaborative)s") % {"collaborative": application.collaborative}
        body = render_to_string("intake/email/acknowledgement.txt", {"application": application})
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    except OSError:
        logger.warning("application acknowledgement not sent (application %s)", application.pk)


def _rubric_levels(application: Application) -> dict[int, dict[int, ReadinessLevel]]:
    criteria = ReadinessCriterion.objects.active().filter(
        rubric__collaborative_id=application.collaborative_id, rubric__archived_at__isnull=True
    )
    levels: dict[int, dict[int, ReadinessLevel]] = {c.pk: {} for c in criteria}
    for level in ReadinessLevel.objects.active().filter(criterion__in=criteria):
        levels[level.criterion_id][level.pk] = level
    return levels


@transaction.atomic
def ratings_save(
    *, application: Application, ratings: Mapping[int, tuple[int | None, str]], by: Any
) -> list[ReadinessRating]:
    """One reviewer's levels and notes for an application: ``ratings`` maps a criterion id to a level id
    (None: not rated yet) and a note. A rating changed is audited with what it was; none is ever removed."""
    if not application.is_pending:
        raise ValidationError(_("This application has been decided; its ratings are closed."))
    levels = _rubric_levels(application)
    errors: dict[str, list[str]] = {}
    for criterion_id, (level_id, note) in ratings.items():
        if criterion_id not in levels:
            errors.setdefault("__all__", []).append(_("A criterion of another rubric was sent."))
        elif level_id is not None and level_id not in levels[criterion_id]:
            errors.setdefault(f"level_{criterion_id}", []).append(_("Choose one of this criterion's levels."))
        elif level_id is None and note.strip():
            errors.setdefault(f"level_{criterion_id}", []).append(
                _("Choose a level for the note to go with.")
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        r.criterion_id: r
        for r in ReadinessRating.objects.active()
        .filter(application=application, rater=by)
        .select_for_update()
    }
    saved = []
    for criterion_id, (level_id, note) in ratings.items():
        if level_id is None:
            continue
        rating = existing.get(criterion_id) or ReadinessRating(
            application=application, criterion_id=criterion_id, rater=by
        )
        if rating.pk and rating.level_id == level_id and rating.note == note:
            continue
        rating.level = levels[criterion_id][level_id]
        rating.note = note
        saved.append(save_audited(obj=rating, by=by))
    return saved


def _decide(application: Application, *, status: str, note: str, by: Any) -> Application:
    application.status = status
    application.decision_note = note
    application.decided_at = timezone.now()
    application.decided_by = by
    return save_audited(obj=application, by=by)


def _locked_pending(application: Application) -> Application:
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    if not fresh.is_pending:
        raise ValidationError(_("This application has already been decided."))
    return fresh


@transaction.atomic
def application_accept(
    *, application: Application, by: Any, note: str = "", team_name: str = ""
) -> Application:
    """Accept: the program (registered in the collaborative) and its team are made through the collaboratives
    services, and the application is linked to both; all of it or nothing."""
    application = _locked_pending(application)
    collaborative = application.collaborative
    if Program.objects.filter(registered_in=collaborative, name__iexact=application.program_name).exists():
        raise ValidationError(
            {"program_name": _("A program with this name is already registered in this collaborative.")}
        )
    program = program_save(
        program=Program(
            name=application.program_name,
            kind=application.program_kind,
            setting=Program.Setting.HOME
            if application.program_kind == Program.Kind.FAMILY_CHILD_CARE
            else Program.Setting.CENTER,
            street_address=application.street_address,
            city=application.city,
            state=application.state,
            postal_code=application.postal_code,
            registered_in=collaborative,
        ),
        by=by,
    )
    name = team_name.strip() or _("%(program)s team") % {"program": program.name}
    application.program = program
    application.team = team_create(collaborative=collaborative, program=program, name=name[:200], by=by)
    return _decide(application, status=Application.Status.ACCEPTED, note=note, by=by)


@transaction.atomic
def application_decline(*, application: Application, by: Any, note: str) -> Application:
    if not note.strip():
        raise ValidationError({"note": _("Say why the application is declined (the note stays with it).")})
    application = _locked_pending(application)
    return _decide(application, status=Application.Status.DECLINED, note=note, by=by)


@transaction.atomic
def meeting_save(
    *,
    collaborative: Collaborative,
    by: Any,
    held_on: dt.date,
    place: str,
    focus_areas: str,
    rationale: str,
    drivers: Iterable[PrimaryDriver],
    measures: Iterable[Measure],
    participants: Mapping[str, int],
    translations: Mapping[str, str] | None = None,
) -> PlanningMeeting:
    """Record or edit the collaborative's planning meeting with its participant counts by role (a role
    at 0 is archived, never deleted). ``translations`` holds the Spanish texts (``focus_areas_es``…)."""
    drivers, measures = list(drivers), list(measures)
    errors: dict[str, list[str]] = {}
    if any(d.collaborative_id != collaborative.pk for d in drivers):
        errors["drivers"] = [_("Choose drivers of this collaborative.")]
    if any(m.collaborative_id != collaborative.pk for m in measures):
        errors["measures"] = [_("Choose measures of this collaborative.")]
    roles = dict(PARTICIPANT_ROLES)
    for role, count in participants.items():
        if role not in roles:
            errors.setdefault("participants", []).append(_("Unknown role: %(role)s.") % {"role": role})
        elif count < 0:
            errors.setdefault(f"count_{role}", []).append(_("A count cannot be negative."))
    if errors:
        raise ValidationError(errors)
    meeting = PlanningMeeting.objects.filter(collaborative=collaborative).first() or PlanningMeeting(
        collaborative=collaborative
    )
    meeting.archived_at = None
    meeting.held_on, meeting.place = held_on, place
    # The English columns by name: the plain attribute writes the language of the request (modeltranslation).
    meeting.focus_areas_en, meeting.rationale_en = focus_areas, rationale  # type: ignore[attr-defined]
    for name, text in (translations or {}).items():
        setattr(meeting, name, text)
    meeting = save_audited(obj=meeting, by=by)
    meeting.drivers.set(drivers)
    meeting.measures.set(measures)
    existing = {p.role: p for p in meeting.participants.all()}
    for role, count in participants.items():
        row = existing.get(role)
        if count == 0:
            if row is not None and row.archived_at is None:
                row.archived_at = timezone.now()
                save_audited(obj=row, by=by, action=AuditRecord.Action.ARCHIVE)
            continue
        row = row or PlanningParticipant(meeting=meeting, role=role)
        if row.pk and row.count == count and row.archived_at is None:
            continue
        row.count, row.archived_at = count, None
        save_audited(obj=row, by=by)
    return meeting


@transaction.atomic
def call_save(*, call: ApplicationCall, by: Any) -> ApplicationCall:
    """Open or close the public form of a collaborative (a closing date in the past closes it too)."""
    return save_audited(obj=call, by=by)
