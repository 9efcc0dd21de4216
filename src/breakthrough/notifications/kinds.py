"""What each kind of notification says, and how it is delivered unless a person chose otherwise.

Texts are rendered when read, in the reader's language (the bell) or the recipient's (email), from the
notification's parameters: team names, months, titles and counts, never a child's data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from breakthrough.core.translated import text_of
from breakthrough.notifications.models import Channel, Kind

DEFAULTS = {
    Kind.REPORT_DUE: Channel.EMAIL,
    Kind.REPORT_LATE: Channel.EMAIL,
    Kind.REPORT_RETURNED: Channel.EMAIL,
    Kind.COMMENT: Channel.EMAIL,
    Kind.PDSA_WAITING: Channel.IN_APP,
    Kind.EVENT_TOMORROW: Channel.EMAIL,
    Kind.ATTENDANCE_MISSING: Channel.IN_APP,
    Kind.ASSESSMENT_DUE: Channel.IN_APP,
    Kind.SURVEY_UNANSWERED: Channel.IN_APP,
    Kind.STAFF_DIGEST: Channel.EMAIL,
}


def _month(value: str) -> str:
    return date_format(dt.date.fromisoformat(value), "YEAR_MONTH_FORMAT")


def _day(value: str) -> str:
    return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")


def _when(value: str) -> str:
    return date_format(dt.datetime.fromisoformat(value), "DATETIME_FORMAT")


def title(kind: str, p: dict[str, Any]) -> str:
    """One line, for the bell and the email's subject, in the active language."""
    if kind == Kind.REPORT_DUE:
        return _("%(team)s: the report for %(month)s is due on %(due)s") % {
            "team": p["team"],
            "month": _month(p["month"]),
            "due": _day(p["due"]),
        }
    if kind == Kind.REPORT_LATE:
        return _("%(team)s: the report for %(month)s is late (it was due on %(due)s)") % {
            "team": p["team"],
            "month": _month(p["month"]),
            "due": _day(p["due"]),
        }
    if kind == Kind.REPORT_RETURNED:
        return _("%(team)s: faculty reviewed the report for %(month)s and left comments") % {
            "team": p["team"],
            "month": _month(p["month"]),
        }
    if kind == Kind.COMMENT:
        if p.get("on") == "report":
            return _("%(author)s commented on %(team)s's report for %(month)s") % {
                "author": p["author"],
                "team": p["team"],
                "month": _month(p["month"]),
            }
        return _("%(author)s commented on the PDSA cycle “%(cycle)s”") % {
            "author": p["author"],
            "cycle": p["cycle"],
        }
    if kind == Kind.PDSA_WAITING:
        step = _("Study") if p["stage"] == "study" else _("Act")
        return ngettext(
            "The PDSA cycle “%(cycle)s” has waited in its %(step)s step for %(days)d day",
            "The PDSA cycle “%(cycle)s” has waited in its %(step)s step for %(days)d days",
            p["days"],
        ) % {"cycle": p["cycle"], "step": step, "days": p["days"]}
    if kind == Kind.EVENT_TOMORROW:
        return _("Tomorrow: %(event)s, %(when)s") % {"event": text_of(p, "event"), "when": _when(p["starts"])}
    if kind == Kind.ATTENDANCE_MISSING:
        return _("Attendance of %(event)s (%(day)s) is not yet recorded") % {
            "event": text_of(p, "event"),
            "day": _day(p["day"]),
        }
    if kind == Kind.ASSESSMENT_DUE:
        return _("Rate %(team)s's progress for %(month)s") % {"team": p["team"], "month": _month(p["month"])}
    if kind == Kind.SURVEY_UNANSWERED:
        return ngettext(
            "%(wave)s: %(count)d survey link not yet answered",
            "%(wave)s: %(count)d survey links not yet answered",
            p["count"],
        ) % {"wave": text_of(p, "wave"), "count": p["count"]}
    if kind == Kind.STAFF_DIGEST:
        return ngettext(
            "%(collaborative)s this week: %(count)d report late",
            "%(collaborative)s this week: %(count)d reports late",
            p["count"],
        ) % {"collaborative": p["collaborative"], "count": p["count"]}
    raise ValueError(f"unknown notification kind {kind!r}")


def details(kind: str, p: dict[str, Any]) -> list[str]:
    """Lines under the title (the email's body, the digest's rows)."""
    if kind == Kind.STAFF_DIGEST:
        return [
            _("%(team)s: %(month)s (due %(due)s)")
            % {"team": row["team"], "month": _month(row["month"]), "due": _day(row["due"])}
            for row in p.get("late", [])
        ]
    if kind == Kind.EVENT_TOMORROW and p.get("location"):
        return [_("Where: %(location)s") % {"location": p["location"]}]
    return []
