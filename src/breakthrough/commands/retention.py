"""`breakthrough retention apply [--dry-run]`: pseudonymise a closed collaborative's personal data.

A collaborative is closed once its end date has passed and sustainment is closed. ``RETENTION_DAYS`` after
that (docs/deployment.md; 0, the default, keeps everything), its people's names and email addresses are
replaced (accounts whose every role was in such collaboratives become ``former-<number>``, with no
password) and their sign-in history keeps no address or browser, invitation and survey-link addresses are
cleared, and free text written there is replaced by a placeholder: comments, report narratives and value
notes, PDSA cycles and storyboards, assessment reasons, incident follow-ups, discussion threads and posts,
chart phase reasons, interview notes and excerpts, applications' contact details and texts, readiness
notes, in the rows and in their audit records' before/after copies. Study data stays, by code: responses,
answers, observation scores, study codes, the structure of ramps and cycles (dates, change ideas,
decisions) and every number. One audit record per collaborative says it was done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

REMOVED = "[removed after the retention period]"

# Free text written in a collaborative: (model, the path from it to its collaborative, its text fields;
# None: every TextField of the model, so a text field added later is pseudonymised too).
FREE_TEXT: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("measures.MonthlyReport", "team__collaborative", None),
    ("measures.MeasureValue", "report__team__collaborative", None),
    ("pdsa.PDSACycle", "ramp__team__collaborative", None),
    ("pdsa.Storyboard", "team__collaborative", None),
    ("assessments.Assessment", "team__collaborative", None),
    ("incidents.Incident", "team__collaborative", None),
    ("community.Thread", "collaborative", ("title",)),
    ("community.Post", "thread__collaborative", None),
    ("dashboards.ChartPhase", "team__collaborative", None),
    ("study.Interview", "collaborative", None),
    ("study.Excerpt", "interview__collaborative", None),
    # A program's application: the director's name and contact details, and every text (names no code).
    (
        "intake.Application",
        "collaborative",
        ("director_name", "email", "phone", "motivation", "team_members", "decision_note"),
    ),
    ("intake.ReadinessRating", "application__collaborative", None),
]


def due_collaboratives(today: dt.date, days: int) -> Any:
    from breakthrough.collaboratives.models import Collaborative

    cutoff = today - dt.timedelta(days=days)
    return Collaborative.objects.filter(end_date__lt=cutoff, sustainment_open=False)


def pseudonymise(collaborative: Any, *, dry_run: bool, closed_ids: list[int]) -> dict[str, int]:
    """``closed_ids``: every collaborative past its retention period (a person with a role in another,
    still open, collaborative keeps their name and address)."""
    from axes.models import AccessFailureLog, AccessLog
    from django.apps import apps
    from django.db import transaction

    from breakthrough.collaboratives.models import Invitation, Membership
    from breakthrough.core.audit import audit_record
    from breakthrough.core.models import AuditRecord, Comment, User
    from breakthrough.study.models import SurveyLinkContact

    members = set(Membership.objects.filter(collaborative=collaborative).values_list("user_id", flat=True))
    elsewhere = set(
        Membership.objects.filter(user_id__in=members)
        .exclude(collaborative=collaborative)
        .exclude(collaborative_id__in=closed_ids)
        .values_list("user_id", flat=True)
    )
    people = User.objects.filter(pk__in=members - elsewhere, is_superuser=False)
    people = people.exclude(username__startswith="former-")
    comments = [
        c
        for c in Comment.objects.exclude(body=REMOVED).select_related("target_type")
        if _in(c, collaborative)
    ]
    texts = [(apps.get_model(label), path, fields) for label, path, fields in FREE_TEXT]
    texts = [(model, path, fields or _text_fields(model)) for model, path, fields in texts]
    counts = {
        "people": people.count(),
        "invitations": Invitation.objects.filter(collaborative=collaborative).exclude(email="").count(),
        "survey addresses": SurveyLinkContact.objects.filter(link__wave__collaborative=collaborative).count(),
        "comments": len(comments),
    }
    for model, path, fields in texts:
        rows = _written(model, path, fields, collaborative)
        counts[str(model._meta.verbose_name_plural)] = rows.count()
    if dry_run:
        return counts
    with transaction.atomic():
        usernames = {}
        for person in people:
            usernames[person.username] = person.username = f"former-{person.pk}"
            person.first_name = person.last_name = person.email = ""
            person.set_unusable_password()
            person.save()
            AuditRecord.objects.filter(app_label="core", model_name="user", object_id=str(person.pk)).redact(
                {"username", "first_name", "last_name", "email"}, REMOVED, object_repr=person.username
            )
        for old, new in usernames.items():  # the sign-in history stays, without address or browser
            for log in (AccessLog, AccessFailureLog):
                log.objects.filter(username=old).update(username=new, ip_address=None, user_agent="")
        Invitation.objects.filter(collaborative=collaborative).update(email="")
        SurveyLinkContact.objects.filter(link__wave__collaborative=collaborative).delete()
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(body=REMOVED)
        _redact_history(Comment, [c.pk for c in comments], {"body"})
        for model, path, fields in texts:
            rows = model.objects.filter(**{path: collaborative})
            ids = list(rows.values_list("pk", flat=True))
            for field in fields:  # a field left blank stays blank
                rows.exclude(**{field: ""}).exclude(**{field: REMOVED}).update(**{field: REMOVED})
            _redact_history(model, ids, set(fields))
        audit_record(
            obj=collaborative, by=None, action=AuditRecord.Action.UPDATE, before={"retention": counts}
        )
    return counts


def _text_fields(model: Any) -> tuple[str, ...]:
    from django.db import models

    return tuple(f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField))


def _written(model: Any, path: str, fields: tuple[str, ...], collaborative: Any) -> Any:
    """The rows of ``model`` in ``collaborative`` with some text left in ``fields``."""
    from django.db.models import Q

    rows = model.objects.filter(**{path: collaborative})
    has_text = Q()
    for field in fields:
        has_text |= ~Q(**{field: ""}) & ~Q(**{field: REMOVED})
    return rows.filter(has_text)


def _redact_history(model: Any, ids: list[int], fields: set[str]) -> None:
    """The rows' audit records: their text fields in the before/after copies, and the name each record
    gives its row (a thread is named by its title) is the row's name now."""
    from breakthrough.core.models import AuditRecord

    history = AuditRecord.objects.filter(app_label=model._meta.app_label, model_name=model._meta.model_name)
    for row in model._base_manager.filter(pk__in=ids):
        history.filter(object_id=str(row.pk)).redact(fields, REMOVED, object_repr=str(row)[:200])


def _in(comment: Any, collaborative: Any) -> bool:
    try:
        return comment.get_collaborative() == collaborative
    except Exception:
        return False


@click.group()
def retention() -> None:
    """Pseudonymise closed collaboratives' personal data after RETENTION_DAYS (docs/deployment.md)."""


@retention.command()
@click.option("--dry-run", is_flag=True, help="Count what would be pseudonymised; change nothing.")
def apply(dry_run: bool) -> None:
    """Pseudonymise every collaborative closed more than RETENTION_DAYS ago (names, emails, free text);
    study data stays, by code."""
    from breakthrough.commands.django_setup import setup_django

    setup_django()
    from django.conf import settings
    from django.utils import timezone

    days = settings.RETENTION_DAYS
    if days <= 0:
        click.echo("RETENTION_DAYS is 0: personal data is kept (nothing to do).")
        return
    due = list(due_collaboratives(timezone.localdate(), days))
    closed_ids = [c.pk for c in due]
    if not due:
        click.echo("No collaborative is past its retention period.")
    for collaborative in due:
        counts = pseudonymise(collaborative, dry_run=dry_run, closed_ids=closed_ids)
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        click.echo(f"{'Would pseudonymise' if dry_run else 'Pseudonymised'} {collaborative.slug}: {summary}")
