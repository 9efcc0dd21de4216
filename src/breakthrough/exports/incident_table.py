"""Behavior incidents with the demographics the collaborative collects (children by program code only)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from breakthrough.exports.columns import CHUNK, Column, Context, Rows, Table, col
from breakthrough.exports.tables import people_of, person_columns, person_values, team_columns
from breakthrough.incidents.models import DemographicCategory, Incident

TEXT = ("activity", "behavior", "motivation", "adult_response")


def variable(code: str) -> str:
    """A demographic's column, named as SPSS, Stata and R accept (ASCII letters, digits, _; 32 at most)."""
    return re.sub(r"\W", "_", f"demo_{code}", flags=re.ASCII)[:32]


def _categories(ctx: Context) -> list[DemographicCategory]:
    return list(DemographicCategory.objects.active().filter(collaborative=ctx.collaborative).order_by("code"))


def _columns(ctx: Context) -> list[Column]:
    return [
        Column("incident_id", _("incident number"), "integer", source="incidents.Incident.id"),
        *team_columns(),
        Column(
            "child",
            _("child code"),
            source="incidents.Incident.child_code",
            definition="the program's own code; a stable pseudonym of it in a de-identified export",
        ),
        col(Incident, "occurred_on", shift=True),
        Column("occurred_at", _("time"), source="incidents.Incident.occurred_at", unit="HH:MM"),
        *(col(Incident, name) for name in TEXT),
        col(Incident, "outcome"),
        *person_columns("reported_by", _("reported by")),
        *(
            Column(
                variable(c.code),
                c.name,
                values={o: o for o in c.options},
                source=f"incidents.Incident.demographics[{c.code}]",
            )
            for c in _categories(ctx)
        ),
        col(Incident, "follow_up", free_text=True),
    ]


def _incidents(ctx: Context) -> Any:
    return Incident.objects.active().filter(team__collaborative=ctx.collaborative)


def _rows(ctx: Context) -> Rows:
    names, codes = people_of(ctx), [c.code for c in _categories(ctx)]
    rows = _incidents(ctx).select_related("team").order_by("team_id", "occurred_on", "pk")
    for i in rows.iterator(chunk_size=CHUNK):
        yield {
            "incident_id": i.pk,
            "team_id": i.team_id,
            "team": i.team.name,
            "child": ctx.pseudonym("child", f"{i.team_id}-{i.child_code}")
            if not ctx.identified
            else i.child_code,
            "occurred_on": i.occurred_on,
            "occurred_at": i.occurred_at.strftime("%H:%M") if i.occurred_at else None,
            **{name: getattr(i, name) for name in TEXT},
            "outcome": i.outcome,
            **person_values(ctx, "reported_by", i.reported_by_id, names),
            **{variable(c): (i.demographics or {}).get(c) for c in codes},
            "follow_up": i.follow_up,
            "_respondent": f"{i.team_id}-{i.child_code}",
        }


INCIDENTS = Table(
    name="incidents",
    label=_("Behavior incidents with demographics"),
    group="incidents",
    columns=_columns,
    rows=_rows,
    count=lambda ctx: _incidents(ctx).count(),
    respondent="_respondent",
)
