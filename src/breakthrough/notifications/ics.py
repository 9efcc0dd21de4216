"""An iCalendar (RFC 5545) file for one event, from a notification's parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakthrough.core.translated import text_of


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(value: str) -> str:
    return dt.datetime.fromisoformat(value).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_ics(params: dict[str, Any]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Breakthrough//Notifications//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{params['event_id']}@breakthrough",
        f"DTSTAMP:{_utc(params['starts'])}",
        f"DTSTART:{_utc(params['starts'])}",
        f"DTEND:{_utc(params['ends'])}",
        f"SUMMARY:{_escape(text_of(params, 'event'))}",
    ]
    if params.get("location"):
        lines.append(f"LOCATION:{_escape(params['location'])}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"
