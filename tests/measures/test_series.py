"""The bridge from reports to the SPC core: arrays, one batch, verdicts; and the demo's patterns."""

from __future__ import annotations

import math

import numpy as np
import pytest

from breakthrough.demo import build_demo
from breakthrough.demo.build import PATTERNS
from breakthrough.measures import series
from breakthrough.measures.models import Measure
from tests.dashboards.conftest import FLAT, SHIFT, make_dash


@pytest.fixture
def dash(cast):
    return make_dash(cast)


def _panel(cast, measures):
    teams = [(cast.team_a.pk, cast.team_a.name), (cast.team_b.pk, cast.team_b.name)]
    return series.load_panel(cast.collaborative, measures, teams)


def test_load_panel_shapes_values_and_missing_months(cast, dash):
    panel = _panel(cast, [dash["measure"]])
    assert panel.num.shape == (1, 2, 12)
    assert panel.num[0, 0].tolist() == [float(v) for v in SHIFT]
    assert panel.den[0, 1, 0] == 50
    assert np.isnan(panel.val).all()
    assert panel.y[0, 0, 0] == pytest.approx(40.0)  # percent: × multiplier 100
    assert panel.submitted.all()


def test_a_blank_entry_is_a_missing_month_not_zero(cast):
    from tests.dashboards.conftest import add_reports
    from tests.factories import make_measure

    measure = make_measure(cast.collaborative)
    add_reports(cast.team_a, measure, [10, None, 12], by=cast.teacher)
    panel = _panel(cast, [measure])
    assert panel.num[0, 0, 0] == 10
    assert math.isnan(panel.y[0, 0, 1])
    assert math.isnan(panel.y[0, 1, 0])  # team_b reported nothing


def test_pooled_is_sum_of_numerators_over_sum_of_denominators(cast, dash):
    y, _num, _den, counts = _panel(cast, [dash["measure"]]).pooled()
    assert y[0, 0] == pytest.approx(100 * (SHIFT[0] + FLAT[0]) / 100)
    assert counts[0, 0] == 2


def test_analyse_flags_the_shift_and_not_the_flat_team(cast, dash):
    panel = _panel(cast, [dash["measure"]])
    freeze = series.baseline_months(cast.collaborative, panel.months)
    assert freeze
    assert 0 < freeze < 12
    a = series.analyse(panel.y[0], better_up=[True, True], goal=[80.0, 80.0], freeze=freeze)
    assert a.variation == [series.IMPROVING, series.COMMON]
    assert a.signal[0].any()
    assert not a.flags["shift"][1].any()
    assert a.suggest_phase[0] is not None
    assert a.suggest_phase[1] is None
    assert a.assurance[1] == series.MISSES  # flat at ~40% against a goal of 80%


def test_an_accepted_phase_rebases_the_series(cast, dash):
    panel = _panel(cast, [dash["measure"]])
    freeze = series.baseline_months(cast.collaborative, panel.months)
    start = series.analyse(
        panel.y[0], better_up=[True, True], goal=[None, None], freeze=freeze
    ).suggest_phase[0]
    phase = series.phase_numbers(12, [[start], []])
    a = series.analyse(panel.y[0], better_up=[True, True], goal=[None, None], phase=phase, freeze=freeze)
    assert a.phase[0, -1] == 2
    assert a.phase[1, -1] == 1
    assert a.variation[0] == series.COMMON  # the new phase describes the new process
    assert a.suggest_phase[0] is None


def test_worse_direction_is_worsening(cast, dash):
    panel = _panel(cast, [dash["measure"]])
    freeze = series.baseline_months(cast.collaborative, panel.months)
    a = series.analyse(panel.y[0], better_up=[False, False], goal=[None, None], freeze=freeze)
    assert a.variation[0] == series.WORSENING
    assert a.suggest_phase[0] is None


def test_control_chart_kinds_run_in_one_batch(cast, dash):
    panel = _panel(cast, [dash["measure"]])
    for kind in ("p", "pp"):
        chart = series.control_chart(kind, panel.num[0], panel.den[0], panel.y[0], multiply=100)
        assert chart.shape == (2, 12)
        assert np.isfinite(chart.ucl).all()


def test_empty_input_is_fine():
    a = series.analyse(np.empty((0, 5)), better_up=[], goal=[])
    assert a.variation == []
    assert a.signal.shape == (0, 5)


@pytest.fixture(params=[2026, 7])
def demo(db, request, time_machine):
    # The patterns are for a whole year: built the month after it is over, its twelve months are in.
    time_machine.move_to("2026-11-20 12:00+00:00", tick=False)
    return build_demo(seed=request.param, month=13)


def test_the_demo_shift_teams_are_flagged_and_the_flat_ones_are_not(demo):
    measures = list(
        Measure.objects.filter(collaborative=demo, code__in=["checkin", "family_notes", "incidents"])
    )
    teams = list(demo.teams.order_by("id").values_list("id", "name"))
    panel = series.load_panel(demo, measures, teams)
    n_t = len(teams)
    a = series.analyse(
        panel.y.reshape(len(measures) * n_t, -1),
        better_up=[m.better_up for m in panel.measures for _ in teams],
        goal=[m.goal for m in panel.measures for _ in teams],
        freeze=series.baseline_months(demo, panel.months),
    )
    for m in range(len(measures)):
        for t in range(n_t):
            verdict = a.variation[m * n_t + t]
            if PATTERNS[t % len(PATTERNS)] == "shift":
                assert verdict == series.IMPROVING, (panel.measures[m].code, t)
            elif PATTERNS[t % len(PATTERNS)] == "flat":
                assert verdict == series.COMMON, (panel.measures[m].code, t)


def _suggestion_by_loop(
    a: series.Analysis, long_run: np.ndarray, i: int, up: bool, freeze: int
) -> int | None:
    """The suggested phase start of one series, walked back month by month (the reference)."""
    y = a.y[i]
    flagged = long_run[i] & ~np.isnan(y)
    present = np.flatnonzero(~np.isnan(y))
    if not flagged.any() or present.size == 0:
        return None
    last = int(present[-1])
    better = (y > a.run_center[i]) if up else (y < a.run_center[i])
    if not (flagged[last] and better[last]):
        return None
    phase = a.phase[i]
    start = last
    for j in range(last - 1, -1, -1):
        if np.isnan(y[j]):
            continue
        if flagged[j] and better[j] and phase[j] == phase[last]:
            start = j
        else:
            break
    if phase[last] == 1:
        start = max(start, freeze)
    if start > last:
        return None
    return start if start > 0 and phase[start] == phase[start - 1] else None


@pytest.mark.parametrize("seed", range(20))
def test_suggested_phases_match_a_month_by_month_walk(seed):
    rng = np.random.default_rng(seed)
    n, k = 60, int(rng.integers(2, 37))
    step = (np.arange(k) >= rng.integers(0, k, n)[:, None]) * rng.normal(0, 3, (n, 1))
    y = rng.normal(0, 1, (n, k)) + step
    y[rng.random((n, k)) < 0.15] = np.nan
    up = (rng.random(n) < 0.5).tolist()
    phase = series.phase_numbers(
        k, [[int(rng.integers(0, k))] if rng.random() < 0.3 else [] for _ in range(n)]
    )
    freeze = int(rng.integers(0, k + 1))
    a = series.analyse(y, better_up=up, goal=[None] * n, phase=phase, freeze=freeze)
    # The run chart's too-long runs, as analyse() computed them: the same batches, by phase or from freeze.
    long_run = np.zeros((n, k), dtype=bool)
    phased = phase.max(axis=1) > 1
    for rows, kw in (
        (~phased, {"freeze": freeze} if 0 < freeze < k else {}),
        (phased, {"part": phase[phased]}),
    ):
        if rows.any():
            long_run[rows] = series.spc.run_chart(y[rows], **kw).signals.long_run
    expected = [_suggestion_by_loop(a, long_run, i, up[i], freeze) for i in range(n)]
    assert a.suggest_phase == expected
