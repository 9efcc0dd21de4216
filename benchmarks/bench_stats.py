"""Study statistics core: Cronbach's alpha, scale scoring, ICC and kappa, against peers in the same run.

Peers: pingouin (alpha, ICC) from a throwaway venv ``benchmarks/.peers-stats`` (or the venv named by
``$BREAKTHROUGH_STATS_PEERS``; created on first use with ``.tools/bin/uv``; skipped if that fails),
statsmodels ``cohens_kappa`` for kappa and plain pandas for scale scoring, both from the project venv.

Both sides run with one BLAS thread (the section re-runs itself in a child process with
``OPENBLAS_NUM_THREADS=1``, and the pingouin child inherits it): on this shared 2-core machine a threaded
BLAS call can stall for tens of milliseconds while other processes hold the cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from breakthrough import stats

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEER_ENV = Path(os.environ.get("BREAKTHROUGH_STATS_PEERS", HERE / ".peers-stats"))
PEER_PY = PEER_ENV / "bin" / "python"
RESPONDENTS = (1, 1_000, 100_000)
ITEMS = 20
ICC_SUBJECTS = (50, 5_000)
KAPPA_PAIRS = (200, 100_000)


def _items(n: int) -> np.ndarray:
    rng = np.random.default_rng(2025)
    f = rng.normal(size=(n, 1))
    x = np.clip(np.round(3 + f + rng.normal(scale=0.9, size=(n, ITEMS))), 1, 5)
    x[rng.random(x.shape) < 0.03] = np.nan
    return x


def _ratings(n: int, k: int = 4) -> np.ndarray:
    rng = np.random.default_rng(2026)
    return rng.normal(size=(n, 1)) + rng.normal(0, 0.2, (1, k)) + rng.normal(0, 0.6, (n, k))


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2027)
    a = rng.integers(1, 6, n)
    b = np.clip(a + rng.integers(-1, 2, n), 1, 5)
    return a, b


def _best(fn: Callable[[], object], budget: float = 0.5) -> float:
    """Best of a few timed calls, in seconds."""
    best, spent, calls = float("inf"), 0.0, 0
    while calls < 3 or (spent < budget and calls < 200):
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best, spent, calls = min(best, took), spent + took, calls + 1
    return best


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1e3:.3f} ms" if seconds < 1 else f"{seconds:.2f} s"


PEER_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np, pandas as pd, pingouin as pg
    sizes, subjects, items = json.loads(sys.argv[1])
    def best(fn, budget=0.5):  # the same rule as _best below
        b, spent, calls = float("inf"), 0.0, 0
        while calls < 3 or (spent < budget and calls < 200):
            s = time.perf_counter(); out = fn(); took = time.perf_counter() - s
            b, spent, calls = min(b, took), spent + took, calls + 1
        return b, out
    res = {"version": pg.__version__, "alpha": {}, "icc": {}}
    for n in sizes:
        rng = np.random.default_rng(2025)
        f = rng.normal(size=(n, 1))
        x = np.clip(np.round(3 + f + rng.normal(scale=0.9, size=(n, items))), 1, 5)
        x[rng.random(x.shape) < 0.03] = np.nan
        if n < 2:
            continue
        t, out = best(lambda: pg.cronbach_alpha(data=pd.DataFrame(x)))
        res["alpha"][str(n)] = [t, float(out[0])]
    for n in subjects:
        rng = np.random.default_rng(2026)
        r = rng.normal(size=(n, 1)) + rng.normal(0, 0.2, (1, 4)) + rng.normal(0, 0.6, (n, 4))
        long = pd.DataFrame({"t": np.repeat(np.arange(n), 4), "r": np.tile(np.arange(4), n), "y": r.ravel()})
        t, out = best(lambda: pg.intraclass_corr(data=long, targets="t", raters="r", ratings="y"))
        res["icc"][str(n)] = [t, out["ICC"].tolist()]
    print(json.dumps(res))
    """
)


def _peer() -> dict[str, object] | None:
    """Timings from pingouin in its own venv, or None (with the reason printed) if unavailable."""
    try:
        if not PEER_PY.exists():
            uv = ROOT / ".tools" / "bin" / "uv"
            subprocess.run([uv, "venv", PEER_ENV, "-p", sys.executable, "-q"], check=True)
            subprocess.run([uv, "pip", "install", "--python", PEER_PY, "-q", "pingouin"], check=True)
        args = json.dumps([list(RESPONDENTS), list(ICC_SUBJECTS), ITEMS])
        out = subprocess.run(
            [PEER_PY, "-c", PEER_SCRIPT, args], capture_output=True, text=True, check=True, timeout=900
        )
        return json.loads(out.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        print(f"pingouin peer unavailable: {exc}", file=sys.stderr)
        return None


def _pandas_scores(x: np.ndarray, keys: np.ndarray) -> np.ndarray:
    df = pd.DataFrame(np.where(keys < 0, 6 - x, x))
    return df.mean(axis=1).to_numpy()


ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run() -> str:
    """Markdown section, measured in a child process with one BLAS thread (see the module's docstring)."""
    if all(os.environ.get(k) == v for k, v in ONE_THREAD.items()):
        return measure()
    env = {**os.environ, **ONE_THREAD}
    out = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True, check=True, timeout=1800
    )
    sys.stderr.write(out.stderr)
    return out.stdout


def measure() -> str:
    """Markdown section: our timings beside the peers', and the largest difference in the values."""
    from statsmodels.stats.inter_rater import cohens_kappa, to_table

    peer = _peer()
    keys = np.where(np.arange(ITEMS) % 4 == 3, -1.0, 1.0)
    lines = [
        "## Study statistics (`breakthrough.stats`)",
        "",
        f"Best of several calls. Respondents × {ITEMS} Likert items (1–5, 3% missing, every 4th item "
        "reverse-keyed for scoring). Peers: "
        + (f"pingouin {peer['version']}" if peer else "pingouin (unavailable in this run)")
        + ", statsmodels `cohens_kappa`, plain pandas.",
        "",
        "| task | size | breakthrough.stats | peer | peer time | max abs diff |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    with_alpha: dict[int, float] = {}
    for n in RESPONDENTS:
        x = _items(n)
        ours = _best(lambda x=x: stats.scale_scores(x, keys, scale_min=1, scale_max=5))
        theirs = _best(lambda x=x: _pandas_scores(x, keys))
        diff = np.nanmax(
            np.abs(stats.scale_scores(x, keys, scale_min=1, scale_max=5).scores - _pandas_scores(x, keys))
        )
        lines.append(f"| scale scores | {n:,} | {_fmt(ours)} | pandas mean | {_fmt(theirs)} | {diff:.1e} |")
        with_alpha[n] = _best(lambda x=x: stats.scale_scores(x, keys, scale_min=1, scale_max=5).alpha)
    for n in RESPONDENTS:
        x = _items(n)
        if n < 2:
            lines.append(f"| cronbach_alpha | {n:,} | undefined (needs ≥ 2 respondents) | pingouin | — | — |")
            continue
        ours = _best(lambda x=x: stats.cronbach_alpha(x))
        ref = peer["alpha"].get(str(n)) if peer else None  # type: ignore[union-attr]
        diff = f"{abs(stats.cronbach_alpha(x).raw_alpha - ref[1]):.1e}" if ref else "—"
        lines.append(
            f"| cronbach_alpha | {n:,} | {_fmt(ours)} | pingouin | {_fmt(ref[0] if ref else None)} | {diff} |"
        )
    for n in ICC_SUBJECTS:
        r = _ratings(n)
        ours = _best(lambda r=r: stats.icc(r))
        ref = peer["icc"].get(str(n)) if peer else None  # type: ignore[union-attr]
        diff = f"{np.max(np.abs(stats.icc(r).icc - np.array(ref[1]))):.1e}" if ref else "—"
        peer_t = _fmt(ref[0] if ref else None)
        lines.append(f"| icc (6 forms, 4 raters) | {n:,} | {_fmt(ours)} | pingouin | {peer_t} | {diff} |")
    for n in KAPPA_PAIRS:
        a, b = _pairs(n)
        ours = _best(lambda a=a, b=b: stats.cohen_kappa(a, b))
        theirs = _best(lambda a=a, b=b: cohens_kappa(to_table(np.column_stack([a, b]))[0], wt="quadratic"))
        ref = cohens_kappa(to_table(np.column_stack([a, b]))[0], wt="quadratic").kappa
        diff = abs(stats.cohen_kappa(a, b).weighted_kappa - ref)
        lines.append(
            f"| cohen_kappa (quadratic) | {n:,} | {_fmt(ours)} | statsmodels | {_fmt(theirs)} | {diff:.1e} |"
        )
    lines += [
        "",
        "Both sides run with one BLAS thread. `scale_scores` computes the scale's alpha only when "
        "`.alpha` is first read, so the timed call does the peer's work (reverse keying, the mean of the "
        "answered items, plus input checks and the answered counts); scoring and then reading `.alpha` "
        "took " + ", ".join(f"{_fmt(t)} at {n:,}" for n, t in with_alpha.items()) + " (pandas computes "
        "no alpha; with it we are slower than the pandas mean where that sum exceeds its time). "
        "The machine is shared (2 cores, other jobs running): absolute times move 2–4× between runs, "
        "the ratios within a run much less. "
        "`cronbach_alpha` does more than pingouin: standardized alpha, λ6, ASE, Feldt's CI, "
        "alpha-if-dropped, item statistics and scores (pingouin: alpha and its CI), all from one pass of "
        "pairwise sums and closed forms over the covariance matrix. Both use pairwise-complete covariances; "
        "pingouin's ICC table uses the same ANOVA mean squares. Our kappa takes raw labels (numbers or "
        "text, missing pairs dropped) and builds the table itself; statsmodels is given the table.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(), end="")
