"""Every case of the R reference file (psych, effectsize, stats, lme4/lmerTest, base R).

The file is ``$BREAKTHROUGH_STUDY_REFERENCE`` when set, else the shared
``<workspace>/shared/reference/study_reference.jsonl``, else the copy in ``reference/`` (see its
README). Each case's R call is read (``_rcall``) to pick the matching options, so held-back cases of
the same families run through the same code. Tolerances are the file's suggestions
(``study_reference.md``); cases where R raised an error must raise ``ValueError`` here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from breakthrough import stats as bs
from tests.stats._rcall import call_args, factor_levels

HERE = Path(__file__).resolve()


def _reference_file() -> Path:
    env = os.environ.get("BREAKTHROUGH_STUDY_REFERENCE")
    if env:
        return Path(env)
    shared = HERE.parents[3] / "shared" / "reference" / "study_reference.jsonl"
    return shared if shared.exists() else HERE.parent / "reference" / "study_reference.jsonl"


CASES = [json.loads(line) for line in _reference_file().read_text().splitlines() if line.strip()]


def num(value: Any) -> Any:
    """JSON → float arrays: null → NaN, "NaN"/"Inf"/"-Inf" strings → floats."""
    if isinstance(value, list):
        return np.array([num(v) for v in value], dtype=np.float64)
    if value is None:
        return np.nan
    if isinstance(value, str):
        return float(value.replace("Inf", "inf"))
    return float(value)


def close(actual: Any, expected: Any, *, rel: float = 1e-9, abs_: float = 1e-9, what: str = "") -> None:
    np.testing.assert_allclose(
        np.asarray(actual, dtype=np.float64), num(expected), rtol=rel, atol=abs_, equal_nan=True, err_msg=what
    )


def pclose(actual: Any, expected: Any, what: str = "") -> None:
    """p-values: abs 1e-12, tiny ones relative 1e-9."""
    close(actual, expected, rel=1e-9, abs_=1e-12, what=what)


def columns(frame: dict[str, list[Any]]) -> np.ndarray:
    return np.column_stack([num(v) for v in frame.values()])


def tol(case: dict[str, Any]) -> tuple[float, float]:
    t = case["tolerance"]
    return float(t.get("rel", 1e-9)), float(t.get("abs", 1e-9))


# --- families -------------------------------------------------------------------------------------


def check_scale(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    items = columns(inp["items"])
    res = bs.scale_scores(
        items,
        num(inp["keys"]),
        scale_min=opts.get("min", "observed"),
        scale_max=opts.get("max", "observed"),
        scoring="sum" if opts.get("totals", False) else "mean",
        impute=opts.get("impute", "median"),
        drop_constant=True,
    )
    rel, abs_ = tol(case)
    close(res.scores, out["scores"], rel=rel, abs_=abs_, what="scores")
    close(res.alpha, out["alpha"], rel=rel, abs_=abs_, what="alpha")
    close(res.average_r, out["av_r"], rel=rel, abs_=abs_, what="av_r")
    assert res.n_items == out["n_items"]
    if out.get("missing_per_row") is not None:
        assert (items.shape[1] - res.n_answered).tolist() == out["missing_per_row"]


def _alpha_keys(keys: Any, names: list[str]) -> np.ndarray | None:
    if keys is None:
        return None
    keys = keys if isinstance(keys, list) else [keys]
    if all(isinstance(k, str) for k in keys):
        return np.array([-1.0 if n in keys else 1.0 for n in names])
    k = np.asarray(keys, dtype=np.float64)
    if k.size < len(names):  # psych: a short vector lists the items to reverse
        out = np.ones(len(names))
        out[k.astype(int) - 1] = -1
        return out
    return k


def check_alpha(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    names = list(inp["items"])
    res = bs.cronbach_alpha(
        columns(inp["items"]), _alpha_keys(opts.get("keys"), names), cumulative=opts.get("cumulative", False)
    )
    rel, abs_ = tol(case)
    inv = max(rel, 1e-8)
    total = out["total"]
    for key, got, t in [
        ("raw_alpha", res.raw_alpha, rel),
        ("std.alpha", res.std_alpha, rel),
        ("G6(smc)", res.g6, inv),
        ("average_r", res.average_r, rel),
        ("S/N", res.signal_noise, rel),
        ("ase", res.ase, rel),
        ("mean", res.mean, rel),
        ("sd", res.sd, rel),
        ("median_r", res.median_r, rel),
    ]:
        close(got, total[key], rel=t, abs_=abs_ if t == rel else inv, what=f"total.{key}")
    drop, d = out["alpha_drop"], res.dropped
    pairs = [
        ("raw_alpha", d.raw_alpha),
        ("std.alpha", d.std_alpha),
        ("G6(smc)", d.g6),
        ("average_r", d.average_r),
        ("S/N", d.signal_noise),
        ("var.r", d.var_r),
        ("med.r", d.median_r),
    ]
    if "alpha se" in drop:
        pairs.append(("alpha se", d.alpha_se))
    for key, got in pairs:
        t = inv if key == "G6(smc)" else rel
        close(got, drop[key], rel=t, abs_=max(abs_, t), what=f"alpha_drop.{key}")
    st, s = out["item_stats"], res.items
    assert s.n.tolist() == st["n"]
    for key, got in [
        ("raw.r", s.raw_r),
        ("std.r", s.std_r),
        ("r.cor", s.r_cor),
        ("r.drop", s.r_drop),
        ("mean", s.mean),
        ("sd", s.sd),
    ]:
        t = inv if key == "r.cor" else rel
        close(got, st[key], rel=t, abs_=max(abs_, t), what=f"item_stats.{key}")
    assert [names[i] for i in res.item_index] == [k.rstrip("-") for k in st["item"]]
    close(res.feldt_lower, out["feldt"]["lower"], rel=rel, abs_=abs_, what="feldt.lower")
    close(res.feldt_upper, out["feldt"]["upper"], rel=rel, abs_=abs_, what="feldt.upper")
    close(res.scores, out["scores"], rel=rel, abs_=abs_, what="scores")
    close(res.var_r, out["var_r"], rel=rel, abs_=abs_, what="var_r")
    assert res.item_index.size == out["nvar"]


def check_icc(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    method = "reml" if opts.get("lmer", True) else "anova"
    res = bs.icc(columns(inp["x"]), alpha=opts.get("alpha", 0.05), method=method)
    rel, abs_ = tol(case)
    r = out["results"]
    close(res.icc, r["ICC"], rel=rel, abs_=abs_, what="ICC")
    if case["tolerance"].get("compare_only"):
        return
    close(res.f, r["F"], rel=rel, abs_=abs_, what="F")
    close(res.df1, r["df1"], what="df1")
    close(res.df2, r["df2"], what="df2")
    if method == "anova":
        pclose(res.p, r["p"], "p")
    else:
        close(res.p, r["p"], rel=rel, abs_=1e-9, what="p")
    close(res.lower, r["lower bound"], rel=rel, abs_=abs_, what="lower")
    close(res.upper, r["upper bound"], rel=rel, abs_=abs_, what="upper")
    close(res.msw, out["MSW"], rel=rel, abs_=abs_, what="MSW")
    ms = out["stats"]["values"][2]
    close([res.msb, res.msj, res.mse], ms, rel=rel, abs_=abs_, what="MS")
    assert (res.n_subjects, res.n_raters) == (out["n_obs"], out["n_judge"])
    if out.get("lme"):
        close(res.variance_components, out["lme"]["variance"][:3], rel=rel, abs_=abs_, what="lme")


def _kappa_call(case: dict[str, Any], opts: dict[str, Any], variance: str) -> bs.Kappa:
    x = case["inputs"]["x"]
    kw: dict[str, Any] = {"ci": 1 - opts.get("alpha", 0.05), "variance": variance}
    if "levels" in opts:
        kw["levels"] = opts["levels"]
    w = case["inputs"].get("w", opts.get("w"))
    if isinstance(w, list):
        kw["weights"] = np.array(w, dtype=np.float64)
    if isinstance(x, list):
        return bs.cohen_kappa(table=np.array(x, dtype=np.float64), **kw)
    r1, r2 = list(x.values())
    return bs.cohen_kappa(r1, r2, **kw)


def check_kappa(case: dict[str, Any], opts: dict[str, Any]) -> None:
    out = case["outputs"]
    rel, abs_ = tol(case)
    res = _kappa_call(case, opts, "psych")
    close(res.kappa, out["kappa"], rel=rel, abs_=abs_, what="kappa")
    close(res.weighted_kappa, out["weighted_kappa"], rel=rel, abs_=abs_, what="weighted_kappa")
    assert res.n_obs == out["n_obs"]
    close(res.var_kappa, out["var_kappa"], rel=rel, abs_=abs_, what="var_kappa")
    close(res.var_weighted, out["var_weighted"], rel=rel, abs_=abs_, what="var_weighted (psych)")
    conf = out["confid"]["values"]
    got = [
        [res.kappa_ci[0], res.kappa, res.kappa_ci[1]],
        [res.weighted_ci[0], res.weighted_kappa, res.weighted_ci[1]],
    ]
    close(got, conf, rel=rel, abs_=abs_, what="confid")
    close(res.agree, out["agree"], rel=rel, abs_=abs_, what="agree")
    close(res.weights, out["weight"], rel=rel, abs_=abs_, what="weight")
    if out.get("levels") is not None:
        assert [str(v) for v in res.levels] == out["levels"]
    fce = out.get("cross_check_fce")
    if fce:
        std = _kappa_call(case, opts, "fce")
        close(std.var_kappa, fce["var_unweighted"], rel=rel, abs_=abs_, what="FCE var_unweighted")
        close(std.var_weighted, fce["var_weighted"], rel=rel, abs_=abs_, what="FCE var_weighted")
        close(std.weighted_kappa, fce["weighted_kappa"], rel=rel, abs_=abs_, what="FCE weighted_kappa")


def check_smd(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    fn = bs.hedges_g if "hedges_g" in case["r_call"] else bs.cohens_d
    y = inp.get("y")
    res = fn(
        num(inp["x"]),
        None if y is None else num(y),
        paired=opts.get("paired", False),
        pooled_sd=opts.get("pooled_sd", True),
        mu=opts.get("mu", 0.0),
        ci=opts.get("ci", 0.95),
        alternative=opts.get("alternative", "two.sided"),
    )
    assert res.name == out["estimate_name"]
    close(res.estimate, out["estimate"], rel=1e-9, abs_=1e-9, what="estimate")
    ci_abs = float(case["tolerance"].get("ci_abs", 1e-6))
    close(res.ci_low, out["ci_low"], rel=0, abs_=ci_abs, what="ci_low vs effectsize")
    close(res.ci_high, out["ci_high"], rel=0, abs_=ci_abs, what="ci_high vs effectsize")
    der = out["derived"]
    close(res.ci_low, der["ci_exact_low"], rel=1e-9, abs_=1e-10, what="ci_low exact")
    close(res.ci_high, der["ci_exact_high"], rel=1e-9, abs_=1e-10, what="ci_high exact")
    close(res.t, der["t"], what="t")
    close(res.df, der["df"], what="df")
    close(res.standardizer, der["sd_standardizer"], what="sd")
    assert res.paired == out["paired"]


def check_paired_t(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    res = bs.paired_t(
        num(inp["post"]),
        num(inp["pre"]),
        mu=opts.get("mu", 0.0),
        conf_level=opts.get("conf.level", 0.95),
        alternative=opts.get("alternative", "two.sided"),
    )
    rel, abs_ = tol(case)
    close(res.statistic, out["statistic"], rel=rel, abs_=abs_, what="t")
    close(res.df, out["parameter"], what="df")
    pclose(res.p_value, out["p_value"], "p")
    close([res.ci_low, res.ci_high], out["conf_int"], rel=rel, abs_=abs_, what="conf_int")
    close(res.estimate, out["estimate"], rel=rel, abs_=abs_, what="estimate")
    close(res.stderr, out["stderr"], rel=rel, abs_=abs_, what="stderr")


def check_wilcoxon(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    res = bs.wilcoxon_signed_rank(
        num(inp["post"]),
        num(inp["pre"]),
        exact=opts.get("exact"),
        correct=opts.get("correct", True),
        alternative=opts.get("alternative", "two.sided"),
    )
    close(res.statistic, out["statistic"], what="V")
    pclose(res.p_value, out["p_value"], "p")
    assert res.exact == ("exact" in out["method"])
    der = out["derived"]
    assert (res.n_nonzero, res.n_zero, res.has_ties) == (der["n_nonzero"], der["n_zero"], der["has_ties"])


def _did_inputs(case: dict[str, Any]) -> dict[str, Any]:
    d = case["inputs"]["d"]
    formula = next((a for a in call_args(case["r_call"])[0] if isinstance(a, str)), case["r_call"])
    labels = {k: [v for v in d[k]] for k in ("group", "time")}
    return {
        "score": num(d["score"]),
        "group": labels["group"],
        "time": labels["time"],
        "group_levels": factor_levels(formula, "group"),
        "time_levels": factor_levels(formula, "time"),
    }


def check_did_ols(case: dict[str, Any], opts: dict[str, Any]) -> None:
    out = case["outputs"]
    res = bs.did_ols(**_did_inputs(case))
    rel, abs_ = tol(case)
    close(res.estimate, list(out["all_coef"].values()), rel=rel, abs_=abs_, what="all_coef")
    kept = ~np.isnan(res.estimate)
    co = out["coefficients"]
    for key, got in [("estimate", res.estimate), ("se", res.se), ("t", res.t), ("ci_low", res.ci_low)]:
        close(got[kept], co[key], rel=rel, abs_=abs_, what=key)
    close(res.ci_high[kept], co["ci_high"], rel=rel, abs_=abs_, what="ci_high")
    pclose(res.p[kept], co["p"], "p")
    close(res.vcov, out["vcov"], rel=rel, abs_=abs_, what="vcov")
    close(res.sigma, out["sigma"], rel=rel, abs_=abs_, what="sigma")
    close(res.df[0], out["df_residual"], what="df")
    close(res.r_squared, out["r_squared"], rel=rel, abs_=abs_, what="r2")
    close(res.adj_r_squared, out["adj_r_squared"], rel=rel, abs_=abs_, what="adj r2")
    assert (res.nobs, res.n_dropped) == (out["nobs"], out["n_dropped_na"])
    if out["did"] is None:
        assert np.isnan(res.did)
    else:
        close(res.did, out["did"]["estimate"], rel=rel, abs_=abs_, what="did")


def check_did_lmer(case: dict[str, Any], opts: dict[str, Any]) -> None:
    out = case["outputs"]
    res = bs.did_mixed(
        **_did_inputs(case), classroom=case["inputs"]["d"]["classroom"], reml=opts.get("REML", True)
    )
    t = case["tolerance"]
    rel, abs_, df_rel = float(t["rel"]), float(t["abs"]), float(t.get("df_rel", 1e-4))
    fx = out["fixef"]
    close(res.estimate, fx["estimate"], rel=0, abs_=abs_, what="fixef")
    close(res.se, fx["se"], rel=rel, abs_=0, what="se")
    close(res.df, fx["df_satterthwaite"], rel=df_rel, abs_=0, what="df")
    close(res.t, fx["t"], rel=rel, abs_=abs_, what="t")
    close(res.p, fx["p_satterthwaite"], rel=df_rel, abs_=1e-9, what="p")
    close([res.classroom_var, res.residual_var], out["varcomp"]["var"], rel=rel, abs_=abs_, what="varcomp")
    close(res.vcov, out["vcov_fixef"], rel=rel, abs_=abs_ * 1e-2, what="vcov")
    crit = out["reml_criterion"] if out["REML"] else out["deviance_ml"]
    close(res.criterion, crit, rel=0, abs_=1e-6, what="criterion")
    close(res.log_lik, out["logLik"], rel=0, abs_=1e-6, what="logLik")
    assert (res.nobs, res.n_classrooms, res.is_singular) == (
        out["nobs"],
        out["n_classrooms"],
        out["is_singular"],
    )
    pr = out.get("precise")
    if pr:  # lme4 refit at a polished optimum: the tight comparison
        close(res.theta, pr["theta"][0], rel=1e-6, abs_=1e-7, what="precise theta")
        close(res.estimate, pr["estimate"], rel=1e-7, abs_=1e-9, what="precise estimate")
        close(res.se, pr["se"], rel=1e-7, abs_=0, what="precise se")
        close(res.df, pr["df_satterthwaite"], rel=1e-6, abs_=0, what="precise df")
        close(res.p, pr["p_satterthwaite"], rel=1e-6, abs_=1e-12, what="precise p")
        close(
            [res.classroom_var, res.residual_var],
            [pr["classroom_var"], pr["residual_var"]],
            rel=1e-7,
            abs_=1e-10,
        )
        close(res.criterion, pr["criterion"], rel=1e-10, abs_=1e-9, what="precise criterion")


def check_dispro(case: dict[str, Any], opts: dict[str, Any]) -> None:
    inp, out = case["inputs"], case["outputs"]
    res = bs.disproportionality(inp["group"], num(inp["incidents"]), conf=opts.get("conf", 0.95))
    rel, abs_ = tol(case)
    assert (res.n_children, res.n_children_with_incident, res.n_incidents_total) == (
        out["n_children"],
        out["n_children_with_incident"],
        out["n_incidents"],
    )
    assert res.n_excluded_missing_group == out["n_excluded_missing_group"]
    close(res.z, out["z"], what="z")
    tab = out["table"]
    assert [str(g) for g in res.groups] == [str(g) for g in tab["group"]]
    for key in (
        "n_enrolled",
        "n_with_incident",
        "risk",
        "n_other",
        "n_other_with_incident",
        "risk_other",
        "risk_ratio",
        "se_log_rr",
        "rr_ci_low",
        "rr_ci_high",
        "pct_of_children_with_incidents",
        "pct_of_enrollment",
        "composition_diff",
        "n_incidents",
        "pct_of_incidents",
    ):
        close(getattr(res, key), tab[key], rel=rel, abs_=abs_, what=key)


CHECKS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "scale_score": check_scale,
    "alpha": check_alpha,
    "icc": check_icc,
    "kappa": check_kappa,
    "smd": check_smd,
    "paired_t": check_paired_t,
    "wilcoxon": check_wilcoxon,
    "did_ols": check_did_ols,
    "did_lmer": check_did_lmer,
    "disproportionality": check_dispro,
}


def test_every_family_has_a_check() -> None:
    assert {c["family"] for c in CASES} <= set(CHECKS)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    _, opts = call_args(case["r_call"])
    check = CHECKS[case["family"]]
    if case["error"] is not None:
        with pytest.raises(ValueError, match=r"\w"):  # any message naming the argument
            check(case, opts)
    else:
        check(case, opts)
