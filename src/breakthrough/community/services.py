"""Writes of the community space: start a thread, reply, hide and show again, directory settings."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import (
    can_join_discussion,
    can_moderate,
    can_view,
    roles_in,
    team_ids_of,
)
from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.community import signals
from breakthrough.community.models import DirectoryEntry, Mention, Post, PostLink, Space, Thread
from breakthrough.community.parsing import linked_refs, mentioned_usernames
from breakthrough.core.models import AuditRecord, User
from breakthrough.core.services import check_revision, save_audited
from breakthrough.measures.models import Measure
from breakthrough.pdsa.models import PDSACycle

MAX_BODY = 10_000


def author_team(user: Any, collaborative: Collaborative) -> Team | None:
    """The team a person writes from in a collaborative (the first, if on several); none for staff."""
    ids = sorted(team_ids_of(roles_in(user, collaborative)))
    return Team.objects.filter(pk=ids[0]).first() if ids else None


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": _("A message holds at most %(n)s characters.") % {"n": f"{MAX_BODY:,}"}}
        )
    return body


@transaction.atomic
def thread_start(*, collaborative: Collaborative, space: str, title: str, body: str, by: Any) -> Thread:
    if space not in Space.values:
        raise ValidationError({"space": _("Choose a discussion space.")})
    affinity = "" if space == Space.ALL else space
    if not can_join_discussion(by, collaborative, affinity):
        raise PermissionDenied
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the thread a title.")
    try:
        body = _check_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    team = author_team(by, collaborative)
    thread = Thread(
        collaborative=collaborative, space=space, title=title.strip(), author=by, team=team, last_post_at=now
    )
    save_audited(obj=thread, by=by)
    _write_post(thread=thread, body=body, by=by, team=team, opener=True)
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, body: str, by: Any) -> Post:
    if not can_view(by, thread) or thread.is_hidden_by_staff() or thread.is_archived:
        raise PermissionDenied
    body = _check_body(body)
    post = _write_post(
        thread=thread, body=body, by=by, team=author_team(by, thread.collaborative), opener=False
    )
    thread.last_post_at = post.created_at
    save_audited(obj=thread, by=by, fields=["last_post_at"])
    earlier = User.objects.filter(
        pk__in=thread.posts.exclude(pk=post.pk).exclude(author=by).values("author_id")
    ).order_by("pk")
    recipients = [person for person in earlier if can_view(person, thread)]
    transaction.on_commit(
        partial(signals.replied.send, sender=Post, post=post, thread=thread, recipients=recipients)
    )
    return post


def _write_post(*, thread: Thread, body: str, by: Any, team: Team | None, opener: bool) -> Post:
    post = save_audited(obj=Post(thread=thread, author=by, team=team, body=body, is_opener=opener), by=by)
    for person in _mentionable(thread, mentioned_usernames(body), by):
        save_audited(obj=Mention(post=post, user=person), by=by)
        transaction.on_commit(partial(signals.mentioned.send, sender=Post, post=post, user=person))
    for ref in linked_refs(body):
        link = _link_for(post, ref)
        if link is not None:
            save_audited(obj=link, by=by)
    return post


def _mentionable(thread: Thread, usernames: list[str], by: Any) -> list[User]:
    """The people named who may read the thread (an @name of anyone else stays plain text)."""
    people = User.objects.filter(username__in=usernames, is_active=True).exclude(pk=by.pk)
    return [person for person in people.order_by("username") if can_view(person, thread)]


def _link_for(post: Post, ref: Any) -> PostLink | None:
    """A link row for a cycle or chart of this collaborative; links elsewhere stay plain text."""
    collab_id = post.thread.collaborative_id
    if ref.kind == PostLink.Kind.CYCLE:
        cycle = PDSACycle.objects.filter(pk=ref.cycle_id, ramp__team__collaborative=collab_id).first()
        return PostLink(post=post, kind=ref.kind, cycle=cycle) if cycle else None
    team = Team.objects.filter(pk=ref.team_id, collaborative=collab_id).first()
    measure = Measure.objects.filter(pk=ref.measure_id, collaborative=collab_id).first()
    if team is None or measure is None:
        return None
    return PostLink(post=post, kind=ref.kind, team=team, measure=measure)


@transaction.atomic
def post_hide(*, post: Post, reason: str, by: Any, revision: int | None = None) -> Post:
    """Hide a post (an opening post hides its thread too), with a reason other staff see. Audited."""
    if not can_moderate(by, post.thread.collaborative):
        raise PermissionDenied
    check_revision(post, revision)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the post is hidden.")})
    fields = ["hidden_at", "hidden_by", "hidden_reason"]
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason[:300]
    post = save_audited(obj=post, by=by, fields=fields, action=AuditRecord.Action.HIDE)
    if post.is_opener:
        thread = post.thread
        thread.hidden_at, thread.hidden_by, thread.hidden_reason = post.hidden_at, by, post.hidden_reason
        save_audited(obj=thread, by=by, fields=fields, action=AuditRecord.Action.HIDE)
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: Any) -> Post:
    if not can_moderate(by, post.thread.collaborative):
        raise PermissionDenied
    fields = ["hidden_at", "hidden_by", "hidden_reason"]
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post = save_audited(obj=post, by=by, fields=fields, action=AuditRecord.Action.RESTORE)
    if post.is_opener:
        thread = post.thread
        thread.hidden_at, thread.hidden_by, thread.hidden_reason = None, None, ""
        save_audited(obj=thread, by=by, fields=fields, action=AuditRecord.Action.RESTORE)
    return post


@transaction.atomic
def directory_share_set(*, user: Any, collaborative: Collaborative, share_email: bool) -> DirectoryEntry:
    """A person's own choice (nobody else sets it): show their email address in this collaborative or not."""
    if not roles_in(user, collaborative) and not user.is_superuser:
        raise PermissionDenied
    entry = DirectoryEntry.objects.filter(user=user, collaborative=collaborative).first()
    entry = entry or DirectoryEntry(user=user, collaborative=collaborative)
    entry.share_email = share_email
    return save_audited(obj=entry, by=user)
