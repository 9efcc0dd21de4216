"""Writes of spread: a team records, for one month, which adopted changes are in use in which classroom."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import can_change
from breakthrough.collaboratives.models import Team
from breakthrough.core.services import save_audited
from breakthrough.spread.models import ChangeInUse
from breakthrough.spread.selectors import adopted_ramps, classrooms_of


@transaction.atomic
def spread_record(*, team: Team, month: dt.date, in_use: set[tuple[int, int]], by: Any) -> int:
    """Set the month's answers for every adopted ramp × classroom of the team: ``in_use`` holds the
    (ramp id, classroom id) pairs in use, every other pair is recorded as not in use. Returns how many
    answers changed. Unknown pairs are refused (nothing is written)."""
    if not can_change(by, team):
        raise PermissionDenied
    if month.day != 1 or not (team.collaborative.start_date.replace(day=1) <= month):
        raise ValidationError({"month": _("Choose a month of the collaborative.")})
    ramps, rooms = adopted_ramps([team]), classrooms_of(team)
    pairs = {(r.pk, c.pk) for r in ramps for c in rooms}
    if unknown := in_use - pairs:
        raise ValidationError(
            {
                "__all__": _("%(n)s choices are not an adopted change in one of the team's classrooms.")
                % {"n": len(unknown)}
            }
        )
    existing = {
        (row.ramp_id, row.classroom_id): row
        for row in ChangeInUse.objects.filter(ramp__in=ramps, classroom__in=rooms, month=month)
    }
    changed = 0
    for ramp in ramps:
        for room in rooms:
            wanted = (ramp.pk, room.pk) in in_use
            row = existing.get((ramp.pk, room.pk))
            if row is None and not wanted:
                continue  # nothing recorded and nothing in use: leave it unrecorded
            if row is not None and row.in_use == wanted and row.archived_at is None:
                continue
            row = row or ChangeInUse(ramp=ramp, classroom=room, month=month)
            row.in_use, row.recorded_by, row.archived_at = wanted, by, None
            save_audited(obj=row, by=by)
            changed += 1
    return changed
