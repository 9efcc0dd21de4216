"""Outputs and mechanisms of the theory of change, read live: attendance by event type and role, reports
on time, PDSA cycles by driver and decision, ramps, sharing and reuse, TA contacts; survey change early →
late, who leads PDSAs by role, who speaks in sessions, mechanism-coded excerpts.

The study's numbers come from ``study.series`` and the dashboards' reads from ``dashboards.selectors`` and
``dashboards.rows``: nothing is computed twice. Counts a viewer sees pass through ``rows.shown``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative, Membership, Role
from breakthrough.dashboards import rows as dashboard_rows
from breakthrough.dashboards import selectors as dashboard_selectors
from breakthrough.dashboards.rows import shown
from breakthrough.events.models import Event
from breakthrough.feasibility import selectors, sources
from breakthrough.pdsa.models import PDSACycle
from breakthrough.study import series
from breakthrough.study.models import Code

ROLE_LABELS = dict(Membership._meta.get_field("role").choices)


def attendance(collaborative: Collaborative, *, threshold: int, suppress: bool) -> dict[str, Any]:
    """People present by event type × role (the dashboards' attendance by role, summed by event type)."""
    found = dashboard_selectors.attendance_by_role(collaborative, _("Other"))
    kinds = dict(Event.Kind.choices)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    held: Counter[str] = Counter()
    for event in found.events:
        held[event.kind] += 1
        by_kind[event.kind].update(found.counts.get(event.pk, Counter()))
    roles = sorted({r for c in by_kind.values() for r in c})
    order = [k for k in kinds if k in by_kind or k in held]
    table = shown(
        [[by_kind[k][r] for r in roles] for k in order] or [[]],
        threshold=threshold,
        suppress=suppress,
        totals="rows",
    )
    cells, totals = table.shown(), table.shown_row_totals()
    return {
        "roles": roles,
        "rows": [
            {"kind": kinds[k], "held": held[k], "cells": cells[i], "total": totals[i]}
            for i, k in enumerate(order)
        ],
        "n_events": len(found.events),
        "n_present": sum(sum(c.values()) for c in by_kind.values()),
    }


def reporting(engagement: dict[str, Any]) -> dict[str, Any]:
    """Reports due so far, and those submitted by their due date, over all teams (from the index's parts)."""
    due = sum(r["counts"]["reporting"][1] for r in engagement["rows"])
    on_time = sum(r["counts"]["reporting"][0] for r in engagement["rows"])
    return {"due": due, "on_time": on_time, "share": round(100 * on_time / due) if due else None}


def cycles(collaborative: Collaborative, *, threshold: int, suppress: bool) -> dict[str, Any]:
    """PDSA cycles by primary driver and by decision over the whole collaborative: the two tables are the
    margins of one unpublished driver × decision table, suppressed together (as the dashboards do)."""
    found = dashboard_selectors.cycles_by_month(
        collaborative,
        driver=None,
        team_ids=None,
        decision_labels={k: str(v) for k, v in PDSACycle.Decision.choices},
        undecided=_("Not decided yet"),
    )
    here: Counter[tuple[Any, str]] = Counter()
    for (_month, driver, decision), n in found.counts.items():
        here[(driver, decision)] += n
    drivers = sorted({d for d, _k in here}, key=lambda d: (d is None, d or ""))
    decisions = sorted({k for _d, k in here})
    if not here:
        return {"by_driver": [], "by_decision": [], "total": 0}
    table = shown(
        [[here.get((d, k), 0) for k in decisions] for d in drivers],
        threshold=threshold,
        suppress=suppress,
        totals="both",
        published=[[False] * len(decisions) for _ in drivers],
    )
    by_driver, by_decision = table.shown_row_totals(), table.shown_column_totals()
    return {
        "by_driver": [{"driver": d or _("No driver"), "n": by_driver[i]} for i, d in enumerate(drivers)],
        "by_decision": [{"decision": k, "n": by_decision[j]} for j, k in enumerate(decisions)],
        "total": sum(here.values()),
    }


def ramps_and_sharing(collaborative: Collaborative, *, threshold: int, suppress: bool) -> dict[str, Any]:
    found = selectors.sharing(collaborative)
    return {
        "sharing": found,
        "ramp_lengths": dashboard_rows.ramp_lengths(
            dashboard_selectors.ramp_lengths(collaborative), threshold=threshold, suppress=suppress
        ),
    }


def ta(collaborative: Collaborative) -> dict[str, Any]:
    found = sources.ta_by_team(collaborative)
    if not found:
        return {"available": False}
    return {
        "available": True,
        "teams": len(found),
        "contacts": sum(c for c, _m in found.values()),
        "minutes": sum(m for _c, m in found.values()),
    }


# --- mechanisms ---


def surveys(collaborative: Collaborative, *, threshold: int, suppress: bool) -> list[dict[str, Any]]:
    """Each survey's subscales early → late (people who answered both): the study's paired change with
    d_z and Hedges' g and their CIs; for viewers, a subscale of fewer pairs than the threshold is hidden."""
    out = []
    for instrument, early, late in selectors.survey_pairs(collaborative):
        alphas = {r["subscale"].pk: r.get("alpha") for r in series.reliability(early)}
        rows = []
        for entry in series.change(early, late):
            overall = entry["overall"]
            hidden = suppress and 0 < overall["n"] < threshold
            rows.append(
                {
                    "subscale": entry["subscale"].name,
                    "alpha": alphas.get(entry["subscale"].pk),
                    "n": None if hidden else overall["n"],
                    "enough": overall.get("enough") and "diff" in overall and not hidden,
                    **(
                        {}
                        if hidden
                        else {
                            k: overall.get(k)
                            for k in ("pre", "post", "diff", "diff_ci", "d", "d_ci", "g", "g_ci", "p")
                        }
                    ),
                }
            )
        out.append(
            {
                "instrument": instrument.title(),
                "early": early,
                "late": late,
                "n_early": early.responses.active().count(),
                "n_late": late.responses.active().count(),
                "rows": rows,
            }
        )
    return out


def pdsa_leaders(
    collaborative: Collaborative, people: dict[int, tuple[int, str]], *, threshold: int, suppress: bool
) -> dict[str, Any]:
    """Who writes the PDSA cycles, by role on the team: the "power shift" of the theory of change."""
    found = selectors.cycles_by_role(collaborative, people)
    roles = sorted(found, key=lambda r: (-found[r], r))
    table = shown([[found[r] for r in roles]] if roles else [[]], threshold=threshold, suppress=suppress)
    values = table.shown()[0] if roles else []
    total = sum(found.values())
    return {
        "rows": [
            {
                "role": str(ROLE_LABELS.get(r, _("Not on a team"))),
                "n": values[k],
                "share": round(100 * values[k] / total) if values[k] is not None and total else None,
            }
            for k, r in enumerate(roles)
        ],
        "total": total,
        "family_led": found.get(Role.FAMILY_MEMBER, 0),
    }


def sessions(collaborative: Collaborative) -> dict[str, Any]:
    """Learning-session observations in order (LS1 → LS3, calls): each subscale's mean per event, and its
    first and last observed value; cross-team exchanges per event."""
    rows = sources.session_scores(collaborative)
    if not rows:
        return {"available": False, "subscales": []}
    names: dict[str, str] = {}
    for r in rows:
        names.update(r.subscale_names)
    codes = sorted({c for r in rows for c in r.subscales})
    subscales = []
    for code in codes:
        values = [r.subscales.get(code) for r in rows if r.subscales.get(code) is not None]
        subscales.append(
            {
                "code": code,
                "name": names.get(code, code),
                "first": values[0] if values else None,
                "last": values[-1] if len(values) > 1 else None,
            }
        )
    kinds = dict(Event.Kind.choices)
    return {
        "available": True,
        "n_events": len(rows),
        "codes": codes,
        "subscales": subscales,
        "rows": [
            {
                "title": r.title,
                "date": r.date,
                "kind": kinds.get(r.kind, r.kind),
                "sequence": r.sequence,
                "n": r.n_observations,
                "values": [r.subscales.get(c) for c in codes],
                "exchanges": r.cross_team_exchanges,
            }
            for r in rows
        ],
        "exchanges": (rows[0].cross_team_exchanges, rows[-1].cross_team_exchanges),
    }


def voices(collaborative: Collaborative) -> dict[str, Any]:
    found = sources.voices_by_role(collaborative)
    if not found:
        return {"available": False}
    totals: Counter[str] = Counter()
    for row in found:
        totals.update(row.get("turns", {}))
    total = sum(totals.values())
    return {
        "available": True,
        "sessions": found,
        "totals": [
            {"role": role, "turns": n, "share": round(100 * n / total) if total else None}
            for role, n in totals.most_common()
        ],
    }


def excerpts(collaborative: Collaborative, *, threshold: int, suppress: bool) -> dict[str, Any]:
    """Coded excerpts by mechanism: counts for everyone (suppressed for viewers), the texts for the study
    team only."""
    found = selectors.excerpts_by_mechanism(collaborative)
    mechanisms = [(k, str(v)) for k, v in Code.Mechanism.choices if k != Code.Mechanism.OTHER]
    table = shown([[len(found.get(k, [])) for k, _l in mechanisms]], threshold=threshold, suppress=suppress)
    values = table.shown()[0]
    return {
        "rows": [
            {
                "mechanism": label,
                "n": values[i],
                "excerpts": [] if suppress else found.get(key, [])[:3],
            }
            for i, (key, label) in enumerate(mechanisms)
        ],
        "total": sum(len(v) for v in found.values()),
    }
