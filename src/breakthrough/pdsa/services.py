"""Writes on the PDSA log: start a ramp, move a cycle along, share it, start the next one, attach files."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import can_change
from breakthrough.collaboratives.models import Team
from breakthrough.core.models import AuditRecord
from breakthrough.core.services import archive, check_revision, save_audited
from breakthrough.framework.models import ChangeIdea
from breakthrough.pdsa.files import check_attachment
from breakthrough.pdsa.models import Attachment, PDSACycle, Ramp, Storyboard


@transaction.atomic
def ramp_start(*, team: Team, change_idea: ChangeIdea, by: Any, title: str = "", **plan: Any) -> PDSACycle:
    """Start testing a change idea: its first cycle's plan, on a new ramp.

    A team tests an idea on one ramp: when it already has one for this idea, the new cycle is that ramp's
    next cycle (one ramp heading, numbered cycles), and while the ramp's latest cycle has no decision yet the
    team is sent back to finish it instead of starting a second one beside it.
    """
    ramp = (
        Ramp.objects.active()
        .filter(team=team, change_idea=change_idea)
        .select_for_update(of=("self",))
        .order_by("pk")
        .first()
    )
    if ramp is None:
        ramp = Ramp(team=team, change_idea=change_idea, title=title or change_idea.name)
        if not title:  # the idea's name, in each language it has
            ramp.title_en, ramp.title_es = change_idea.name_en, change_idea.name_es
        save_audited(obj=ramp, by=by)
        return save_audited(obj=PDSACycle(ramp=ramp, number=1, created_by=by, **plan), by=by)
    latest = ramp.cycles.active().order_by("-number").first()
    if latest is not None and not latest.decision:
        raise ValidationError(
            {
                "change_idea": _(
                    "Your team is testing this change idea already: cycle %(number)s of “%(ramp)s” is "
                    "waiting for its decision. Finish it (Act), and the next cycle starts from there."
                )
                % {"number": latest.number, "ramp": ramp.title}
            }
        )
    number = (ramp.cycles.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return save_audited(obj=PDSACycle(ramp=ramp, number=number, created_by=by, **plan), by=by)


@transaction.atomic
def cycle_update(*, cycle: PDSACycle, by: Any, revision: int | None = None, **fields: Any) -> PDSACycle:
    check_revision(cycle, revision)
    for name, value in fields.items():
        setattr(cycle, name, value)
    return save_audited(obj=cycle, by=by)


@transaction.atomic
def cycle_next(*, cycle: PDSACycle, by: Any) -> PDSACycle:
    """After Act, the next cycle of the ramp, its plan copied from this one."""
    if cycle.decision not in (PDSACycle.Decision.ADOPT, PDSACycle.Decision.ADAPT):
        raise ValidationError({"decision": _("Decide to adopt or adapt before starting the next cycle.")})
    number = cycle.ramp.cycles.count() + 1
    plan = {name: getattr(cycle, name) for name in PDSACycle.PLAN_FIELDS}
    return save_audited(obj=PDSACycle(ramp=cycle.ramp, number=number, created_by=by, **plan), by=by)


@transaction.atomic
def cycle_share(*, cycle: PDSACycle, by: Any, shared: bool = True) -> PDSACycle:
    cycle.is_shared = shared
    cycle.shared_at = timezone.now() if shared else None
    action = AuditRecord.Action.SHARE if shared else AuditRecord.Action.UNSHARE
    # Only the sharing fields: the cycle's sections may have been saved since this copy was read.
    return save_audited(obj=cycle, by=by, action=action, fields=("is_shared", "shared_at"))


@transaction.atomic
def storyboard_update(*, team: Team, by: Any, revision: int | None = None, **fields: Any) -> Storyboard:
    """The team's aim and learning summary; the storyboard row is made on its first save."""
    board = Storyboard.objects.filter(team=team).first() or Storyboard(team=team)
    if board.pk is not None:
        check_revision(board, revision)
    for name, value in fields.items():
        setattr(board, name, value)
    return save_audited(obj=board, by=by)


def attachment_storage() -> Storage:
    return storages["attachments"]


def attachment_add(
    *,
    by: Any,
    file: Any,
    caption: str = "",
    cycle: PDSACycle | None = None,
    storyboard: Storyboard | None = None,
) -> Attachment:
    """A file or photo on one cycle or one storyboard: checked by content, stored, recorded, audited.

    If the row cannot be saved the stored file is removed again: nothing is left half-written.
    """
    target = cycle if cycle is not None else storyboard
    if target is None or (cycle is not None and storyboard is not None):
        raise ValueError("an attachment goes on one cycle or one storyboard")
    if not can_change(by, target):
        raise PermissionDenied
    if file is None:
        raise ValidationError({"file": _("Choose the file to upload.")})
    content_type, ext = check_attachment(file)
    storage = attachment_storage()
    stored = ""
    try:
        with transaction.atomic():
            if storyboard is not None and storyboard.pk is None:
                save_audited(obj=storyboard, by=by)  # a storyboard row is made on its first use
            where = f"cycles/{cycle.pk}" if cycle is not None else f"storyboards/{storyboard.pk}"  # type: ignore[union-attr]
            stored = storage.save(f"pdsa/{where}/{uuid.uuid4().hex}.{ext}", file)
            original = get_valid_filename(str(file.name).rsplit("/", 1)[-1]) or f"file.{ext}"
            attachment = Attachment(
                cycle=cycle,
                storyboard=storyboard,
                original_name=original[:255],
                stored_name=stored,
                content_type=content_type,
                size=file.size,
                caption=caption.strip()[:200],
                uploaded_by=by,
            )
            return save_audited(obj=attachment, by=by)
    except BaseException:
        if stored:
            storage.delete(stored)
        raise


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: Any) -> Attachment:
    """Archive an attachment (audited, like other rows): it leaves the page; the file stays for a restore."""
    if not can_change(by, attachment.target):
        raise PermissionDenied
    return archive(obj=attachment, by=by)  # type: ignore[return-value]
