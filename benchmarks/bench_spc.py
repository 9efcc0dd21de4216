"""SPC core: series per second for every chart type, peak memory, and the `shewhart` peer."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import numpy as np

from breakthrough import spc

POINTS = 24
SIZES = (1, 1_000, 1_000_000)
PEERS = Path(__file__).resolve().parent / ".peers" / "bin" / "python"


def _data(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2024)
    den = rng.integers(20, 80, (n, POINTS)).astype(float)
    return {
        "y": rng.normal(10, 2, (n, POINTS)),
        "pos": rng.gamma(4, 3, (n, POINTS)) + 0.1,
        "num": rng.binomial(den.astype(np.int64), 0.2).astype(float),
        "den": den,
        "sizes": rng.integers(2, 8, (n, POINTS)).astype(float),
        "sds": rng.gamma(4, 0.5, (n, POINTS)),
    }


CHARTS = {
    "run": lambda d: spc.run_chart(d["y"]),
    "i": lambda d: spc.i_chart(d["y"]),
    "mr": lambda d: spc.mr_chart(d["y"]),
    "xbar": lambda d: spc.xbar_chart(d["y"], d["sizes"], d["sds"]),
    "s": lambda d: spc.s_chart(d["sds"], d["sizes"]),
    "t": lambda d: spc.t_chart(d["pos"]),
    "p": lambda d: spc.p_chart(d["num"], d["den"]),
    "pp": lambda d: spc.pp_chart(d["num"], d["den"]),
    "c": lambda d: spc.c_chart(d["num"]),
    "u": lambda d: spc.u_chart(d["num"], d["den"]),
    "up": lambda d: spc.up_chart(d["num"], d["den"]),
    "g": lambda d: spc.g_chart(d["num"]),
    "ip": lambda d: spc.ip_chart(d["pos"], d["den"]),
}


def _rate(kind: str, data: dict[str, np.ndarray], n: int) -> float:
    repeat = 200 if n == 1 else (20 if n <= 1_000 else 1)
    best = float("inf")
    for _ in range(3 if n < 1_000_000 else 1):
        start = time.perf_counter()
        for _ in range(repeat):
            CHARTS[kind](data)
        best = min(best, (time.perf_counter() - start) / repeat)
    return n / best


def _peak_p_chart(data: dict[str, np.ndarray]) -> float:
    tracemalloc.start()
    spc.p_chart(data["num"], data["den"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


PEER_SCRIPT = textwrap.dedent("""
    import time, numpy as np, pandas as pd, shewhart as sw
    rng = np.random.default_rng(2024)
    n_series, points = 300, 24
    frames = []
    for _ in range(n_series):
        den = rng.integers(20, 80, points); num = rng.binomial(den, 0.2)
        frames.append(pd.DataFrame({"d": num, "n": den}))
    start = time.perf_counter()
    for f in frames:
        sw.p_chart(f, defectives="d", size="n", rules="nelson")
    print(n_series / (time.perf_counter() - start))
""")


def _peer() -> str:
    if not PEERS.exists():
        return "not measured (install: see benchmarks/README.md)"
    out = subprocess.run([str(PEERS), "-c", PEER_SCRIPT], capture_output=True, text=True, check=False)
    if out.returncode:
        return f"failed: {out.stderr.strip().splitlines()[-1]}"
    return f"{float(out.stdout.strip()):,.0f}"


def run() -> str:
    datasets = {n: _data(n) for n in SIZES}
    rows = []
    for kind in CHARTS:
        rates = [_rate(kind, datasets[n], n) for n in SIZES]
        rows.append(f"| {kind} | " + " | ".join(f"{r:,.0f}" for r in rates) + " |")
        print(rows[-1], file=sys.stderr, flush=True)
    peak = _peak_p_chart(datasets[1_000_000])
    data_mb = sum(datasets[1_000_000][k].nbytes for k in ("num", "den")) / 2**20
    peer = _peer()
    return "\n".join([
        "## spc: series per second (24 points per series, one process, Anhøj rules included)\n",
        "| chart | 1 series | 1,000 series | 1,000,000 series |",
        "| --- | ---: | ---: | ---: |",
        *rows,
        "",
        f"Peak memory of `p_chart` on 1,000,000 × 24 (tracemalloc, beyond the {data_mb:,.0f} MiB of input): "
        f"{peak:,.0f} MiB.",
        "",
        f"Peer, measured in the same run: `shewhart` 0.1.1 `p_chart(rules='nelson')`, one 24-point series per "  # noqa: E501
        f"call: {peer} series/s.",
        "",
        "The peer is installed only for the benchmark, in a throwaway venv:",
        "`.tools/bin/uv venv benchmarks/.peers -p .venv/bin/python && "
        "uv pip install --python benchmarks/.peers/bin/python shewhart numpy pandas`.",
        "",
    ])  # fmt: skip
