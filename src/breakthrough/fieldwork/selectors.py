"""Reads of the fieldwork records, for the fieldwork pages and the feasibility study (``feasibility``).

Every function takes a collaborative and returns plain rows; none checks who asks (the views and the report
do, through ``collaboratives.access``). Nothing here is suppressed: readers that show counts to viewers pass
them through ``stats.suppress_table`` (``fieldwork.outcomes`` does, for the child outcomes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, QuerySet, Sum

from breakthrough.collaboratives.models import Collaborative
from breakthrough.events.models import Event
from breakthrough.fieldwork.models import (
    SESSION_EVENT_KINDS,
    Adaptation,
    ChildScore,
    SessionObservation,
    SessionScore,
    SessionVoice,
    TAContact,
)
from breakthrough.study.models import Instrument, Subscale


@dataclass(frozen=True)
class SessionRow:
    """One observed event: its subscale means over its observations, in the order events happened.

    ``sequence`` counts events of the same kind (LS1, LS2, LS3; call 1, 2 …) among the collaborative's
    events of that kind, observed or not. ``subscales`` maps a subscale code to the mean, over the event's
    observations, of each observation's subscale score (the mean — or sum, as the subscale scores — of its
    items, reverse-keyed items turned; None when fewer than the subscale's minimum were scored).
    """

    event_id: int
    title: str
    date: dt.date
    kind: str
    sequence: int
    n_observations: int
    n_items: int
    subscales: dict[str, float | None]
    cross_team_exchanges: float
    subscale_names: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class VoiceRow:
    """Speaking turns by role (``Speaker`` values) in one observed event, summed over its observations."""

    event_id: int
    title: str
    date: dt.date
    kind: str
    sequence: int
    turns: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.turns.values())


class ChildScoreRow(NamedTuple):
    program_id: int
    classroom_id: int
    child_code: str
    time_point: str
    score: float


def _sequences(collaborative: Collaborative) -> dict[int, int]:
    """Event id → its number among the collaborative's events of the same kind, by start (1-based)."""
    seen: dict[str, int] = defaultdict(int)
    numbers = {}
    events = (
        Event.objects.active()
        .filter(collaborative=collaborative, kind__in=SESSION_EVENT_KINDS)
        .order_by("starts_at", "pk")
        .values_list("pk", "kind")
    )
    for pk, kind in events:
        seen[kind] += 1
        numbers[pk] = seen[kind]
    return numbers


def observations_of(collaborative: Collaborative) -> QuerySet[SessionObservation]:
    return (
        SessionObservation.objects.active()
        .filter(event__collaborative=collaborative)
        .select_related("event", "instrument", "observer")
        .order_by("event__starts_at", "observed_on", "pk")
    )


def session_scores(collaborative: Collaborative) -> list[SessionRow]:
    """Per observed event (by date): subscale means, items scored, mean cross-team exchanges."""
    observations = list(observations_of(collaborative))
    if not observations:
        return []
    sequence = _sequences(collaborative)
    instruments = {o.instrument_id for o in observations}
    subscales = list(
        Subscale.objects.active().filter(instrument__in=instruments).prefetch_related("items").order_by("pk")
    )
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for obs_id, item_id, value in SessionScore.objects.filter(observation__in=observations).values_list(
        "observation_id", "item_id", "value"
    ):
        scores[obs_id][item_id] = value
    by_event: dict[int, list[SessionObservation]] = defaultdict(list)
    for o in observations:
        by_event[o.event_id].append(o)
    rows = []
    for event_id, group in by_event.items():
        event = group[0].event
        mine = [s for s in subscales if s.instrument_id == group[0].instrument_id]
        per_sub: dict[str, list[float]] = {s.code: [] for s in mine}
        for o in group:
            for sub in mine:
                value = _subscale_score(sub, scores[o.pk])
                if value is not None:
                    per_sub[sub.code].append(value)
        rows.append(
            SessionRow(
                event_id=event_id,
                title=event.title,
                date=group[0].event.starts_at.date(),
                kind=event.kind,
                sequence=sequence.get(event_id, 0),
                n_observations=len(group),
                n_items=len({item for o in group for item in scores[o.pk]}),
                subscales={code: (sum(v) / len(v) if v else None) for code, v in per_sub.items()},
                cross_team_exchanges=sum(o.cross_team_exchanges for o in group) / len(group),
                subscale_names={s.code: s.name for s in mine},
            )
        )
    return sorted(rows, key=lambda r: (r.date, r.event_id))


def _subscale_score(subscale: Subscale, values: dict[int, int]) -> float | None:
    answered = []
    for item in subscale.items.all():
        if item.pk in values:
            v = values[item.pk]
            answered.append(item.scale_min + item.scale_max - v if item.reverse_keyed else v)
    if not answered or len(answered) < subscale.min_answered:
        return None
    total = float(sum(answered))
    return total if subscale.scoring == Subscale.Scoring.SUM else total / len(answered)


def voices_by_role(collaborative: Collaborative) -> list[VoiceRow]:
    """Per observed event (by date): speaking turns by role, summed over its observations."""
    sequence = _sequences(collaborative)
    turns: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event_id, role, n in SessionVoice.objects.filter(
        observation__event__collaborative=collaborative, observation__archived_at__isnull=True
    ).values_list("observation__event_id", "role", "turns"):
        turns[event_id][role] += n
    events = Event.objects.filter(pk__in=turns).order_by("starts_at", "pk")
    return [
        VoiceRow(
            event_id=e.pk,
            title=e.title,
            date=e.starts_at.date(),
            kind=e.kind,
            sequence=sequence.get(e.pk, 0),
            turns=dict(turns[e.pk]),
        )
        for e in events
    ]


def ta_contacts(collaborative: Collaborative) -> QuerySet[TAContact]:
    return (
        TAContact.objects.active()
        .filter(team__collaborative=collaborative)
        .select_related("team", "provider")
        .order_by("-date", "-pk")
    )


def ta_by_team(collaborative: Collaborative) -> dict[int, tuple[int, int]]:
    """Team id → (TA contacts, minutes in all); teams with no contact are left out."""
    rows = (
        ta_contacts(collaborative)
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"), minutes=Sum("minutes"))
        .values_list("team_id", "n", "minutes")
    )
    return {team: (n, int(minutes or 0)) for team, n, minutes in rows}


def adaptations(collaborative: Collaborative) -> QuerySet[Adaptation]:
    """The collaborative's adaptations of the model, oldest first."""
    return (
        Adaptation.objects.active()
        .filter(collaborative=collaborative)
        .select_related("recorded_by")
        .order_by("date", "pk")
    )


def child_scores(
    collaborative: Collaborative, *, instrument: Instrument | None = None
) -> list[ChildScoreRow]:
    """Every child score of the collaborative (child codes only), by program, classroom, child, time point;
    of one assessment with ``instrument`` (a collaborative normally uses one)."""
    scores = ChildScore.objects.active().of_collaborative(collaborative)
    if instrument is not None:
        scores = scores.filter(instrument=instrument)
    rows = scores.order_by("classroom__program_id", "classroom_id", "child_code", "time_point").values_list(
        "classroom__program_id", "classroom_id", "child_code", "time_point", "score"
    )
    return [ChildScoreRow(*row) for row in rows]
