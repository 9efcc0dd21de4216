"""Imports: read and plan (the preview), then apply the plan in one transaction or not at all."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord
from breakthrough.imports import kinds
from breakthrough.imports.models import ImportBatch
from breakthrough.imports.plans import Plan
from breakthrough.imports.reading import FileRefused, read_table
from breakthrough.imports.template import TEMPLATE_SHEET, template_headers


def plan_file(batch: ImportBatch, *, base_url: str) -> Plan:
    with batch.upload.open("rb") as f:
        data = f.read()
    if batch.kind == "team_values":
        assert batch.team is not None
        required, optional = ["month"], template_headers(batch.team)
        sheet = read_table(batch.file_name, data, required=required, optional=optional, sheet=TEMPLATE_SHEET)
    else:
        required, optional = kinds.columns_of(batch.kind, batch.collaborative)
        sheet = read_table(batch.file_name, data, required=required, optional=optional)
    return kinds.plan_for(
        batch.kind, sheet, collaborative=batch.collaborative, team=batch.team, base_url=base_url
    )


def import_preview(
    *,
    by: Any,
    collaborative: Collaborative,
    kind: str,
    file_name: str,
    data: bytes,
    team: Team | None = None,
    base_url: str = "",
) -> tuple[ImportBatch, Plan | None]:
    """Keep the file and work out what it would do; nothing of the collaborative is written."""
    if kind not in kinds.KINDS and kind != "team_values":
        raise ValidationError({"kind": _("Unknown kind of import.")})
    batch = ImportBatch(
        collaborative=collaborative,
        team=team,
        user=by,
        kind=kind,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
    )
    batch.upload.save(file_name[-100:] or "upload", ContentFile(data), save=False)
    try:
        plan: Plan | None = plan_file(batch, base_url=base_url)
    except FileRefused as exc:
        plan = None
        batch.summary = {"problems": [str(p) for p in exc.problems]}
    else:
        batch.summary = plan.summary()
    if batch.summary.get("problems"):
        batch.status = ImportBatch.Status.REFUSED
    batch.save()
    return batch, plan


def rows_of(batch: ImportBatch) -> int:
    """How many rows the preview will create or change (what decides whether the worker applies it)."""
    return len(batch.summary.get("created", [])) + len(batch.summary.get("changed", []))


def import_queue(*, batch: ImportBatch) -> ImportBatch:
    """Hand a previewed file to the worker (``imports.tasks.apply_import``); its page follows it."""
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ValidationError(_("This import was already applied or was refused; upload the file again."))
    batch.status = ImportBatch.Status.QUEUED
    batch.summary = {k: v for k, v in batch.summary.items() if k != "errors"}
    batch.save(update_fields=["status", "summary"])
    return batch


def import_apply(*, batch: ImportBatch, by: Any, base_url: str = "") -> Plan:
    """Apply a previewed (or queued) file: planned again (the data may have moved on), then every step or
    none."""
    if batch.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.QUEUED):
        raise ValidationError(_("This import was already applied or was refused; upload the file again."))
    try:
        plan = plan_file(batch, base_url=base_url)
    except FileRefused as exc:
        raise ValidationError([str(p) for p in exc.problems]) from exc
    if plan.problems:
        raise ValidationError([str(p) for p in plan.problems])
    with transaction.atomic():
        for step in plan.steps:
            try:
                step(by)
            except ValidationError as exc:  # a service's rule the plan did not foresee: undo everything
                raise ValidationError(
                    _("Nothing was imported: %(why)s") % {"why": "; ".join(exc.messages)}
                ) from exc
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.summary = plan.summary()
        batch.save()
        audit_record(obj=batch, by=by, action=AuditRecord.Action.IMPORT)
    return plan
