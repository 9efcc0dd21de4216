"""The study's answers for one collaborative, read live: every box of the theory of change with its
evidence (value, source, n, or "not enough data yet"), and the tables and charts behind them.

``answers`` is what the page, the report (HTML, PDF) and the slide deck all show; viewers get it with
``suppress=True`` (small cells hidden through ``dashboards.rows.shown``, no excerpts, no team's rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.dashboards import selectors as dashboard_selectors
from breakthrough.feasibility import engagement, evidence, outcomes, selectors, sources, specs

Progress = Callable[[int, int], None]


def num(value: Any, digits: int = 2) -> str:
    return "–" if value is None else number_format(round(float(value), digits), digits)


def ci(pair: Any, digits: int = 2) -> str:
    if not pair or pair[0] is None or pair[1] is None:
        return ""
    return f"[{num(pair[0], digits)}, {num(pair[1], digits)}]"


def item(label: str, value: Any, *, source: str, n: Any = None, hidden: bool = False) -> dict[str, Any]:
    """One piece of a box's evidence; ``hidden``: there is a value, but too small a count to show."""
    if hidden and value in (None, ""):
        return {"label": label, "value": "*", "source": source, "n": n, "missing": False, "hidden": True}
    return {
        "label": label,
        "value": value,
        "source": source,
        "n": n,
        "missing": value in (None, ""),
        "hidden": False,
    }


def answers(
    collaborative: Collaborative, *, suppress: bool, today: dt.date, progress: Progress | None = None
) -> dict[str, Any]:
    """Everything the theory-of-change page and the report show, in order of the boxes."""
    steps = 6
    tick = progress or (lambda done, total: None)
    threshold = collaborative.small_cell_threshold
    team_list = selectors.teams(collaborative)
    people = selectors.people_by_team(collaborative)
    tick(1, steps)
    rooms = outcomes.classrooms(collaborative)
    dose = engagement.dose_response(collaborative, team_list, rooms["rooms"], today=today)
    tick(2, steps)
    ctx: dict[str, Any] = {
        "collaborative": collaborative,
        "suppress": suppress,
        "threshold": threshold,
        "today": today,
        "n_teams": len(team_list),
        "drivers": dashboard_selectors.drivers(collaborative),
        "planning": sources.planning_meeting(collaborative),
        "readiness": sources.readiness(collaborative) or {},
        "adaptations": sources.adaptations(collaborative) or [],
        "attendance": evidence.attendance(collaborative, threshold=threshold, suppress=suppress),
        "reporting": evidence.reporting(dose),
        "cycles": evidence.cycles(collaborative, threshold=threshold, suppress=suppress),
        "ramps": evidence.ramps_and_sharing(collaborative, threshold=threshold, suppress=suppress),
        "ta": evidence.ta(collaborative),
        "engagement": dose,
        "teams_shown": not suppress,
    }
    tick(3, steps)
    ctx["surveys"] = evidence.surveys(collaborative, threshold=threshold, suppress=suppress)
    ctx["leaders"] = evidence.pdsa_leaders(collaborative, people, threshold=threshold, suppress=suppress)
    ctx["voices"] = evidence.voices(collaborative)
    ctx["excerpts"] = evidence.excerpts(collaborative, threshold=threshold, suppress=suppress)
    tick(4, steps)
    ctx["observations"] = outcomes.observations(rooms, threshold=threshold, suppress=suppress)
    ctx["incidents"] = outcomes.incidents(collaborative, team_list, threshold=threshold, suppress=suppress)
    ctx["children"] = outcomes.children(collaborative)
    ctx["sessions"] = evidence.sessions(collaborative)
    tick(5, steps)
    ctx["model_rows"] = [
        (label, {**fit, "shown": fit["fit"] is not None and (not suppress or fit["n"] >= threshold)})
        for label, fit in (
            (_("Share of measures improving"), dose["measures_fit"]),
            (_("Change in observation score"), dose["observation_fit"]),
            (_("Engagement index on readiness (0–1)"), dose["readiness_fit"]),
        )
    ]
    ctx["specs"] = specs.all_specs(ctx)
    ctx["boxes"] = boxes(ctx)
    ctx |= numbering(ctx)
    tick(6, steps)
    return ctx


def _fit_text(found: dict[str, Any], ctx: dict[str, Any]) -> str:
    """A model in a box; for viewers only from the small-cell threshold of teams on (as in its table)."""
    fit = found["fit"]
    if fit is None or (ctx["suppress"] and found["n"] < ctx["threshold"]):
        return ""
    return _("slope %(b)s %(ci)s, Spearman rho %(rho)s") % {
        "b": num(fit["slope"]),
        "ci": ci((fit["ci_low"], fit["ci_high"])),
        "rho": num(fit["rho"]),
    }


def _planning_text(meeting: Any) -> str | None:
    if meeting is None:
        return None
    roles = ", ".join(f"{p.get_role_display()} {p.count}" for p in meeting.participants.all())
    return _("%(day)s: %(drivers)s drivers and %(measures)s measures chosen; %(roles)s") % {
        "day": date_format(meeting.held_on, "DATE_FORMAT"),
        "drivers": meeting.drivers.count(),
        "measures": meeting.measures.count(),
        "roles": roles or "–",
    }


def boxes(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """The six boxes of the theory of change, each a list of evidence items."""
    att, rep, cyc, ramps = ctx["attendance"], ctx["reporting"], ctx["cycles"], ctx["ramps"]["sharing"]
    dose, obs = ctx["engagement"], ctx["observations"]
    events_src, reports_src = _("Events and attendance"), _("Monthly reports")
    pdsa_src, survey_src = _("PDSA log"), _("Surveys (early and late waves)")
    obs_src = _("Classroom observations (blind)")
    strategy = [
        item(_("Teams taking part"), ctx["n_teams"], source=_("Teams"), n=ctx["n_teams"]),
        item(_("Primary drivers of the change framework"), len(ctx["drivers"]), source=_("Change framework")),
        item(_("Learning sessions and calls held"), att["n_events"], source=events_src),
        item(
            _("Community planning meeting"),
            _planning_text(ctx["planning"]),
            source=_("Planning meeting"),
            n=sum(p.count for p in ctx["planning"].participants.all()) if ctx["planning"] else None,
        ),
        item(
            _("Programs rated for readiness"),
            len(ctx["readiness"]) or None,
            source=_("Applications and readiness rubric"),
            n=len(ctx["readiness"]) or None,
        ),
        item(
            _("Readiness and engagement"),
            _fit_text(dose["readiness_fit"], ctx) or None,
            source=_("Readiness rubric; engagement index"),
            n=dose["readiness_fit"]["n"],
        ),
        item(
            _("Adaptations of the model recorded"),
            len(ctx["adaptations"]) or None,
            source=_("Adaptation log"),
        ),
    ]
    outputs = [
        item(
            _("People present at sessions and calls"), att["n_present"], source=events_src, n=att["n_events"]
        ),
        item(
            _("Reports submitted on time"),
            f"{rep['on_time']} / {rep['due']}" if rep["due"] else None,
            source=reports_src,
            n=rep["due"],
        ),
        item(_("PDSA cycles logged"), cyc["total"] or None, source=pdsa_src, n=cyc["total"]),
        item(
            _("Ramps of two or more cycles"),
            ramps.ramps_longer if ramps.ramps else None,
            source=pdsa_src,
            n=ramps.ramps,
        ),
        item(
            _("Cycles shared with the collaborative"),
            ramps.shared if ramps.cycles else None,
            source=pdsa_src,
            n=ramps.cycles,
        ),
        item(
            _("Shared cycles another team took up"),
            ramps.reused if ramps.shared else None,
            source=pdsa_src,
            n=ramps.shared,
        ),
        item(
            _("Technical assistance contacts"),
            ctx["ta"].get("contacts"),
            source=_("TA log"),
            n=ctx["ta"].get("teams"),
        ),
    ]
    mechanisms = []
    for survey in ctx["surveys"]:
        for row in survey["rows"]:
            value = (
                _("%(pre)s → %(post)s, d = %(d)s %(ci)s")
                % {
                    "pre": num(row["pre"]),
                    "post": num(row["post"]),
                    "d": num(row["d"]),
                    "ci": ci(row["d_ci"]),
                }
                if row["enough"]
                else None
            )
            mechanisms.append(item(row["subscale"], value, source=survey_src, n=row["n"]))
    if not ctx["surveys"]:
        mechanisms.append(item(_("Psychological safety, climate, self-efficacy"), None, source=survey_src))
    leaders = ctx["leaders"]
    top = next((r for r in leaders["rows"] if r["n"] is not None), None)
    mechanisms.append(
        item(
            _("Who leads PDSA cycles (most cycles written by)"),
            f"{top['role']} ({top['share']}%)" if top and top["share"] is not None else None,
            source=pdsa_src,
            n=leaders["total"],
        )
    )
    sessions = ctx["sessions"]
    for sub in sessions.get("subscales", []):
        mechanisms.append(
            item(
                _("Session observations: %(s)s, first → last") % {"s": sub["name"]},
                _("%(pre)s → %(post)s") % {"pre": num(sub["first"]), "post": num(sub["last"])}
                if sub["first"] is not None and sub["last"] is not None
                else None,
                source=_("Learning-session observations"),
                n=sessions["n_events"],
            )
        )
    if sessions.get("available"):
        mechanisms.append(
            item(
                _("Cross-team exchanges per observed session, first → last"),
                f"{num(sessions['exchanges'][0], 1)} → {num(sessions['exchanges'][1], 1)}",
                source=_("Learning-session observations"),
                n=sessions["n_events"],
            )
        )
    voices = ctx["voices"]
    mechanisms.append(
        item(
            _("Who speaks in sessions"),
            ", ".join(f"{r['role']} {r['share']}%" for r in voices["totals"][:3])
            if voices["available"]
            else None,
            source=_("Learning-session observations"),
            n=len(voices.get("sessions", [])) or None,
        )
    )
    ex = ctx["excerpts"]
    for row in ex["rows"]:
        mechanisms.append(
            item(
                _("Excerpts coded: %(m)s") % {"m": row["mechanism"]},
                row["n"] or None,
                source=_("Interviews"),
                n=row["n"],
                hidden=row["n"] is None,
            )
        )
    short = []
    if obs["available"]:
        for row in obs["rows"]:
            short.append(
                item(
                    row["group"],
                    _("%(pre)s → %(post)s") % {"pre": num(row["pre"]), "post": num(row["post"])}
                    if row["pre"] is not None and row["post"] is not None
                    else None,
                    source=obs_src,
                    n=row["n_post"],
                    hidden=row["n_post"] is None or row["n_pre"] is None,
                )
            )
        did = obs["did"]
        short.append(
            item(
                _("Difference in differences"),
                f"{num(did['did'])} {ci(did['ci'])}" if did else None,
                source=obs_src,
                n=did.get("n_classrooms") if did else None,
                hidden=ctx["suppress"] and did is None and obs["n"] >= 4,
            )
        )
    else:
        short.append(item(_("Classroom observations pre and post"), None, source=obs_src))
    measures_fit = dose["measures_fit"]
    short.append(
        item(
            _("Engagement and improving measures"),
            _fit_text(measures_fit, ctx) or None,
            source=_("Engagement index; measure charts"),
            n=measures_fit["n"],
        )
    )
    improving = obs.get("improving", {}) if obs["available"] else {}
    long_term = []
    for row in improving.get("rows", []) if improving.get("available") else []:
        long_term.append(
            item(
                _("Classrooms improving: %(g)s") % {"g": row["group"]},
                f"{row['improved']} / {row['observed']}"
                if row["improved"] is not None and row["observed"]
                else None,
                source=obs_src,
                n=row["observed"],
                hidden=row["improved"] is None,
            )
        )
    if not long_term:
        long_term.append(item(_("Classrooms improving"), None, source=obs_src))
    long_term.append(
        item(
            _("Adopted changes in use in classrooms (classroom-months)"),
            ramps.spread_in_use or None,
            source=_("Spread log"),
            n=ramps.spread_classrooms,
        )
    )
    inc, kids = ctx["incidents"], ctx["children"]
    impacts = [
        item(
            _("Behavior incidents recorded"),
            inc["total"] or None,
            source=_("Incident reports"),
            n=inc["total"],
        ),
        item(
            _("Groups at raised risk (risk ratio CI above 1)"),
            ", ".join(f"{f['group']} ({num(f['risk_ratio'])})" for f in inc["flagged"])
            or (_("none") if inc["profiles"] else None),
            source=_("Equity profile"),
            n=sum(p["profile"]["n_children"] for p in inc["profiles"][:1]) or None,
        ),
    ]
    if kids["available"]:
        total = kids["total"]
        impacts.append(
            item(
                _("Children's social-emotional scores"),
                _("%(pre)s → %(post)s; change %(change)s")
                % {"pre": num(total.pre.mean), "post": num(total.post.mean), "change": num(total.change.mean)}
                if not total.hidden and total.change.mean is not None
                else None,
                source=_("Child assessment"),
                n=total.change.n,
                hidden=total.hidden,
            )
        )
    else:
        impacts.append(item(_("Children's social-emotional scores"), None, source=_("Child assessment")))
    return [
        {"key": "strategy", "title": _("Strategy"), "items": strategy},
        {"key": "outputs", "title": _("Outputs"), "items": outputs},
        {"key": "mechanisms", "title": _("Mechanisms"), "items": mechanisms},
        {"key": "short", "title": _("Short-term outcomes"), "items": short},
        {"key": "long", "title": _("Long-term outcomes"), "items": long_term},
        {"key": "impacts", "title": _("Impacts"), "items": impacts},
    ]


FIGURES = (
    "attendance",
    "cycles",
    "dose_measures",
    "dose_observation",
    "surveys",
    "observations",
    "improving",
)
TABLES = (
    "attendance",
    "outputs",
    "cycles",
    "engagement",
    "models",
    "surveys",
    "leaders",
    "sharing",
    "sessions",
    "voices",
    "excerpts",
    "observations",
    "improving",
    "incidents",
    "equity",
    "children",
)


def numbering(ctx: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Figure and table numbers, in the report's order, for the figures and tables there are."""
    present = {
        "engagement": ctx["teams_shown"] and bool(ctx["engagement"]["rows"]),
        "voices": ctx["voices"]["available"],
        "observations": ctx["observations"]["available"],
        "improving": ctx["observations"].get("improving", {}).get("available", False),
        "equity": bool(ctx["incidents"]["profiles"]),
        "children": ctx["children"]["available"],
        "sessions": ctx["sessions"].get("available", False),
        "surveys": bool(ctx["surveys"]),
    }
    figures = [k for k in FIGURES if k in ctx["specs"]]
    tables = [k for k in TABLES if present.get(k, True)]
    return {
        "fig": {k: i + 1 for i, k in enumerate(figures)},
        "tab": {k: i + 1 for i, k in enumerate(tables)},
    }
