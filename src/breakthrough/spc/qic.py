"""The qicharts2-compatible face: ``qic()`` returns qicharts2's data frame, from the batch core."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]  # pandas-stubs is not a dependency
from numpy.typing import ArrayLike

from breakthrough.spc import _limits
from breakthrough.spc._engine import Options, compute
from breakthrough.spc._phases import phases_from_breaks
from breakthrough.spc._validation import check_freeze, check_method, check_multiply, check_positions

__all__ = ["qic", "qic_summary"]

AGG_FUNS = ("mean", "median", "sum", "sd")


def _vector(name: str, values: Any, length: int | None = None) -> np.ndarray:
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
    if isinstance(values, pd.Categorical):
        arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if length is not None and len(arr) != length:
        raise ValueError(f"{name} has {len(arr)} values but y has {length}: give one per row")
    return arr


def _numeric(name: str, values: Any, length: int, *, copy: bool = True) -> np.ndarray:
    arr = _vector(name, values, length)
    if arr.dtype.kind in "fiub":  # already numbers: as floats (a copy unless ``copy`` is False)
        return arr.astype(float, copy=copy)
    try:
        return np.array(pd.to_numeric(pd.Series(arr), errors="raise"), dtype=float)
    except (TypeError, ValueError):
        for k, v in enumerate(arr):
            try:
                float(v) if v is not None else None
            except (TypeError, ValueError):
                raise ValueError(f"{name}[{k}] is {v!r}: {name} must be numeric") from None
        raise


def _codes(name: str, values: Any, length: int) -> tuple[np.ndarray, np.ndarray, str]:
    """Integer codes in qicharts2's order, the levels, and the kind (numeric/date/categorical)."""
    if isinstance(values, pd.Categorical) or isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        cat = pd.Categorical(values)
        if len(cat) != length:
            raise ValueError(f"{name} has {len(cat)} values but y has {length}: give one per row")
        cat = cat.remove_unused_categories()
        return cat.codes.astype(np.int64), np.asarray(cat.categories, dtype=object), "categorical"
    arr = _vector(name, values, length)
    if np.issubdtype(arr.dtype, np.datetime64) or (
        arr.dtype == object and len(arr) and isinstance(arr[0], pd.Timestamp)
    ):
        arr, kind = np.asarray(pd.to_datetime(arr), dtype="datetime64[ns]"), "date"
    elif np.issubdtype(arr.dtype, np.number) or arr.dtype == bool:
        fast = _integer_codes(arr)
        if fast is not None:
            return fast[0], fast[1], "numeric"
        arr, kind = arr.astype(float), "numeric"
    else:
        arr, kind = arr.astype(object), "categorical"
    codes, levels = pd.factorize(arr, sort=True, use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(levels), kind


def _integer_codes(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``pd.factorize(raw.astype(float), sort=True)`` of whole numbers without a hash table, or None
    to leave it to pandas (fractions, NaN, a range much wider than the data).

    Sorted values (facets in order) number their changes; otherwise the values are counted in a
    table of their range (months, positions, team numbers) and numbered in order.
    """
    n = raw.size
    if n == 0 or raw.dtype.kind not in "fiub":
        return None
    if raw.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            ints = raw.astype(np.int64)
            if not bool((ints == raw).all()):  # NaN and fractions differ
                return None
    else:
        ints = raw.astype(np.int64, copy=False)
    if n > 1 and bool((ints[1:] >= ints[:-1]).all()):
        step = ints[1:] != ints[:-1]
        codes = np.empty(n, np.int64)
        codes[0] = 0
        np.cumsum(step, out=codes[1:])
        return codes, ints[np.concatenate([[0], np.flatnonzero(step) + 1])].astype(np.float64)
    lo, hi = int(ints.min()), int(ints.max())
    if hi - lo > 4 * n + 1024 or max(abs(lo), abs(hi)) >= 2**53:
        return None
    idx = ints - lo
    seen = np.bincount(idx, minlength=hi - lo + 1) > 0
    levels = (np.flatnonzero(seen) + lo).astype(np.float64)
    if seen.all():  # every value of the range occurs: the offsets are the codes
        return idx, levels
    return (np.cumsum(seen) - 1)[idx], levels


def _facets(facets: Any, length: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    if facets is None:
        return [np.zeros(length, np.int64)] * 2, [np.array([1]), np.array([1])]
    pair = list(facets) if isinstance(facets, tuple) else [facets]
    if len(pair) not in (1, 2):
        raise ValueError("facets must be one label per row, or a pair (rows, columns) of label arrays")
    codes, levels = [], []
    for k, f in enumerate(pair):
        c, lev, _ = _codes(f"facets[{k}]", f, length)
        if (c < 0).any():
            raise ValueError(f"facets[{k}][{int(np.argmax(c < 0))}] is missing: every row needs a facet")
        codes.append(c)
        levels.append(lev)
    if len(pair) == 1:
        codes.append(np.zeros(length, np.int64))
        levels.append(np.array([1]))
    return codes, levels


Columns = dict[str, np.ndarray]


def _aggregate(
    key: np.ndarray, y: np.ndarray, n: np.ndarray, got_n: bool, agg_fun: str
) -> tuple[np.ndarray, Columns]:
    """The sorted distinct keys and, per key, the subgroup statistics qicharts2 computes.

    When every key is one row (the usual long format: one row per facet and x) the statistics of a
    subgroup of one are written down directly, as pandas computes them (sum of a lone NaN is 0, sd
    of one value NaN); otherwise pandas' groupby does the work.
    """
    distinct = bool((key[1:] > key[:-1]).all())
    if not distinct:
        order = np.argsort(key, kind="stable")
        if (key[order][1:] > key[order][:-1]).all():
            key, y, n, distinct = key[order], y[order], n[order], True
    if distinct:
        return key, _single_rows(y, n, got_n, agg_fun)
    frame = pd.DataFrame({"key": key, "y": y, "n": n})
    grouped = frame.groupby("key", sort=True)["y"]
    out = pd.DataFrame({"y_len": grouped.count(), "rows": grouped.size(), "y_mean": grouped.mean()})
    sums = grouped.sum(min_count=1)
    out["y_sum"] = np.where(out["rows"] > 1, sums.fillna(0.0), sums)
    out["y_sd"] = grouped.std(ddof=1)
    if got_n:
        n_sum = frame.groupby("key", sort=True)["n"].sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            out["y"] = grouped.sum().to_numpy() / n_sum.to_numpy()
        out["n"] = n_sum
    else:
        agg = {"mean": grouped.mean, "median": grouped.median, "sum": grouped.sum, "sd": grouped.std}
        out["y"] = agg[agg_fun]()
        out["n"] = np.nan
    return out.index.to_numpy(), {name: out[name].to_numpy() for name in out.columns}


def _single_rows(y: np.ndarray, n: np.ndarray, got_n: bool, agg_fun: str) -> Columns:
    """What :func:`_aggregate`'s groupby gives for subgroups of one row each."""
    present = ~np.isnan(y)
    zeroed = np.where(present, y, 0.0)  # pandas: the sum of a lone NaN is 0
    out = {"y_len": present.astype(np.int64), "y_mean": y, "y_sum": y, "y_sd": np.full(y.size, np.nan)}
    if got_n:
        n_sum = np.where(np.isnan(n), 0.0, n)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["y"] = zeroed / n_sum
        out["n"] = n_sum
    else:
        out["y"] = {"mean": y, "median": y, "sum": zeroed, "sd": np.full(y.size, np.nan)}[agg_fun]
        out["n"] = np.full(y.size, np.nan)
    return out


def qic(
    x: ArrayLike | None = None,
    y: ArrayLike | None = None,
    n: ArrayLike | None = None,
    *,
    chart: str = "run",
    facets: Any = None,
    part: Any = None,
    freeze: int | None = None,
    exclude: Any = None,
    multiply: float = 1,
    y_neg: bool = True,
    cl: float | None = None,
    agg_fun: str = "mean",
    method: str = "anhoej",
    screened_mr: bool = True,
) -> pd.DataFrame:
    """Run and control charts with qicharts2's ``qic()`` semantics, as a data frame.

    Parameters
    ----------
    x : array_like, optional
        Subgroup of each row: numbers, dates, or categories (strings sort; a pandas Categorical keeps
        its category order). Without ``y``, ``x`` is taken as ``y`` (as in R).
    y : array_like
        Values (numerators when ``n`` is given).
    n : array_like, optional
        Denominators.
    chart : {"run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"}
    facets : None, labels, or a pair of label arrays
        One facet label per row, or (rows, columns) labels; each facet is charted on its own.
    part : sequence of int, or one label per row
        Positions (within each facet) after which a new phase starts; with labels, a phase starts
        where a new label first appears. Overrides ``freeze``.
    freeze : int, optional
        Last position of the baseline.
    exclude : sequence of int, optional
        1-based positions left out of the calculations.
    multiply, y_neg, cl, agg_fun, method, screened_mr
        As qicharts2's ``multiply``, ``y.neg``, ``cl``, ``agg.fun``, ``method`` and the
        ``qic.screenedmr`` option.

    Returns
    -------
    pandas.DataFrame
        One row per subgroup, grouped by part, facet and x, with qicharts2's columns (dots as
        underscores) plus ``long_run_signal`` and ``crossings_signal`` per point.

    References
    ----------
    .. [1] Anhøj J. qicharts2: Quality Improvement Charts, R package 0.8.1.
    .. [2] Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass 2011.

    Examples
    --------
    >>> df = qic(y=[3, 5, 4, 6, 5, 7, 6, 8], chart="i")
    >>> round(float(df["cl"].iloc[0]), 3), int(df["n_useful"].iloc[0])
    (5.5, 8)
    """
    if chart not in _limits.CHARTS:
        raise ValueError(f"chart is {chart!r}: choose one of {', '.join(_limits.CHARTS)}")
    if agg_fun not in AGG_FUNS:
        raise ValueError(f"agg_fun is {agg_fun!r}: choose one of {', '.join(AGG_FUNS)}")
    check_method(method)
    multiply = check_multiply(multiply)
    if y is None:
        if x is None:
            raise ValueError('Missing mandatory argument "x" (or y)')
        x, y = None, x
    length = len(_vector("y", y))
    y_arr = _numeric("y", y, length)
    x = np.arange(1, length + 1, dtype=float) if x is None else x
    got_n = n is not None
    n_arr = _numeric("n", n, length, copy=False) if got_n else np.full(length, np.nan)
    if got_n:
        missing = np.isnan(y_arr) | np.isnan(n_arr)
        if missing.any():  # (n may be the caller's array: not written into)
            y_arr[missing], n_arr = np.nan, np.where(missing, np.nan, n_arr)
    x_codes, x_levels, x_kind = _codes("x", x, length)
    (f1, f2), (l1, l2) = _facets(facets, length)
    breaks = _breaks(part, length)
    keep = x_codes >= 0
    if not keep.all():
        x_codes, f1, f2, y_arr, n_arr = x_codes[keep], f1[keep], f2[keep], y_arr[keep], n_arr[keep]
    facet = f1 if len(l2) == 1 else f2 * len(l1) + f1
    if _in_order(facet, x_codes):  # the usual long format: in order, one row per subgroup
        sub = _single_rows(y_arr, n_arr, got_n, agg_fun)
        sub["x_code"], sub["facet"], sub["f1"], sub["f2"] = x_codes, facet, f1, f2
    else:
        key = facet * len(x_levels) + x_codes
        k, sub = _aggregate(key, y_arr, n_arr, got_n, agg_fun)
        facet = k // len(x_levels)
        sub["x_code"], sub["facet"] = k % len(x_levels), facet
        sub["f1"], sub["f2"] = facet % len(l1), facet // len(l1)
    return _chart(sub, chart, x_levels, x_kind, (l1, l2), breaks, freeze, exclude,
                  cl=cl, multiply=multiply, y_neg=y_neg, method=method, screened=screened_mr)  # fmt: skip


def _in_order(facet: np.ndarray, x_codes: np.ndarray) -> bool:
    """Whether the rows are sorted by facet, then x, with no (facet, x) twice."""
    later = facet[1:] > facet[:-1]
    same = facet[1:] == facet[:-1]
    same &= x_codes[1:] > x_codes[:-1]
    later |= same
    return bool(later.all())


def _breaks(part: Any, length: int) -> list[int] | None:
    if part is None:
        return None
    arr = np.asarray(part)
    if arr.dtype.kind in "iuf" and not (
        arr.ndim == 1 and len(arr) == length and length > 1 and arr.dtype.kind == "O"
    ):
        return check_positions("part", arr.ravel().tolist())
    labels = _vector("part", part, length)
    _, first = np.unique(labels, return_index=True)
    return sorted(int(i) for i in first if i > 0)


def _chart(sub: Columns, chart: str, x_levels: np.ndarray, x_kind: str, levels: tuple[np.ndarray, np.ndarray],
           breaks: list[int] | None, freeze: Any, exclude: Any, *, cl: Any, multiply: float, y_neg: bool,
           method: str, screened: bool) -> pd.DataFrame:  # fmt: skip
    # Subgroups come sorted by facet, then x: each facet is one series, its subgroups in order.
    facet = sub["facet"]
    m = facet.size
    starts = np.flatnonzero(np.concatenate([[True], facet[1:] != facet[:-1]])) if m else np.zeros(0, np.intp)
    lengths = np.diff(np.append(starts, m))
    shape = (len(starts), int(lengths.max(initial=0)))
    rectangular = bool(m) and bool((lengths == shape[1]).all())
    if rectangular:  # every facet has the same subgroups: the columns are the series, row by row
        row_of = pos = None
        fields = {name: sub[name].astype(float, copy=False).reshape(shape) for name in NEEDS[chart]}
        present = None
    else:
        row_of = np.repeat(np.arange(shape[0]), lengths)
        pos = np.arange(m) - np.repeat(starts, lengths)
        fields = {}
        for name in NEEDS[chart]:
            a = np.full(shape, np.nan)
            a[row_of, pos] = sub[name]
            fields[name] = a
        present = np.zeros(shape, dtype=bool)
        present[row_of, pos] = True
    xx = np.arange(1, shape[1] + 1)
    frozen = None if breaks is not None else check_freeze(freeze)
    excluded = np.isin(xx, check_positions("exclude", exclude))
    opt = Options(
        phase=phases_from_breaks(breaks or [], *shape),
        baseline=np.broadcast_to(xx <= (frozen or shape[1] + 1), shape),
        include=np.broadcast_to(~excluded, shape),
        present=present,
        cl=np.full(shape[0], np.nan if cl is None else float(cl)),
        multiply=multiply,
        method=method,
        screened_mr=screened,
        categorical=x_kind == "categorical",
    )
    if chart == "t":
        _check_times(fields["y"], present, row_of, pos)
    ch = compute(chart, fields, opt, lazy=False)  # every line goes into the frame

    def at(a: np.ndarray) -> np.ndarray:
        """The value of each subgroup, in the subgroups' order."""
        return a.reshape(-1) if row_of is None or pos is None else a[row_of, pos]

    lcl, lcl95 = at(ch.lcl), at(ch.lcl_95)
    y = at(ch.y)
    if not y_neg and np.nanmin(y, initial=np.inf) >= 0:
        with np.errstate(invalid="ignore"):
            lcl, lcl95 = np.where(lcl < 0, 0.0, lcl), np.where(lcl95 < 0, 0.0, lcl95)
    part = at(ch.phase)
    k = ch.runs.n_obs.shape[1]
    spread = shape[1] if rectangular else lengths  # a value per series to each of its subgroups
    if k == 1:  # one phase: each subgroup takes its series' statistics
        stats = {name: np.repeat(getattr(ch.runs, name)[:, 0], spread) for name in RUN_STATS}
    else:
        series = np.repeat(np.arange(shape[0]), lengths) if row_of is None else row_of
        cell = series * k + part - 1  # the (series, phase) of each subgroup
        stats = {name: getattr(ch.runs, name).reshape(-1)[cell] for name in RUN_STATS}
    columns = {
        "facet1": _labels(levels[0], sub["f1"], starts, spread),
        "facet2": _labels(levels[1], sub["f2"], starts, spread),
        "part": part,
        "xx": np.tile(xx, shape[0]) if pos is None else pos + 1,
        "x": _labels(x_levels, sub["x_code"]),
        "y_sum": sub["y_sum"], "y_length": sub["y_len"], "y_mean": sub["y_mean"], "y_sd": sub["y_sd"],
        "n": sub["n"],
        "y": y, "cl": at(ch.center), "lcl": lcl, "ucl": at(ch.ucl), "lcl_95": lcl95, "ucl_95": at(ch.ucl_95),
        "baseline": at(ch.baseline), "include": at(ch.include),
        "sigma_signal": at(ch.signals.sigma), "runs_signal": at(ch.signals.runs),
        **stats,
        "long_run_signal": at(ch.signals.long_run), "crossings_signal": at(ch.signals.crossings),
    }  # fmt: skip
    out = pd.DataFrame(columns, copy=False)
    if k == 1:  # one phase: the subgroups are already in qicharts2's order (facet2, facet1, x)
        return out
    order = np.lexsort((columns["xx"], sub["f1"], sub["f2"], part))
    return out.iloc[order].reset_index(drop=True)


FIELDS = ("y", "n", "y_sum", "y_len", "y_mean", "y_sd")
# The subgroup fields each chart's limits read (``_limits``), so that no other is laid out as an array.
NEEDS = {chart: ("y", *extra) for chart, extra in {
    "run": (), "i": (), "mr": (), "t": (), "g": (), "c": ("y_sum",), "xbar": ("y_len", "y_mean", "y_sd"),
    "s": ("y_len", "y_sd"), "ip": ("n", "y_len"), **dict.fromkeys(("p", "pp", "u", "up"), ("n", "y_sum")),
}.items()}  # fmt: skip
RUN_STATS = ("n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min")


def _labels(levels: np.ndarray, codes: np.ndarray, starts: Any = None, spread: Any = None) -> Any:
    """The label of each row: text labels as a Categorical in the levels' order (as R's factor, and
    without building one string object per row), numbers and dates as they are.

    With ``starts`` and ``spread``, ``codes`` is the same within each series (a facet): its labels are
    those of each series' first row, repeated.
    """
    if starts is not None:
        if levels.dtype != object:
            return np.repeat(levels[codes[starts]], spread)
        codes = np.repeat(codes[starts], spread)
    if levels.dtype == object:
        return pd.Categorical.from_codes(codes, categories=pd.Index(levels, dtype=object))
    return levels[codes]


def _check_times(y: np.ndarray, present: np.ndarray | None, row_of: np.ndarray | None,
                 pos: np.ndarray | None) -> None:  # fmt: skip
    bad = y <= 0 if present is None else present & (y <= 0)
    if bad.any():
        if row_of is None or pos is None:
            k = int(np.argmax(bad.reshape(-1)))
            value = y.reshape(-1)[k]
        else:
            k = int(np.argmax(bad[row_of, pos]))
            value = y[row_of[k], pos[k]]
        raise ValueError(f"y at subgroup {k + 1} is {value:g}: Time between events must be "
                         "greater than zero")  # fmt: skip


def qic_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per facet × part, as qicharts2's ``summary()``: runs analysis and average lines.

    Examples
    --------
    >>> s = qic_summary(qic(y=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], chart="i"))
    >>> int(s["runs_signal"].iloc[0]), int(s["longest_run"].iloc[0])
    (1, 5)
    """
    keys = ["facet1", "facet2", "part"]
    g = df.groupby(keys, sort=False)
    first = g[
        ["n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min"]
    ].first()
    out = first.assign(
        runs_signal=g["runs_signal"].any().astype(int),
        aLCL=g["lcl"].mean(),
        CL=g["cl"].mean(),
        aUCL=g["ucl"].mean(),
        sigma_signal=g["sigma_signal"].sum(),
    )
    return out.reset_index()
