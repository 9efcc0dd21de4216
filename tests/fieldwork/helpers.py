"""A small collaborative's fieldwork: its session events, the shipped protocol and child assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from breakthrough.events.models import Event
from breakthrough.study.models import Instrument, Item

PROTOCOL = "ls-observation"
CHILD = "child-sel-rating"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def make_event(collaborative: Any, kind: str, day: dt.date, title: str) -> Event:
    return Event.objects.create(
        collaborative=collaborative, kind=kind, title=title, starts_at=at(day), ends_at=at(day, 15)
    )


def protocol() -> Instrument:
    return Instrument.objects.get(slug=PROTOCOL)


def child_tool() -> Instrument:
    return Instrument.objects.get(slug=CHILD)


def item(code: str) -> Item:
    return Item.objects.get(instrument__slug=PROTOCOL, code=code)


def scores(**by_code: int) -> dict[str, str]:
    """Form data for the protocol's items by their codes (``within_listen=3``)."""
    return {f"item-{item(code).pk}": str(value) for code, value in by_code.items()}
