"""`breakthrough retention apply [--dry-run]`: pseudonymise a closed collaborative's personal data.

A collaborative is closed once its end date has passed and sustainment is closed. ``RETENTION_DAYS`` after
that (docs/deployment.md; 0, the default, keeps everything), its people's names and email addresses are
replaced (accounts whose every role was in such collaboratives become ``former-<number>``, with no
password), invitation and survey-link addresses are cleared, and free text written there (comments,
interview notes and excerpts) is replaced by a placeholder. Study data stays, by code: responses, answers,
observation scores, study codes and every number. One audit record per collaborative says it was done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

REMOVED = "[removed after the retention period]"


def due_collaboratives(today: dt.date, days: int) -> Any:
    from breakthrough.collaboratives.models import Collaborative

    cutoff = today - dt.timedelta(days=days)
    return Collaborative.objects.filter(end_date__lt=cutoff, sustainment_open=False)


def pseudonymise(collaborative: Any, *, dry_run: bool, closed_ids: list[int]) -> dict[str, int]:
    """``closed_ids``: every collaborative past its retention period (a person with a role in another,
    still open, collaborative keeps their name and address)."""
    from django.db import transaction

    from breakthrough.collaboratives.models import Invitation, Membership
    from breakthrough.core.audit import audit_record
    from breakthrough.core.models import AuditRecord, Comment, User
    from breakthrough.study.models import Excerpt, Interview, SurveyLinkContact

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
    counts = {
        "people": people.count(),
        "invitations": Invitation.objects.filter(collaborative=collaborative).exclude(email="").count(),
        "survey addresses": SurveyLinkContact.objects.filter(link__wave__collaborative=collaborative).count(),
        "comments": len(comments),
        "interviews": Interview.objects.filter(collaborative=collaborative).exclude(text=REMOVED).count(),
        "excerpts": Excerpt.objects.filter(interview__collaborative=collaborative)
        .exclude(text=REMOVED)
        .count(),
    }
    if dry_run:
        return counts
    with transaction.atomic():
        for person in people:
            person.username = f"former-{person.pk}"
            person.first_name = person.last_name = person.email = ""
            person.set_unusable_password()
            person.save()
        Invitation.objects.filter(collaborative=collaborative).update(email="")
        SurveyLinkContact.objects.filter(link__wave__collaborative=collaborative).delete()
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(body=REMOVED)
        Interview.objects.filter(collaborative=collaborative).update(text=REMOVED)
        Excerpt.objects.filter(interview__collaborative=collaborative).update(text=REMOVED)
        audit_record(
            obj=collaborative, by=None, action=AuditRecord.Action.UPDATE, before={"retention": counts}
        )
    return counts


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
