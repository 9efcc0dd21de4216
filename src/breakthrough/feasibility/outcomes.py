"""Outcomes and impacts: classroom observations pre/post (participating vs spread, difference in
differences), classrooms improving beyond the reliable-change threshold, behavior incidents and their
equity profile, children's outcomes. Every count a viewer sees goes through ``dashboards.rows.shown``
(``stats.suppress_table``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from breakthrough import stats
from breakthrough.collaboratives.models import Classroom, Collaborative, Team
from breakthrough.dashboards.rows import shown
from breakthrough.feasibility import selectors, sources
from breakthrough.study import series

Z = 1.96
PARTICIPATING = Classroom.Participation.PARTICIPATING


def _reliability(before: Any) -> dict[str, Any]:
    """The classroom score's reliability as the study computes it: Cronbach's alpha of the tool's items
    over the first wave's observations; failing that, the median ICC of its double-coded items."""
    found = series.observation_alpha(before)
    if found["alpha"] is not None and 0 <= found["alpha"] < 1:
        return {"value": found["alpha"], "kind": "alpha", "n": found["n"]}
    irr = series.inter_rater(before)
    iccs = sorted(r["icc"] for r in irr.get("items", []) if r.get("icc") is not None)
    if iccs and 0 <= iccs[len(iccs) // 2] < 1:
        return {"value": iccs[len(iccs) // 2], "kind": "icc", "n": irr["n_pairs"]}
    return {"value": None, "kind": "", "n": found["n"]}


def classrooms(collaborative: Collaborative) -> dict[str, Any]:
    """Each classroom observed in the first pair of observation waves: pre, post, change, participation."""
    pair = selectors.observation_pair(collaborative)
    if pair is None:
        return {"pair": None, "rooms": {}}
    before, after = pair
    pre, post = series.classroom_scores(before), series.classroom_scores(after)
    ids = set(pre) | set(post)
    program_of = dict(Classroom.objects.filter(pk__in=ids).values_list("pk", "program_id"))
    rooms = {}
    for cid in sorted(ids):
        a = pre.get(cid, {}).get("score")
        b = post.get(cid, {}).get("score")
        rooms[cid] = {
            "pre": a,
            "post": b,
            "diff": round(b - a, 6) if a is not None and b is not None else None,
            "participating": (post.get(cid) or pre[cid])["participating"],
            "program_id": program_of.get(cid),
        }
    return {"pair": pair, "rooms": rooms}


def observations(found: dict[str, Any], *, threshold: int, suppress: bool) -> dict[str, Any]:
    """Pre/post means by group, the DiD (the study's ``spread``), and classrooms improving (RCI)."""
    if found["pair"] is None:
        return {"available": False}
    before, after = found["pair"]
    rooms = found["rooms"]
    groups = ((True, _("Participating classrooms")), (False, _("Spread classrooms")))

    def part(room: dict[str, Any]) -> bool:
        return bool(room["participating"] == PARTICIPATING)

    counts = [
        [sum(1 for r in rooms.values() if part(r) == g and r[k] is not None) for k in ("pre", "post")]
        for g, _label in groups
    ]
    table = shown(counts, threshold=threshold, suppress=suppress)
    did = series.spread(before, after)
    means = did.get("means") or {}
    hidden_any = any(v is None for row in table.shown() for v in row)
    rows = []
    for k, (_g, label) in enumerate(groups):
        pair = means.get("participating" if k == 0 else "spread", (None, None))
        cells = table.shown()[k]
        rows.append(
            {
                "group": label,
                "n_pre": cells[0],
                "n_post": cells[1],
                "pre": pair[0] if cells[0] is not None else None,
                "post": pair[1] if cells[1] is not None else None,
            }
        )
    out: dict[str, Any] = {
        "available": True,
        "before": before,
        "after": after,
        "instrument": before.instrument,
        "rows": rows,
        "n": did.get("n", 0),
        "did": None if hidden_any or did.get("did") is None else did,
        "reliability": _reliability(before),
    }
    out["improving"] = _improving(rooms, out["reliability"], threshold=threshold, suppress=suppress)
    return out


def _improving(
    rooms: dict[int, dict[str, Any]], reliability: dict[str, Any], *, threshold: int, suppress: bool
) -> dict[str, Any]:
    ids = sorted(rooms)
    if reliability["value"] is None:
        return {
            "available": False,
            "reason": _("Not enough data yet: the score's reliability cannot be computed."),
        }
    pre = [float("nan") if rooms[c]["pre"] is None else rooms[c]["pre"] for c in ids]
    post = [float("nan") if rooms[c]["post"] is None else rooms[c]["post"] for c in ids]
    try:
        rc = stats.reliable_change(post, pre, reliability=reliability["value"], z=Z)
    except ValueError:
        return {
            "available": False,
            "reason": _("Not enough data yet: fewer than two classrooms observed before."),
        }
    improved, complete = rc.improved.tolist(), (~(rc.diff != rc.diff)).tolist()
    counts = []
    for g in (True, False):
        sel = [
            k for k, c in enumerate(ids) if (rooms[c]["participating"] == PARTICIPATING) == g and complete[k]
        ]
        n_up = sum(1 for k in sel if improved[k])
        counts.append([n_up, len(sel) - n_up])
    table = shown(
        counts, threshold=threshold, suppress=suppress, totals="rows", published=[[True, False]] * 2
    )
    cells, totals = table.shown(), table.shown_row_totals()
    return {
        "available": True,
        "sd_pre": rc.sd_pre,
        "reliability": rc.reliability,
        "se_diff": rc.se_diff,
        "threshold": rc.threshold,
        "z": Z,
        "rows": [
            {"group": label, "improved": cells[k][0], "observed": totals[k]}
            for k, label in enumerate((_("Participating classrooms"), _("Spread classrooms")))
        ],
        "raw": counts,
    }


def incidents(
    collaborative: Collaborative, team_list: list[Team], *, threshold: int, suppress: bool
) -> dict[str, Any]:
    """Incidents by month (suppressed for viewers) and the equity profile by each demographic category
    (the study's own, which hides small groups for everyone)."""
    monthly = series.incidents_by_month(team_list)
    table = shown([[n for _m, n in monthly]] if monthly else [[]], threshold=threshold, suppress=suppress)
    values = table.shown()[0] if monthly else []
    profiles = [
        {"category": c, "profile": series.equity_profile(team_list, c.code, threshold)}
        for c in selectors.demographic_categories(collaborative)
    ]
    return {
        "monthly": [{"month": m, "n": values[k]} for k, (m, _n) in enumerate(monthly)],
        "total": sum(n for _m, n in monthly),
        "profiles": profiles,
        "flagged": [
            {"category": p["category"].name, "group": row["group"], "risk_ratio": row["risk_ratio"]}
            for p in profiles
            for row in p["profile"]["rows"]
            if row["flagged"] and not row["hidden"]
        ],
    }


def children(collaborative: Collaborative) -> dict[str, Any]:
    """Children's social-emotional scores pre and post (fieldwork's child assessment), per program and in
    all: fieldwork's own table, whose counts pass through ``suppress_table`` for everyone."""
    rows, total = sources.child_outcomes(collaborative)
    if total is None:
        return {"available": False}
    return {"available": True, "rows": rows, "total": total}
