"""Common tests: every public function validates through the gate and returns a frozen result."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import breakthrough.stats as bs

RNG = np.random.default_rng(11)
ITEMS = np.clip(np.round(3 + RNG.normal(size=(30, 1)) + RNG.normal(0, 0.8, (30, 4))), 1, 5)
PRE = np.round(RNG.normal(3, 0.5, 20), 2)
POST = np.round(PRE + RNG.normal(0.3, 0.4, 20), 2)
ROOM = np.repeat(np.arange(8), 4)
GROUP = (ROOM < 4).astype(float)
TIME = np.tile([0.0, 1.0], 16)
SCORE = 3 + 0.4 * GROUP * TIME + RNG.normal(0, 0.4, 8)[ROOM] + RNG.normal(0, 0.3, 32)

# name → (function, positional arguments, keyword arguments, name of the first argument)
REGISTRY: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], str]] = {
    "scale_scores": (bs.scale_scores, (ITEMS,), {}, "items"),
    "reverse_items": (bs.reverse_items, (ITEMS, [1, -1, 1, 1]), {"scale_min": 1, "scale_max": 5}, "items"),
    "cronbach_alpha": (bs.cronbach_alpha, (ITEMS,), {}, "items"),
    "icc": (bs.icc, (ITEMS,), {}, "ratings"),
    "cohen_kappa": (bs.cohen_kappa, (), {"table": [[10, 2], [3, 9]]}, "table"),
    "percent_agreement": (bs.percent_agreement, ([1, 2, 2], [1, 2, 1]), {}, ""),  # labels: inf is a label
    "paired_difference": (bs.paired_difference, (POST, PRE), {}, "post"),
    "cohens_d": (bs.cohens_d, (POST, PRE), {}, "x"),
    "hedges_g": (bs.hedges_g, (POST, PRE), {}, "x"),
    "hedges_j": (bs.hedges_j, (20,), {}, ""),
    "paired_t": (bs.paired_t, (POST, PRE), {}, "post"),
    "wilcoxon_signed_rank": (bs.wilcoxon_signed_rank, (POST, PRE), {}, "post"),
    "did_ols": (bs.did_ols, (SCORE, GROUP, TIME), {}, "score"),
    "did_mixed": (bs.did_mixed, (SCORE, GROUP, TIME, ROOM), {}, "score"),
    "disproportionality": (bs.disproportionality, (["a", "b", "a", "b"], [1, 0, 0, 2]), {}, "incidents"),
    "suppress_small_cells": (bs.suppress_small_cells, ([[3, 10], [12, 20]],), {}, "counts"),
    "disclosed_cells": (bs.disclosed_cells, ([[True, False], [True, False]],), {}, ""),
    "engagement_index": (bs.engagement_index, (ITEMS / 5,), {}, "parts"),
    "dose_response": (bs.dose_response, (PRE, POST), {}, "dose"),
    "reliable_change": (bs.reliable_change, (POST, PRE), {"reliability": 0.8}, "post"),
}


def test_every_public_function_is_registered() -> None:
    functions = {n for n in bs.__all__ if n[0].islower()}
    assert functions == set(REGISTRY)  # "we shouldn't forget any"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_results_are_frozen(name: str) -> None:
    fn, args, kwargs, _ = REGISTRY[name]
    out = fn(*args, **kwargs)
    if dataclasses.is_dataclass(out):
        field = dataclasses.fields(out)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(out, field, None)


@pytest.mark.parametrize("name", sorted(n for n, v in REGISTRY.items() if v[3]))
def test_infinite_input_is_refused_naming_the_argument(name: str) -> None:
    fn, args, kwargs, arg = REGISTRY[name]
    if arg in kwargs:
        kwargs = {**kwargs, arg: np.where(np.eye(2, dtype=bool), np.inf, 1.0)}
    else:
        idx = {"incidents": 1}.get(arg, 0)
        bad = np.array(args[idx], dtype=np.float64, copy=True)
        bad.flat[1] = np.inf
        args = (*args[:idx], bad, *args[idx + 1 :])
    with pytest.raises(ValueError, match=arg):
        fn(*args, **kwargs)


@pytest.mark.parametrize("name", ["icc", "cronbach_alpha"])
def test_reliability_is_invariant_to_a_linear_change_of_scale(name: str) -> None:
    fn = REGISTRY[name][0]
    a, b = fn(ITEMS), fn(2.5 * ITEMS - 7)
    first = a.icc if name == "icc" else a.raw_alpha
    second = b.icc if name == "icc" else b.raw_alpha
    np.testing.assert_allclose(first, second, rtol=1e-9)
