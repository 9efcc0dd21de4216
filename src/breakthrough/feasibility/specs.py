"""The study answers' Vega-Lite specs, built from their rows by ``breakthrough.charts``, in their words.

Each spec is numbered in the report; ``all_specs`` returns them in the report's order, each with its key.
Viewers' specs are built from the suppressed rows only (no team's point in a scatter).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from breakthrough import charts
from breakthrough.dashboards.labels import chart_labels


def _scatter(
    rows: list[dict[str, Any]], key: str, fit: dict[str, Any], *, title: str, y_title: str
) -> dict[str, Any]:
    points = [
        {"team": r["team"].name, "index": r["index"], "y": r[key]}
        for r in rows
        if r.get("index") is not None and r.get(key) is not None
    ]
    line = (fit["fit"]["intercept"], fit["fit"]["slope"]) if fit.get("fit") else None
    return charts.scatter_spec(
        points,
        x="index",
        y="y",
        title=title,
        x_title=_("Engagement index (0–1)"),
        y_title=y_title,
        line=line,
        tooltip="team",
        labels=chart_labels(),
    )


def all_specs(ctx: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every chart of the answers, by key (in the report's order)."""
    out: dict[str, dict[str, Any]] = {}
    att = ctx["attendance"]
    out["attendance"] = charts.bar_spec(
        [
            {"type": r["kind"], "role": role, "n": r["cells"][j]}
            for r in att["rows"]
            for j, role in enumerate(att["roles"])
            if r["cells"][j]
        ],
        x="type",
        y="n",
        color="role",
        title=_("People present by event type and role"),
        labels=chart_labels(),
    )
    out["cycles"] = charts.bar_spec(
        [{"driver": r["driver"][:40], "n": r["n"]} for r in ctx["cycles"]["by_driver"] if r["n"]],
        x="driver",
        y="n",
        title=_("PDSA cycles by primary driver"),
        labels=chart_labels(),
    )
    dose = ctx["engagement"]
    if ctx["teams_shown"]:
        out["dose_measures"] = _scatter(
            dose["rows"],
            "improving",
            dose["measures_fit"],
            title=_("Engagement and improving measures, by team"),
            y_title=_("Share of measures improving"),
        )
        out["dose_observation"] = _scatter(
            dose["rows"],
            "obs_change",
            dose["observation_fit"],
            title=_("Engagement and observation change, by team"),
            y_title=_("Change in observation score"),
        )
    out["surveys"] = charts.bar_spec(
        [
            {"subscale": r["subscale"][:40], "change": round(r["diff"], 3)}
            for s in ctx["surveys"]
            for r in s["rows"]
            if r.get("enough") and r.get("diff") is not None
        ],
        x="subscale",
        y="change",
        title=_("Mean change early → late, by subscale"),
        labels=chart_labels(),
    )
    obs = ctx["observations"]
    if obs["available"]:
        before, after = _("Before"), _("After")
        out["observations"] = charts.bar_spec(
            [
                {"time": f"{r['group']}: {when}", "group": r["group"], "score": round(v, 3)}
                for r in obs["rows"]
                for when, v in ((before, r["pre"]), (after, r["post"]))
                if v is not None
            ],
            x="time",
            y="score",
            color="group",
            title=_("Mean observation score before and after"),
            labels=chart_labels(),
        )
        improving = obs["improving"]
        if improving.get("available"):
            out["improving"] = charts.bar_spec(
                [
                    {"group": r["group"], "classrooms": r["improved"]}
                    for r in improving["rows"]
                    if r["improved"] is not None
                ],
                x="group",
                y="classrooms",
                title=_("Classrooms improving beyond the reliable-change threshold"),
                labels=chart_labels(),
            )
    return out
