"""Writes of behavior incidents."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from breakthrough.collaboratives.models import Team
from breakthrough.core.models import AuditRecord
from breakthrough.core.services import save_audited
from breakthrough.incidents.models import Incident


def incident_report(*, by: Any, team: Team, demographics: dict[str, str], **fields: Any) -> Incident:
    incident = Incident(team=team, reported_by=by, demographics=demographics, **fields)
    with transaction.atomic():
        return save_audited(obj=incident, by=by, action=AuditRecord.Action.CREATE)


def incident_update(*, by: Any, incident: Incident, demographics: dict[str, str], **fields: Any) -> Incident:
    """Correct a report (audited: the record keeps what it said before)."""
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.demographics = demographics
    with transaction.atomic():
        return save_audited(obj=incident, by=by, action=AuditRecord.Action.UPDATE)
