"""A small collaborative's fieldwork: its session events, the shipped protocol and child assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from breakthrough.events.models import Event
from breakthrough.study.models import Instrument, Item
from tests.study.helpers import ensure_shipped

PROTOCOL = "ls-observation"
CHILD = "child-sel-rating"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def make_event(collaborative: Any, kind: str, day: dt.date, title: str) -> Event:
    return Event.objects.create(
        collaborative=collaborative, kind=kind, title=title, starts_at=at(day), ends_at=at(day, 15)
    )


def protocol() -> Instrument:
    ensure_shipped()  # a transactional test before may have flushed the migration's rows
    return Instrument.objects.get(slug=PROTOCOL)


def child_tool() -> Instrument:
    ensure_shipped()
    return Instrument.objects.get(slug=CHILD)


def item(code: str) -> Item:
    ensure_shipped()
    return Item.objects.get(instrument__slug=PROTOCOL, code=code)


def scores(**by_code: int) -> dict[str, str]:
    """Form data for the protocol's items by their codes (``within_listen=3``)."""
    return {f"item-{item(code).pk}": str(value) for code, value in by_code.items()}


def make_fieldwork(cast: Any) -> dict[str, Any]:
    """One of each record: an observed learning session, a TA contact given by faculty, an adaptation, a
    classroom of team A's program with a child scored pre."""
    from breakthrough.fieldwork import services
    from breakthrough.fieldwork.models import Adaptation, TAContact
    from tests.factories import make_classroom

    c = cast.collaborative
    day = dt.date(2026, 2, 10)
    event = make_event(c, Event.Kind.LEARNING_SESSION, day, "Learning session 1")
    observation = services.session_observation_save(
        by=cast.evaluator,
        event=event,
        instrument=protocol(),
        observed_on=day,
        cross_team_exchanges=3,
        raw=scores(within_listen=3, within_roles=2) | {"turns-faculty": "12"},
    )
    contact = services.ta_contact_save(
        by=cast.faculty,
        team=cast.team_a,
        date=day,
        topic=TAContact.Topic.PDSA_DESIGN,
        minutes=40,
        mode=TAContact.Mode.VIDEO,
        note="Planned a first test",
    )
    adaptation = services.adaptation_save(
        by=cast.staff,
        collaborative=c,
        date=day,
        component=Adaptation.Component.CALLS,
        what_changed_en="Calls moved to the evening",
        why_en="Teachers could not leave their rooms",
    )
    classroom = make_classroom(cast.team_a.program, name="Sunflower room")
    services.child_scores_save(
        by=cast.evaluator,
        collaborative=c,
        instrument=child_tool(),
        entries=[
            {
                "classroom": classroom,
                "child_code": "K2-001",
                "time_point": "pre",
                "score": "20",
                "assessed_on": day,
            }
        ],
    )
    return {
        "event": event,
        "observation": observation,
        "contact": contact,
        "adaptation": adaptation,
        "classroom": classroom,
    }
