"""The batch core: every chart type over many series at once.

Arrays are ``(n_series, n_points)``; a 1-D array is one series. A missing month is NaN and keeps
its place. Phases (``part``), a frozen baseline (``freeze``) and excluded points (``exclude``)
follow qicharts2's semantics; each phase is computed as a series of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from breakthrough.spc._engine import (
    DEFAULT_BLOCK,
    _ratio,
    _single,
    compute,
    options,
)
from breakthrough.spc._types import Chart, FloatArray
from breakthrough.spc._validation import (
    check_nonnegative,
    check_series,
)

__all__ = [
    "c_chart",
    "g_chart",
    "i_chart",
    "ip_chart",
    "mr_chart",
    "p_chart",
    "pp_chart",
    "run_chart",
    "s_chart",
    "t_chart",
    "u_chart",
    "up_chart",
    "xbar_chart",
]


BLOCK = DEFAULT_BLOCK  # series per block (``charts.BLOCK`` may be set; each chart function reads it per call)


_OPTIONS_DOC = """
    part : sequence of int or array of int, optional
        Positions after which a new phase starts (the same for every series), or phase numbers from 1
        of shape ``(n_series, n_points)``. Each phase has its own centre, limits and runs analysis.
    freeze : int, optional
        The first ``freeze`` points are the baseline the centre and limits come from; ignored with
        ``part``.
    exclude : array_like of bool, optional
        Points left out of the centre, limits and runs analysis (still plotted and flagged).
    cl : float or array_like, optional
        A fixed centre line (one, or one per series; NaN = compute).
    multiply : float
        Multiply y and every line by this (e.g. 100 for percent).
    y_neg : bool
        If False, negative lower limits become 0 in series with no negative value.
    method : {"anhoej", "bestbox", "cutbox"}
        Runs-analysis rule set.
    screened_mr : bool
        Drop moving ranges above 3.267 × the average once before estimating sigma (qicharts2's
        ``qic.screenedmr``; I, T, P′, U′ and I′ charts).
"""


def _doc[F: Callable[..., Chart]](f: F) -> F:
    """Write the shared options into the docstring's ``{options}`` slot."""
    f.__doc__ = (f.__doc__ or "").replace("    {options}\n", _OPTIONS_DOC.strip("\n") + "\n")
    return f


OPTION_NAMES = ("part", "freeze", "exclude", "cl", "multiply", "y_neg", "method", "screened_mr")


def _opts(scope: dict[str, Any]) -> dict[str, Any]:
    """The shared options among a chart function's arguments."""
    return {name: scope[name] for name in OPTION_NAMES}


def _make(kind: str, fields: dict[str, FloatArray], opt: dict[str, Any]) -> Chart:
    """Validate the options against the data's shape, then compute."""
    own_y = kind in ("p", "pp", "u", "up")  # y = numerators / denominators, made by ``_ratio``
    return compute(kind, fields, options(fields["y"].shape, **opt), block=BLOCK, own_y=own_y)


@_doc
def run_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """Run chart: the median of the baseline as centre line, no limits.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Anhøj J, Olesen AV. Run charts revisited. PLoS One 2014;9(11):e113825.

    Examples
    --------
    >>> ch = run_chart([3, 5, 4, 6, 5, 7])
    >>> float(ch.center[0, 0])
    5.0
    """
    return _make("run", _single(y)[1], _opts(locals()))


@_doc
def i_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """I chart (individuals): mean ± 3 × average moving range / 1.128.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eq. 6.33.
    .. [2] Nelson LS. Control charts for individual measurements. J Qual Technol 1982;14:172-173.

    Examples
    --------
    >>> ch = i_chart([1, 2, 3, 2, 1, 2, 3, 2])
    >>> round(float(ch.center[0, 0]), 3), round(float(ch.ucl[0, 0]), 3)
    (2.0, 4.66)
    """
    return _make("i", _single(y)[1], _opts(locals()))


@_doc
def mr_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """MR chart: moving ranges of ``y`` with centre their mean and upper limit 3.267 × centre.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
        The individual values (the chart plots their moving ranges).
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., section 6.4.

    Examples
    --------
    >>> ch = mr_chart([1, 2, 4, 3])
    >>> ch.y[0].tolist()[1:], round(float(ch.ucl[0, 1]), 3)
    ([1.0, 2.0, 1.0], 4.356)
    """
    return _make("mr", _single(y)[1], _opts(locals()))


@_doc
def t_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """T chart (time between events): an I chart of y^(1/3.6), transformed back.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
        Times between events, all greater than zero.
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass 2011, p. 355.

    Examples
    --------
    >>> ch = t_chart([10, 12, 9, 30, 14, 11])
    >>> bool(ch.lcl[0, 0] >= 0)
    True
    """
    return _make("t", _single(y)[1], _opts(locals()))


@_doc
def c_chart(
    counts: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """C chart: counts of events, centre their mean, limits mean ± 3√mean.

    Parameters
    ----------
    counts : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eq. 7.17.

    Examples
    --------
    >>> ch = c_chart([4, 4, 4, 4])
    >>> float(ch.ucl[0, 0])
    10.0
    """
    return _make("c", _single(counts, "counts")[1], _opts(locals()))


@_doc
def g_chart(
    counts: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """G chart: opportunities between events; limits from the mean, centre the median.

    Parameters
    ----------
    counts : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., p. 319.
    .. [2] Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass 2011, p. 228.

    Examples
    --------
    >>> ch = g_chart([3, 8, 1, 12, 5])
    >>> float(ch.center[0, 0]), float(ch.lcl[0, 0])
    (5.0, 0.0)
    """
    return _make("g", _single(counts, "counts")[1], _opts(locals()))


@_doc
def ip_chart(
    y: ArrayLike,
    n: ArrayLike | None = None,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """I′ chart (qicharts2's ``ip``): an I chart of rates whose limits widen with small ``n``.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
        The plotted values (e.g. rates).
    n : array_like, optional
        Subgroup sizes (default 1 each).
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Taylor W. The I-prime chart (https://variation.com); qicharts2 0.8.1 ``qic.ip()``.

    Examples
    --------
    >>> ch = ip_chart([0.2, 0.3, 0.25, 0.35], [10, 20, 10, 20])
    >>> round(float(ch.center[0, 0]), 4)
    0.2917
    """
    y_arr, fields = _single(y)
    fields["y_len"] = np.where(np.isnan(y_arr), 0.0, 1.0)
    fields["n"] = np.full(y_arr.shape, np.nan) if n is None else check_series("n", n, shape=y_arr.shape)
    return _make("ip", fields, _opts(locals()))


def _ratio_doc(kind: str, title: str, ref: str, example: str) -> str:
    return f"""{title}

    Parameters
    ----------
    numerators, denominators : array_like, shape (n_series, n_points) or (n_points,)
        Events (or cases) and the subgroup sizes (or exposure); a NaN in either is a missing point.
    {{options}}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] {ref}

    Examples
    --------
    {example}
    """


def p_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("p", _ratio(numerators, denominators)[1], _opts(locals()))


def pp_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("pp", _ratio(numerators, denominators)[1], _opts(locals()))


def u_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("u", _ratio(numerators, denominators)[1], _opts(locals()))


def up_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("up", _ratio(numerators, denominators)[1], _opts(locals()))


p_chart.__doc__ = _ratio_doc(
    "p",
    "P chart: proportions, centre Σnum/Σden, limits centre ± 3√(p(1−p)/n) within [0, 1].",
    "Montgomery DC. Introduction to Statistical Quality Control, 6th ed., section 7.2.",
    ">>> ch = p_chart([5, 10, 5], [50, 100, 50])\n    >>> float(ch.center[0, 0])\n    0.1",
)
pp_chart.__doc__ = _ratio_doc(
    "pp",
    "Laney P′ chart: a P chart whose sigma is scaled by the spread of the z-scores.",
    "Laney DB. Improved control charts for attributes. Qual Eng 2002;14:531-537.",
    ">>> ch = pp_chart([5, 12, 5, 9], [50, 100, 50, 80])\n    >>> bool(ch.ucl[0, 0] > ch.center[0, 0])\n    True",  # noqa: E501
)
u_chart.__doc__ = _ratio_doc(
    "u",
    "U chart: rates, centre Σnum/Σden, limits centre ± 3√(u/n), lower limit at least 0.",
    "Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eq. 7.19.",
    ">>> ch = u_chart([4, 6, 5], [2, 3, 2.5])\n    >>> float(ch.center[0, 0])\n    2.0",
)
up_chart.__doc__ = _ratio_doc(
    "up",
    "Laney U′ chart: a U chart whose sigma is scaled by the spread of the z-scores.",
    "Laney DB. Improved control charts for attributes. Qual Eng 2002;14:531-537.",
    ">>> ch = up_chart([4, 6, 5, 9], [2, 3, 2.5, 3])\n    >>> bool(ch.lcl[0, 0] >= 0)\n    True",
)
for _f in (p_chart, pp_chart, u_chart, up_chart):
    _doc(_f)


def _subgroups(means: ArrayLike | None, sizes: ArrayLike, sds: ArrayLike) -> dict[str, FloatArray]:
    sd = check_series("sds", sds)
    size = check_series("sizes", sizes, shape=sd.shape)
    check_nonnegative("sizes", size)
    mean = np.full(sd.shape, np.nan) if means is None else check_series("means", means, shape=sd.shape)
    return {"y": mean, "y_len": size, "y_mean": mean, "y_sd": sd}


@_doc
def xbar_chart(
    means: ArrayLike,
    sizes: ArrayLike,
    sds: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """X̄ chart from subgroup means, sizes and standard deviations (limits from the pooled sd).

    Parameters
    ----------
    means, sizes, sds : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eqs 6.29-6.31.

    Examples
    --------
    >>> ch = xbar_chart([10, 11, 9], [5, 5, 5], [1, 1, 1])
    >>> float(ch.center[0, 0]), round(float(ch.ucl[0, 0]), 3)
    (10.0, 11.427)
    """
    return _make("xbar", _subgroups(means, sizes, sds), _opts(locals()))


@_doc
def s_chart(
    sds: ArrayLike,
    sizes: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """S chart from subgroup standard deviations and sizes.

    Parameters
    ----------
    sds, sizes : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eqs 6.27-6.31.

    Examples
    --------
    >>> ch = s_chart([1.0, 1.2, 0.8], [5, 5, 5])
    >>> float(ch.center[0, 0]), round(float(ch.ucl[0, 0]), 3)
    (1.0, 2.089)
    """
    fields = _subgroups(None, sizes, sds)
    fields["y"] = fields["y_sd"]
    return _make("s", fields, _opts(locals()))
