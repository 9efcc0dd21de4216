"""A new collaborative, from nothing or started from an earlier one (a new wave or cohort).

From an earlier collaborative it copies the change framework (aims, drivers, change ideas), the shared
measures (each one's definition in force today becomes version 1 of the copy, in force from the first month),
and the collaborative-wide events as templates (moved by the distance between the two start dates). Study
instruments are a library shared by every collaborative already: the new one uses them as they are.
Nothing of a team (team-defined measures and ideas, reports, PDSAs) is copied; programs that return keep
their history on their earlier team.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakthrough.collaboratives.models import Collaborative
from breakthrough.collaboratives.services import collaborative_launch
from breakthrough.core.services import save_audited
from breakthrough.core.translated import values_in_every_language
from breakthrough.events.models import Event
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver
from breakthrough.measures.models import Measure, MeasureVersion

COPY_FIELDS = {
    PrimaryDriver: ["name", "description", "order"],
    SecondaryDriver: ["name", "description", "order"],
    ChangeIdea: ["name", "description", "order"],
    Measure: [
        "code",
        "name",
        "kind",
        "better",
        "requirement",
        "is_illustrative",
        "order",
        "numerator_source",
    ],
    MeasureVersion: [
        "definition",
        "numerator_definition",
        "denominator_definition",
        "unit",
        "multiplier",
        "goal",
    ],
}


def _copy(obj: Any, **fields: Any) -> Any:
    model = type(obj)
    return model(**values_in_every_language(obj, COPY_FIELDS[model]), **fields)


def copy_framework(*, source: Collaborative, target: Collaborative, by: Any) -> dict[str, Any]:
    """Drivers and change ideas (not a team's own). Returns the maps old pk → new row."""
    primaries, secondaries = {}, {}
    for primary in PrimaryDriver.objects.active().filter(collaborative=source):
        primaries[primary.pk] = save_audited(obj=_copy(primary, collaborative=target), by=by)
    for secondary in SecondaryDriver.objects.active().filter(primary__collaborative=source):
        new = _copy(secondary, primary=primaries[secondary.primary_id])
        secondaries[secondary.pk] = save_audited(obj=new, by=by)
    ideas = ChangeIdea.objects.active().filter(secondary__primary__collaborative=source, team__isnull=True)
    for idea in ideas:
        save_audited(obj=_copy(idea, secondary=secondaries[idea.secondary_id]), by=by)
    return {"primary": primaries, "secondary": secondaries}


def copy_measures(
    *, source: Collaborative, target: Collaborative, by: Any, drivers: dict[str, Any], today: dt.date
) -> dict[int, Measure]:
    """Shared measures, with the definition in force today as the copy's first version."""
    measures = {}
    month = target.start_date.replace(day=1)
    rows = (
        Measure.objects.active().filter(collaborative=source, team__isnull=True).prefetch_related("versions")
    )
    for measure in rows:
        version = measure.version_for(today.replace(day=1)) or measure.current_version
        if version is None:
            continue
        new = _copy(
            measure,
            collaborative=target,
            primary_driver=drivers["primary"].get(measure.primary_driver_id),
            secondary_driver=drivers["secondary"].get(measure.secondary_driver_id),
        )
        measures[measure.pk] = save_audited(obj=new, by=by)
        copied = _copy(version, measure=new, number=1, effective_from=month)
        copied.change_reason_en = copied.change_reason_es = f"{source.name} v{version.number}"
        save_audited(obj=copied, by=by)
    return measures


def copy_aims(*, source: Collaborative, target: Collaborative, by: Any, measures: dict[int, Measure]) -> int:
    count = 0
    shift = target.start_date - source.start_date
    for aim in Aim.objects.active().filter(collaborative=source):
        target_date = aim.target_date + shift if aim.target_date else None
        if target_date and not target.contains(target_date):
            target_date = target.end_date
        new = Aim(
            collaborative=target,
            **values_in_every_language(aim, ["statement"]),
            target_value=aim.target_value,
            target_date=target_date,
            measure=measures.get(aim.measure_id),
            order=aim.order,
        )
        save_audited(obj=new, by=by)
        count += 1
    return count


def copy_events(*, source: Collaborative, target: Collaborative, by: Any) -> int:
    """Collaborative-wide events (learning sessions, calls) as templates, moved to the new dates."""
    count = 0
    shift = target.start_date - source.start_date
    for event in Event.objects.active().filter(collaborative=source, team__isnull=True):
        starts = event.starts_at + shift
        if not target.contains(timezone.localtime(starts).date()):
            continue
        new = Event(
            collaborative=target,
            kind=event.kind,
            starts_at=starts,
            ends_at=event.ends_at + shift,
            role_group=event.role_group,
            **values_in_every_language(event, ["title", "location", "description"]),
        )
        save_audited(obj=new, by=by)
        count += 1
    return count


@transaction.atomic
def launch(
    *, by: Any, copy_from: Collaborative | None = None, **fields: Any
) -> tuple[Collaborative, dict[str, int]]:
    """Create the collaborative (collaboratives.services.collaborative_launch) and copy into it."""
    collab = collaborative_launch(by=by, **fields)
    copied: dict[str, int] = {}
    if copy_from is not None:
        drivers = copy_framework(source=copy_from, target=collab, by=by)
        measures = copy_measures(
            source=copy_from, target=collab, by=by, drivers=drivers, today=timezone.localdate()
        )
        copied = {
            "primary_drivers": len(drivers["primary"]),
            "secondary_drivers": len(drivers["secondary"]),
            "change_ideas": ChangeIdea.objects.filter(secondary__primary__collaborative=collab).count(),
            "measures": len(measures),
            "aims": copy_aims(source=copy_from, target=collab, by=by, measures=measures),
            "events": copy_events(source=copy_from, target=collab, by=by),
        }
    return collab, copied
