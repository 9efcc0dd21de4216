from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from breakthrough.events.models import Event


def make_event(collaborative: Any, kind: str = Event.Kind.COLLABORATIVE_CALL, **overrides: Any) -> Event:
    starts = overrides.pop("starts_at", None) or timezone.make_aware(
        dt.datetime.combine(collaborative.start_date + dt.timedelta(days=40), dt.time(15, 0))
    )
    fields = {
        "collaborative": collaborative,
        "kind": kind,
        "title": f"{Event.Kind(kind).label} call",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=1),
    }
    event = Event(**(fields | overrides))
    event.full_clean()
    event.save()
    return event


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
