"""The bridge: study rows become numpy arrays, ``breakthrough.stats`` computes, plain dicts come back.

The only module of the study app that imports numpy. Every result is a plain dict/list of floats
(NaN becomes None) so templates and exports never see numpy.
"""

from __future__ import annotations

import contextlib
import math
from collections import defaultdict
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy as _

from breakthrough import stats
from breakthrough.collaboratives.models import TEAM_ROLES, Classroom, Membership
from breakthrough.incidents.models import Child, Incident
from breakthrough.study.models import (
    Answer,
    Item,
    Observation,
    ObservationScore,
    RespondentRole,
    Response,
    Subscale,
    SurveyLink,
    Wave,
)

MIN_PAIRS = 3  # fewer paired respondents than this: no change statistics
MIN_MIXED_CLASSROOMS = 6  # fewer classrooms than this: OLS instead of the mixed model
KAPPA_FLAG = 0.6  # observers whose weighted kappa falls below this are flagged


def _f(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def _matrix(rows: list[Any], items: list[Item], values: dict[tuple[int, int], int]) -> np.ndarray:
    out = np.full((len(rows), len(items)), np.nan)
    for i, row in enumerate(rows):
        for j, item in enumerate(items):
            v = values.get((row.pk, item.pk))
            if v is not None:
                out[i, j] = v
    return out


def _keys(items: list[Item]) -> np.ndarray:
    return np.array([-1 if item.reverse_keyed else 1 for item in items])


def wave_data(wave: Wave) -> tuple[list[Response], list[Item], np.ndarray]:
    responses = list(wave.responses.active().order_by("pk"))
    items = list(wave.instrument.items.active().order_by("number"))
    values = {(a.response_id, a.item_id): a.value for a in Answer.objects.filter(response__in=responses)}
    return responses, items, _matrix(responses, items, values)


def _scale_range(items: list[Item]) -> tuple[int, int]:
    return min(i.scale_min for i in items), max(i.scale_max for i in items)


def subscale_scores(wave: Wave) -> dict[str, Any]:
    """Each subscale's score for each response (reverse keying and the minimum-answered rule applied)."""
    responses, items, x = wave_data(wave)
    index = {item.pk: j for j, item in enumerate(items)}
    out: dict[str, Any] = {"responses": responses, "subscales": []}
    for sub in Subscale.objects.active().filter(instrument=wave.instrument).prefetch_related("items"):
        sub_items = sorted(sub.items.all(), key=lambda i: i.number)
        cols = [index[i.pk] for i in sub_items if i.pk in index]
        if not cols or not responses:
            scores = np.full(len(responses), np.nan)
        else:
            lo, hi = _scale_range(sub_items)
            scores = stats.scale_scores(
                x[:, cols],
                _keys(sub_items),
                scale_min=lo,
                scale_max=hi,
                scoring=sub.scoring,
                min_answered=sub.min_answered,
            ).scores
        out["subscales"].append({"subscale": sub, "items": sub_items, "cols": cols, "scores": scores})
    out["matrix"] = x
    out["items"] = items
    return out


def reliability(wave: Wave) -> list[dict[str, Any]]:
    """Cronbach's alpha (raw, standardized), alpha if dropped and corrected item–total r per subscale."""
    data = subscale_scores(wave)
    rows = []
    for s in data["subscales"]:
        x = data["matrix"][:, s["cols"]] if s["cols"] else np.empty((0, 0))
        complete_rows = int(np.sum(~np.isnan(x).any(axis=1))) if x.size else 0
        entry: dict[str, Any] = {
            "subscale": s["subscale"],
            "n": len(data["responses"]),
            "complete": complete_rows,
        }
        if x.shape[0] < 3 or x.shape[1] < 2:
            entry["alpha"] = None
            rows.append(entry)
            continue
        lo, hi = _scale_range(s["items"])
        try:
            a = stats.cronbach_alpha(x, _keys(s["items"]), scale_min=lo, scale_max=hi)
        except ValueError:
            entry["alpha"] = None
            rows.append(entry)
            continue
        kept = [s["items"][k] for k in a.item_index]
        entry |= {
            "alpha": _f(a.raw_alpha),
            "std_alpha": _f(a.std_alpha),
            "ci": (_f(a.feldt_lower), _f(a.feldt_upper)),
            "items": [
                {"item": item, "if_dropped": _f(a.dropped.raw_alpha[k]), "r_drop": _f(a.items.r_drop[k])}
                for k, item in enumerate(kept)
            ],
        }
        rows.append(entry)
    return rows


def _by_key(data: dict[str, Any], n: int) -> dict[str, dict[str, Any]]:
    return {
        r.respondent_key: {"response": r, "scores": [s["scores"][i] for s in data["subscales"]]}
        for i, r in enumerate(data["responses"])
    }


def change(early: Wave, late: Wave) -> list[dict[str, Any]]:
    """Early → late for people who answered both: paired difference, d_z, g, paired t, Wilcoxon; by team."""
    a, b = subscale_scores(early), subscale_scores(late)
    ea, lb = _by_key(a, 0), _by_key(b, 0)
    keys = sorted(ea.keys() & lb.keys())
    rows = []
    for k, s in enumerate(a["subscales"]):
        pre = np.array([ea[key]["scores"][k] for key in keys], dtype=float)
        post = np.array([lb[key]["scores"][k] for key in keys], dtype=float)
        team = np.array([lb[key]["response"].on_team for key in keys], dtype=bool)
        entry: dict[str, Any] = {"subscale": s["subscale"], "overall": _paired(post, pre), "groups": []}
        for label, mask in ((_("Team members"), team), (_("Non-team staff and families"), ~team)):
            entry["groups"].append({"group": label, **_paired(post[mask], pre[mask])})
        ok = ~np.isnan(post - pre)
        d_team, d_other = (post - pre)[ok & team], (post - pre)[ok & ~team]
        entry["team_vs_other"] = None
        if len(d_team) >= 2 and len(d_other) >= 2:
            g = stats.hedges_g(d_team, d_other)
            entry["team_vs_other"] = {
                "diff": _f(d_team.mean() - d_other.mean()),
                "g": _f(g.estimate),
                "ci": (_f(g.ci_low), _f(g.ci_high)),
            }
        rows.append(entry)
    return rows


def _paired(post: np.ndarray, pre: np.ndarray) -> dict[str, Any]:
    ok = ~np.isnan(post) & ~np.isnan(pre)
    n = int(ok.sum())
    out: dict[str, Any] = {"n": n, "enough": n >= MIN_PAIRS}
    if n < MIN_PAIRS or np.all(post[ok] - pre[ok] == 0):
        return out
    t = stats.paired_t(post[ok], pre[ok])
    d = stats.cohens_d(post[ok], pre[ok], paired=True)
    g = stats.hedges_g(post[ok], pre[ok], paired=True)
    w = stats.wilcoxon_signed_rank(post[ok], pre[ok])
    return out | {
        "pre": _f(pre[ok].mean()),
        "post": _f(post[ok].mean()),
        "diff": _f(t.estimate),
        "diff_ci": (_f(t.ci_low), _f(t.ci_high)),
        "t": _f(t.statistic),
        "df": _f(t.df),
        "p": _f(t.p_value),
        "d": _f(d.estimate),
        "d_ci": (_f(d.ci_low), _f(d.ci_high)),
        "g": _f(g.estimate),
        "g_ci": (_f(g.ci_low), _f(g.ci_high)),
        "v": _f(w.statistic),
        "wilcoxon_p": _f(w.p_value),
    }


def by_program_and_role(wave: Wave, threshold: int) -> dict[str, Any]:
    """Counts and mean subscale scores per program × role, with small cells (and recoverable ones) hidden."""
    data = subscale_scores(wave)
    programs = sorted({r.program for r in data["responses"] if r.program}, key=lambda p: p.name)
    roles = [r for r in RespondentRole if any(x.role == r for x in data["responses"])]
    counts = np.zeros((len(programs), len(roles)))
    sums: dict[tuple[int, int, int], list[float]] = defaultdict(list)
    for i, r in enumerate(data["responses"]):
        if r.program is None:
            continue
        p, q = programs.index(r.program), roles.index(RespondentRole(r.role))
        counts[p, q] += 1
        for k, s in enumerate(data["subscales"]):
            if not math.isnan(s["scores"][i]):
                sums[(p, q, k)].append(float(s["scores"][i]))
    hidden = (
        stats.suppress_small_cells(counts, threshold=threshold).hidden
        if counts.size
        else np.zeros(counts.shape, dtype=bool)
    )

    def margin(selected: list[int]) -> dict[str, Any]:
        n = len(selected)
        if n < threshold:
            return {"hidden": True}
        means = []
        for s in data["subscales"]:
            values = [float(s["scores"][i]) for i in selected if not math.isnan(s["scores"][i])]
            means.append(_f(np.mean(values)) if values else None)
        return {"hidden": False, "n": n, "means": means}

    index = [
        (programs.index(r.program), roles.index(RespondentRole(r.role))) if r.program else (None, None)
        for r in data["responses"]
    ]
    rows = []
    for p, program in enumerate(programs):
        cells = []
        for q in range(len(roles)):
            if hidden[p, q]:
                cells.append({"hidden": True})
            else:
                means = [
                    _f(np.mean(sums[(p, q, k)])) if sums.get((p, q, k)) else None
                    for k in range(len(data["subscales"]))
                ]
                cells.append({"hidden": False, "n": int(counts[p, q]), "means": means})
        rows.append(
            {
                "program": program,
                "cells": cells,
                "total": margin([i for i, x in enumerate(index) if x[0] == p]),
            }
        )
    return {
        "role_totals": [margin([i for i, x in enumerate(index) if x[1] == q]) for q in range(len(roles))],
        "total": margin([i for i, x in enumerate(index) if x[0] is not None]),
        "roles": [RespondentRole(r).label for r in roles],
        "subscales": [s["subscale"] for s in data["subscales"]],
        "rows": rows,
    }


def response_rates(wave: Wave) -> list[dict[str, Any]]:
    """Invited and answered per program and role: team members of the wave's collaborative, and links."""
    from breakthrough.study.services import ROLE_OF_MEMBERSHIP, study_code_of

    answered_keys = set(wave.responses.active().values_list("respondent_key", flat=True))
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    members = (
        Membership.objects.active()
        .filter(collaborative=wave.collaborative, role__in=TEAM_ROLES, team__isnull=False)
        .select_related("team__program", "user")
    )
    seen = set()
    for m in members:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        cell = cells[(m.team.program.name, RespondentRole(ROLE_OF_MEMBERSHIP.get(m.role, "staff")).label)]
        cell[0] += 1
        cell[1] += study_code_of(m.user) in answered_keys
    for link in SurveyLink.objects.active().filter(wave=wave).select_related("program"):
        cell = cells[(link.program.name, RespondentRole(link.role).label)]
        cell[0] += 1
        cell[1] += link.used_at is not None
    return [
        {"program": p, "role": r, "invited": n, "answered": k, "rate": round(100 * k / n) if n else None}
        for (p, r), (n, k) in sorted(cells.items())
    ]


# --- observations ---


def _observation_values(observations: list[Observation]) -> dict[tuple[int, int], int]:
    return {
        (s.observation_id, s.item_id): s.value
        for s in ObservationScore.objects.filter(observation__in=observations)
    }


def inter_rater(wave: Wave) -> dict[str, Any]:
    """Double-coded pairs: per item agreement, kappa (unweighted, weighted) and ICC; flagged observers."""
    items = list(wave.instrument.items.active().order_by("number"))
    seconds = list(
        Observation.objects.active()
        .filter(wave=wave, second_of__isnull=False, status=Observation.Status.SUBMITTED)
        .select_related("second_of", "observer", "second_of__observer")
    )
    pairs = [(s.second_of, s) for s in seconds if s.second_of.status == Observation.Status.SUBMITTED]
    values = _observation_values([o for pair in pairs for o in pair])
    first = _matrix([p[0] for p in pairs], items, values)
    second = _matrix([p[1] for p in pairs], items, values)
    out: dict[str, Any] = {"n_pairs": len(pairs), "items": [], "observers": []}
    if len(pairs) < 2:
        return out
    for j, item in enumerate(items):
        levels = list(range(item.scale_min, item.scale_max + 1))
        row: dict[str, Any] = {
            "item": item,
            "agreement": _f(stats.percent_agreement(first[:, j], second[:, j])),
        }
        try:
            k = stats.cohen_kappa(first[:, j], second[:, j], levels=levels)
            row |= {"kappa": _f(k.kappa), "weighted": _f(k.weighted_kappa)}
        except ValueError:
            row |= {"kappa": None, "weighted": None}
        ratings = np.stack([first[:, j], second[:, j]], axis=1)
        ratings = ratings[~np.isnan(ratings).any(axis=1)]
        try:
            icc = stats.icc(ratings) if len(ratings) >= 2 else None
            row["icc"] = _f(icc.icc[1]) if icc is not None else None  # ICC2: two-way random, single rater
        except ValueError:
            row["icc"] = None
        out["items"].append(row)
    by_observer: dict[Any, list[tuple[float, float]]] = defaultdict(list)
    for i, (a, b) in enumerate(pairs):
        for obs in (a.observer, b.observer):
            by_observer[obs].extend(zip(first[i], second[i], strict=True))
    levels = list(range(min(i.scale_min for i in items), max(i.scale_max for i in items) + 1))
    for observer, ratings in sorted(by_observer.items(), key=lambda kv: str(kv[0])):
        r = np.array(ratings)
        try:
            weighted = _f(stats.cohen_kappa(r[:, 0], r[:, 1], levels=levels).weighted_kappa)
        except ValueError:
            weighted = None
        out["observers"].append(
            {
                "observer": observer,
                "agreement": _f(stats.percent_agreement(r[:, 0], r[:, 1])),
                "weighted": weighted,
                "flagged": weighted is None or weighted < KAPPA_FLAG,
            }
        )
    return out


def _first_observations(wave: Wave) -> tuple[list[Observation], np.ndarray]:
    """A wave's submitted first observations (not the double codings) and their item scores."""
    observations = list(
        Observation.objects.active()
        .filter(wave=wave, second_of__isnull=True, status=Observation.Status.SUBMITTED)
        .select_related("classroom")
        .order_by("pk")
    )
    items = list(wave.instrument.items.active().order_by("number"))
    return observations, _matrix(observations, items, _observation_values(observations))


def _observation_means(wave: Wave) -> list[tuple[Observation, float]]:
    observations, x = _first_observations(wave)
    return list(zip(observations, np.nanmean(x, axis=1) if x.size else [], strict=False))


def classroom_scores(wave: Wave) -> dict[int, dict[str, Any]]:
    """Per classroom observed in the wave: its score (the mean of the items, as ``spread`` scores it) and
    participation (the last observation of a classroom counts, should there be two)."""
    return {
        obs.classroom_id: {"score": _f(score), "participating": obs.classroom.participation}
        for obs, score in _observation_means(wave)
    }


def observation_alpha(wave: Wave) -> dict[str, Any]:
    """Cronbach's alpha of an observation tool's items over a wave's first observations (the reliability
    of the classroom score), with its n; None when it cannot be computed."""
    observations, x = _first_observations(wave)
    out: dict[str, Any] = {"n": len(observations), "alpha": None}
    if x.shape[0] < 3 or x.shape[1] < 2:
        return out
    with contextlib.suppress(ValueError):
        out["alpha"] = _f(stats.cronbach_alpha(x).raw_alpha)
    return out


def spread(before: Wave, after: Wave) -> dict[str, Any]:
    """Change in mean observation score, participating vs spread classrooms, and their difference (DiD)."""
    rows = []
    for wave, time in ((before, 0), (after, 1)):
        for obs, score in _observation_means(wave):
            participating = obs.classroom.participation == Classroom.Participation.PARTICIPATING
            rows.append((float(score), int(participating), time, obs.classroom_id))
    out: dict[str, Any] = {"n": len(rows)}
    if len(rows) < 4:
        return out
    y, g, t, c = (np.array(v) for v in zip(*rows, strict=True))
    means = {}
    for gi in (0, 1):
        for ti in (0, 1):
            sel = (g == gi) & (t == ti)
            means[(gi, ti)] = _f(y[sel].mean()) if sel.any() else None
    out["means"] = {
        "participating": (means[(1, 0)], means[(1, 1)]),
        "spread": (means[(0, 0)], means[(0, 1)]),
    }
    n_classrooms = len(set(c.tolist()))
    try:
        mixed = n_classrooms >= MIN_MIXED_CLASSROOMS
        fit = stats.did_mixed(y, g, t, c) if mixed else stats.did_ols(y, g, t)
    except ValueError:
        return out
    out |= {
        "method": fit.method,
        "n_classrooms": n_classrooms,
        "did": _f(fit.did),
        "ci": (_f(fit.ci_low[3]), _f(fit.ci_high[3])),
        "p": _f(fit.p[3]),
    }
    return out


# --- equity ---


def equity_profile(teams: list[Any], category: str, threshold: int) -> dict[str, Any]:
    """The Pyramid Model's equity profile for one demographic category, with small groups suppressed."""
    children = list(Child.objects.active().filter(team__in=teams))
    incidents = list(Incident.objects.active().filter(team__in=teams))
    counts: dict[tuple[int, str], int] = defaultdict(int)
    removals: dict[str, dict[str, int]] = defaultdict(lambda: {"suspension": 0, "dismissal": 0})
    for inc in incidents:
        counts[(inc.team_id, inc.child_code)] += 1
    groups = [c.demographics.get(category) or None for c in children]
    per_child = [counts.get((c.team_id, c.code), 0) for c in children]
    group_of = {(c.team_id, c.code): c.demographics.get(category) for c in children}
    for inc in incidents:
        if inc.outcome in ("suspension", "dismissal"):
            group = group_of.get((inc.team_id, inc.child_code)) or inc.demographics.get(category) or "—"
            removals[group][inc.outcome] += 1
    out: dict[str, Any] = {"n_children": len(children), "rows": []}
    if not children or all(g is None for g in groups):
        return out
    p = stats.disproportionality(np.array(groups, dtype=object), np.array(per_child, dtype=float))
    hidden = stats.suppress_small_cells(
        p.n_enrolled.astype(float), threshold=threshold, margins="rows"
    ).hidden
    total_incidents = int(p.n_incidents.sum())
    for k, group in enumerate(p.groups):
        small = bool(hidden[k])
        rate = p.n_incidents[k] / p.n_enrolled[k] if p.n_enrolled[k] else np.nan
        others = p.n_other[k]
        rate_other = (total_incidents - p.n_incidents[k]) / others if others else np.nan
        out["rows"].append(
            {
                "group": group,
                "hidden": small,
                "n": int(p.n_enrolled[k]),
                "with_incident": int(p.n_with_incident[k]),
                "pct_enrollment": _f(p.pct_of_enrollment[k]),
                "risk": _f(p.risk[k]),
                "risk_ratio": _f(p.risk_ratio[k]),
                "ci": (_f(p.rr_ci_low[k]), _f(p.rr_ci_high[k])),
                "composition_diff": _f(p.composition_diff[k]),
                "incidents": int(p.n_incidents[k]),
                "pct_incidents": _f(p.pct_of_incidents[k]),
                "rate": _f(rate),
                "rate_ratio": _f(rate / rate_other) if rate_other else None,
                "flagged": bool(p.flagged[k]),
                "suspensions": removals[str(group)]["suspension"],
                "dismissals": removals[str(group)]["dismissal"],
            }
        )
    return out


def incidents_by_month(teams: list[Any]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for day in Incident.objects.active().filter(team__in=teams).values_list("occurred_on", flat=True):
        counts[day.strftime("%Y-%m")] += 1
    return sorted(counts.items())


def aggregate_summary(wave: Wave, threshold: int) -> dict[str, Any]:
    """What a viewer sees of a survey wave: responses per program, subscale means; small cells hidden."""
    data = subscale_scores(wave)
    programs = sorted({r.program for r in data["responses"] if r.program}, key=lambda p: p.name)
    counts = np.array([sum(r.program == p for r in data["responses"]) for p in programs], dtype=float)
    hidden = (
        stats.suppress_small_cells(counts, threshold=threshold, margins="rows").hidden
        if counts.size
        else np.zeros(0, dtype=bool)
    )
    total = len(data["responses"])
    means = []
    for s in data["subscales"]:
        scores = s["scores"][~np.isnan(s["scores"])] if len(s["scores"]) else np.array([])
        shown = len(scores) >= threshold
        means.append(
            {
                "subscale": s["subscale"],
                "n": len(scores) if shown else None,
                "mean": _f(scores.mean()) if shown else None,
            }
        )
    return {
        "wave": wave,
        "total": total if total >= threshold else None,
        "programs": [
            {"program": p, "n": None if hidden[k] else int(counts[k])} for k, p in enumerate(programs)
        ],
        "means": means,
    }
