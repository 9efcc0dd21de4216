"""Verdicts and suggested phases (``spc.verdicts``), each worked out by hand; no database."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from breakthrough.spc import g_chart, p_chart, verdicts
from breakthrough.spc.verdicts import COMMON, HIT_AND_MISS, IMPROVING, MEETS, MISSES, WORSENING

NAN = float("nan")


# --- variation: the latest special-cause point of the last phase, by its side of the centre line ----------


def test_a_special_point_above_the_centre_is_improving_where_higher_is_better():
    # y − centre at the one special point (j = 2): 5 − 2 = +3, above; higher is better: improving.
    assert verdicts.variation([[1, 1, 5]], [[2, 2, 2]], [[False, False, True]], better_up=[True]) == [
        IMPROVING
    ]


def test_the_same_point_is_worsening_where_lower_is_better():
    assert verdicts.variation([[1, 1, 5]], [[2, 2, 2]], [[False, False, True]], better_up=[False]) == [
        WORSENING
    ]


def test_the_latest_special_point_decides():
    # Special at j = 0 (5 − 2 = +3, above) and j = 3 (0 − 2 = −2, below): the latest, below, decides.
    y, centre, special = [[5, 1, 1, 0]], [[2, 2, 2, 2]], [[True, False, False, True]]
    assert verdicts.variation(y, centre, special, better_up=[True]) == [WORSENING]


def test_no_special_point_or_only_in_an_earlier_phase_is_common_cause():
    assert verdicts.variation([[1, 2, 3]], [[2, 2, 2]], [[False] * 3], better_up=[True]) == [COMMON]
    # The special point (j = 0) is in phase 1; the last point is in phase 2, so it does not count.
    special = [[True, False, False]]
    assert verdicts.variation([[9, 2, 2]], [[2, 2, 2]], special, better_up=[True], phase=[[1, 2, 2]]) == [
        COMMON
    ]


def test_a_special_point_at_a_missing_month_does_not_count():
    assert verdicts.variation([[NAN, 1, 1]], [[2, 2, 2]], [[True, False, False]], better_up=[True]) == [
        COMMON
    ]


# --- assurance: the last phase's limits against the goal ----------------------------------------------------


@pytest.mark.parametrize(
    ("lcl", "ucl", "expected"),
    [
        (50, 70, MEETS),  # higher is better, LCL 50 ≥ goal 45: the whole band meets it
        (45, 70, MEETS),  # LCL on the goal still meets it (≥)
        (30, 60, HIT_AND_MISS),  # 30 < 45 ≤ 60: the goal lies inside the band
        (30, 45, HIT_AND_MISS),  # UCL on the goal: not below it
        (10, 40, MISSES),  # UCL 40 < 45: the whole band misses it
    ],
)
def test_assurance_where_higher_is_better(lcl, ucl, expected):
    assert verdicts.assurance([lcl], [ucl], [45.0], better_up=[True]) == [expected]


def test_assurance_where_lower_is_better_flips_the_band():
    # Lower is better, goal 45: band 10–40 lies wholly below it (meets); band 50–70 wholly above (misses).
    found = verdicts.assurance([10, 50, 30], [40, 70, 60], [45, 45, 45], better_up=[False, False, False])
    assert found == [MEETS, MISSES, HIT_AND_MISS]


def test_no_goal_or_no_limits_gives_no_assurance():
    assert verdicts.assurance([10, NAN], [40, NAN], [None, 45], better_up=[True, True]) == [None, None]


# --- suggested phase: the start of a sustained shift in the better direction reaching the last point ----

SHIFT = [1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5, 5]  # four points at 1, then eight at 5; centre 3
RUN = [[False] * 4 + [True] * 8]  # the eight points above the centre are a too-long run


def test_the_suggested_phase_starts_at_the_runs_first_point():
    # The latest point not in the run is j = 3, so the run starts at j = 4, after a baseline of 4 points.
    assert verdicts.suggest_phase([SHIFT], [[3] * 12], RUN, [[1] * 12], better_up=[True], freeze=4) == [4]


def test_the_suggested_phase_starts_no_earlier_than_the_baseline_ends():
    # Baseline of 6 points: the run starts at 4, inside it, so the phase would start at max(4, 6) = 6.
    assert verdicts.suggest_phase([SHIFT], [[3] * 12], RUN, [[1] * 12], better_up=[True], freeze=6) == [6]


def test_a_missing_month_neither_breaks_nor_extends_the_run():
    y = list(SHIFT)
    y[8] = NAN
    assert verdicts.suggest_phase([y], [[3] * 12], RUN, [[1] * 12], better_up=[True], freeze=4) == [4]


def test_no_suggestion_on_the_worse_side_or_at_an_existing_phase_start():
    assert verdicts.suggest_phase([SHIFT], [[3] * 12], RUN, [[1] * 12], better_up=[False], freeze=4) == [None]
    # Phase 2 already starts at j = 4, where the run starts: nothing new to suggest.
    phase = [[1] * 4 + [2] * 8]
    assert verdicts.suggest_phase([SHIFT], [[3] * 12], RUN, phase, better_up=[True], freeze=4) == [None]


def test_no_suggestion_when_the_last_point_is_not_in_a_long_run():
    run = [[False] * 4 + [True] * 7 + [False]]
    assert verdicts.suggest_phase([SHIFT], [[3] * 12], run, [[1] * 12], better_up=[True]) == [None]


# --- the batch ---------------------------------------------------------------------------------------------


def test_analyse_a_shift_after_the_baseline():
    # Baseline: the first 6 points (40, 42, 38, 41, 39, 40), median 40. The next eight (70–74) are all above
    # it: a run of 8 > Anhøj's limit for 14 useful points, round(log2(14) + 3) = round(6.81) = 7, so a
    # shift, improving (higher is better), starting at j = 6, the first point after the baseline.
    y = [40, 42, 38, 41, 39, 40, 70, 72, 71, 73, 70, 72, 71, 74]
    a = verdicts.analyse([y], better_up=[True], goal=[None], freeze=6)
    assert a.run_center[0, 0] == 40
    assert a.flags["shift"][0].tolist() == [False] * 6 + [True] * 8
    assert a.variation == [IMPROVING]
    assert a.suggest_phase == [6]
    assert a.assurance == [None]


def test_analyse_months_filtered_to_none_has_no_data_and_no_verdicts():
    # "From" after the last month leaves no month: nothing to judge, and nothing fails.
    a = verdicts.analyse(np.empty((2, 0)), better_up=[True, False], goal=[1.0, None])
    assert a.variation == [verdicts.NO_DATA, verdicts.NO_DATA]
    assert a.assurance == [None, None]
    assert a.suggest_phase == [None, None]
    assert a.signal.shape == (2, 0)


def test_better_up_and_goal_must_have_one_entry_per_series():
    with pytest.raises(ValueError, match="better_up"):
        verdicts.analyse([[1, 2, 3]], better_up=[True, False], goal=[None])
    with pytest.raises(ValueError, match="goal"):
        verdicts.analyse([[1, 2, 3]], better_up=[True], goal=[])


# --- a control chart picked on the page, and the G/T verdict --------------------------------------------


def test_a_picked_control_chart_flags_points_outside_its_limits():
    # P chart of 40, 42, 38, 90 out of 100: p̄ = 210 / 400 = 0.525, σ = √(0.525 × 0.475 / 100) = 0.04994,
    # limits 52.5 ± 3 × 4.994 = 37.52 % and 67.48 %: only 90 % is outside.
    y = [[40.0, 42, 38, 90]]
    a = verdicts.analyse(y, better_up=[True], goal=[None])
    picked = verdicts.with_control_chart(a, p_chart(y, [[100] * 4], multiply=100))
    assert picked.ucl[0, 0] == pytest.approx(52.5 + 3 * 100 * math.sqrt(0.525 * 0.475 / 100))
    assert picked.flags["outside limits"].tolist() == [[False, False, False, True]]
    assert picked.variation == a.variation  # the run chart's verdicts stay


def test_a_long_quiet_spell_on_a_g_chart_is_improving():
    # Gaps 10, 4, 20, 6, 2, 30, 8, 120: mean m = 200 / 8 = 25, UCL = m + 3√(m(m + 1)) = 25 + 3√650 = 101.5;
    # 120 lies above it (and above the median, 9): a longer gap is better.
    chart = g_chart([[10, 4, 20, 6, 2, 30, 8, 120]])
    assert chart.ucl[0, -1] == pytest.approx(25 + 3 * math.sqrt(650))
    assert verdicts.rare_event_variation(chart) == [IMPROVING]


def test_special_cause_below_the_centre_alone_is_worsening_on_a_g_chart():
    # Gaps 10, 4, 20, 6, 2, 30, 8: median 8. Mark the 2-day gap (j = 4, below 8) as special cause and nothing
    # above the centre: incidents came closer together, worsening. Marking the 30 (j = 5, above) as well
    # makes it improving: the rule looks for a long quiet spell first.
    chart = g_chart([[10, 4, 20, 6, 2, 30, 8]])
    assert chart.center[0, 0] == 8
    below = np.zeros((1, 7), dtype=bool)
    below[0, 4] = True
    marked = dataclasses.replace(chart, signals=dataclasses.replace(chart.signals, sigma=below))
    assert verdicts.rare_event_variation(marked) == [WORSENING]
    both = below.copy()
    both[0, 5] = True
    marked = dataclasses.replace(chart, signals=dataclasses.replace(chart.signals, sigma=both))
    assert verdicts.rare_event_variation(marked) == [IMPROVING]


def test_a_quiet_g_chart_is_common_cause():
    assert verdicts.rare_event_variation(g_chart([[10, 4, 20, 6, 2, 30, 8]])) == [COMMON]


def test_present_marks_the_months_with_a_value():
    assert verdicts.present([[1.0, NAN, 0.0]]).tolist() == [[True, False, True]]


def test_a_series_without_a_single_point_has_no_verdict_rather_than_common_cause():
    from breakthrough.spc.verdicts import NO_DATA, variation

    y = [[np.nan] * 6, [3.0, np.nan, 3.0, 3.0, 3.0, 3.0]]
    centre = [[np.nan] * 6, [3.0] * 6]
    quiet = [[False] * 6, [False] * 6]
    assert variation(y, centre, quiet, better_up=[True, True]) == [NO_DATA, "common"]
    assert variation(np.empty((2, 0)), np.empty((2, 0)), np.empty((2, 0), bool), better_up=[True, True]) == [
        NO_DATA,
        NO_DATA,
    ]


def test_a_series_that_reached_its_goal_does_not_consistently_miss_it():
    # Higher is better, goal 60. The limits of this flat series (mean 42.5; moving ranges 5, 4, 3, 4, …,
    # mean 44 / 11 = 4.0; so 42.5 ± 2.66 × 4.0 = 31.9 … 53.1) lie wholly below the goal: "misses".
    flat = [40, 45, 41, 44, 40, 45, 41, 44, 40, 45, 41, 44.0]
    assert verdicts.analyse([flat], better_up=[True], goal=[60.0]).assurance == [verdicts.MISSES]
    # The same process with two months at 61 and 62 (beyond its upper limit): it reached the goal twice,
    # so it does not "consistently" miss it.
    reached = [40, 45, 41, 61, 40, 45, 41, 44, 62, 45, 41, 44.0]
    assert verdicts.analyse([reached], better_up=[True], goal=[60.0]).assurance == [verdicts.HIT_AND_MISS]
    # Lower is better: a month above the goal means the process does not consistently meet it.
    low = [10, 12, 11, 10, 12, 11, 10, 12, 11, 10, 12, 11.0]
    assert verdicts.analyse([low], better_up=[False], goal=[20.0]).assurance == [verdicts.MEETS]
    spike = [10, 12, 11, 10, 25, 11, 10, 12, 11, 10, 12, 11.0]
    assert verdicts.analyse([spike], better_up=[False], goal=[20.0]).assurance == [verdicts.HIT_AND_MISS]
