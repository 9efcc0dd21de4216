"""Every number of the engagement and outcome tables against a hand count or statsmodels (the data are
in conftest.py; TODAY is 15 July 2026: January–June reports due, four sessions and calls held)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import statsmodels.api as sm

from breakthrough.feasibility import toc
from tests.feasibility.conftest import TODAY

# By hand, per team (A, B, C):
#   attendance: sessions and calls with someone present, of 4 held: 3, 1, 1 → .75, .25, .25
#   reporting:  reports submitted by the due date, of 6 due: 6, 4, 3 → 1, .6667, .5
#   PDSA:       months (of the 6) with a cycle carried out: {Feb, Apr}, {Mar}, {} → .3333, .1667, 0
#   index:      the mean of the three parts: 25/36, 13/36, 1/4
ATTENDANCE = [0.75, 0.25, 0.25]
REPORTING = [1.0, 4 / 6, 0.5]
PDSA = [2 / 6, 1 / 6, 0.0]
INDEX = [25 / 36, 13 / 36, 0.25]
IMPROVING = [1.0, 0.0, 0.0]  # A's measure shifts up (SHIFT), B's and C's are flat: 1/1, 0/1, 0/1
# Observation change of each program's participating classrooms (item means, after − before):
# A: A1 3 − 1.5 = 1.5, A2 2.5 − 2 = .5 → 1.0; B: B1 2 − 1.75 = .25; C: C2 3 − 2.75 = .25.
OBS_CHANGE = [1.0, 0.25, 0.25]


@pytest.fixture
def answers(feasibility: dict[str, Any], cast: Any) -> dict[str, Any]:
    return toc.answers(cast.collaborative, suppress=False, today=TODAY)


def _rows(answers: dict[str, Any], feasibility: dict[str, Any]) -> list[dict[str, Any]]:
    by_team = {r["team"].pk: r for r in answers["engagement"]["rows"]}
    return [by_team[feasibility["teams"][k].pk] for k in "abc"]


def test_engagement_parts_and_index_by_hand(answers: dict[str, Any], feasibility: dict[str, Any]) -> None:
    rows = _rows(answers, feasibility)
    assert [r["counts"]["attendance"] for r in rows] == [(3, 4), (1, 4), (1, 4)]
    assert [r["counts"]["reporting"] for r in rows] == [(6, 6), (4, 6), (3, 6)]
    assert [r["counts"]["pdsa"] for r in rows] == [(2, 6), (1, 6), (0, 6)]
    for key, expected in (("attendance", ATTENDANCE), ("reporting", REPORTING), ("pdsa", PDSA)):
        assert [r["parts"][key] for r in rows] == pytest.approx(expected, abs=1e-4)
    assert [r["index"] for r in rows] == pytest.approx(INDEX, abs=1e-4)
    assert answers["engagement"]["n_events"] == 4
    assert answers["engagement"]["n_months"] == 6


def test_improvement_numbers_by_hand(answers: dict[str, Any], feasibility: dict[str, Any]) -> None:
    rows = _rows(answers, feasibility)
    assert [(r["signals"]["improving"], r["signals"]["charted"]) for r in rows] == [(1, 1), (0, 1), (0, 1)]
    assert [r["obs_change"] for r in rows] == pytest.approx(OBS_CHANGE, abs=1e-9)
    assert [r["observed"]["n"] for r in rows] == [2, 1, 1]


@pytest.mark.parametrize(("key", "y"), [("measures_fit", IMPROVING), ("observation_fit", OBS_CHANGE)])
def test_dose_response_models_match_statsmodels(answers: dict[str, Any], key: str, y: list[float]) -> None:
    ref = sm.OLS(np.array(y), sm.add_constant(np.array(INDEX))).fit()
    fit = answers["engagement"][key]["fit"]
    assert answers["engagement"][key]["n"] == 3
    assert fit["slope"] == pytest.approx(ref.params[1], rel=1e-3)
    assert fit["se"] == pytest.approx(ref.bse[1], rel=1e-3)
    low, high = ref.conf_int(alpha=0.05)[1]
    assert fit["ci_low"] == pytest.approx(low, rel=1e-3)
    assert fit["ci_high"] == pytest.approx(high, rel=1e-3)
    # Spearman by hand: the index ranks A > B > C; improvement ranks A first, B and C tied: rho = √3/2.
    assert fit["rho"] == pytest.approx(np.sqrt(3) / 2, rel=1e-9)


def test_outputs_tables_by_hand(answers: dict[str, Any]) -> None:
    att = answers["attendance"]
    assert att["roles"] == ["Director / administrator", "Teacher"]
    rows = {r["kind"]: r for r in att["rows"]}
    # Sessions: event 1 teacher + outsider (teachers), event 3 director + carol (teacher).
    assert rows["Learning session"]["cells"] == [1, 3]
    assert rows["Learning session"]["total"] == 4
    # Calls: event 2 teacher and director; event 4 nobody.
    assert rows["Collaborative call"]["cells"] == [1, 1]
    assert answers["reporting"] == {"due": 18, "on_time": 13, "share": 72}  # 13/18 = 72.2 %
    assert answers["cycles"]["total"] == 5
    leaders = {r["role"]: r["n"] for r in answers["leaders"]["rows"]}
    assert leaders == {"Teacher": 4, "Family member": 1}


def test_observations_and_did_by_hand(answers: dict[str, Any]) -> None:
    obs = answers["observations"]
    part, spread = obs["rows"]
    # Participating A1, A2, B1, C2: before (1.5 + 2 + 1.75 + 2.75)/4 = 2.0, after (3 + 2.5 + 2 + 3)/4 = 2.625.
    assert (part["pre"], part["post"], part["n_pre"], part["n_post"]) == (2.0, 2.625, 4, 4)
    # Spread B2, C1: before (2.25 + 1.25)/2 = 1.75, after (2 + 2.5)/2 = 2.25.
    assert (spread["pre"], spread["post"]) == (1.75, 2.25)
    assert obs["did"]["did"] == pytest.approx(0.625 - 0.5, abs=1e-6)


def test_classrooms_improving_by_the_stated_rule(answers: dict[str, Any]) -> None:
    imp = answers["observations"]["improving"]
    before = np.array(
        [[1, 1, 2, 2], [2, 2, 2, 2], [1, 2, 2, 2], [2, 2, 2, 3], [1, 1, 1, 2], [3, 3, 3, 2]], float
    )
    # Cronbach's alpha by its formula, k/(k − 1) · (1 − Σ item variances / variance of the total) = 0.819048.
    alpha = 4 / 3 * (1 - before.var(axis=0, ddof=1).sum() / before.sum(axis=1).var(ddof=1))
    assert alpha == pytest.approx(0.819048, abs=1e-6)
    assert imp["reliability"] == pytest.approx(alpha, rel=1e-9)
    # SD of the six classroom means before (1.5, 2, 1.75, 2.25, 1.25, 2.75) = 0.540062;
    # RCI = 1.96 · 0.540062 · √2 · √(1 − 0.819048) = 0.636791.
    assert imp["sd_pre"] == pytest.approx(0.540062, abs=1e-6)
    assert imp["threshold"] == pytest.approx(0.636791, abs=1e-6)
    # Changes 1.5, .5, .25, −.25, 1.25, .25: A1 (participating) and C1 (spread) exceed it.
    assert [(r["improved"], r["observed"]) for r in imp["rows"]] == [(1, 4), (1, 2)]


def test_boxes_say_not_enough_data_where_that_is_the_truth(answers: dict[str, Any]) -> None:
    items = {e["label"]: e for box in answers["boxes"] for e in box["items"]}
    assert items["Technical assistance contacts"]["missing"]
    assert items["Children's social-emotional scores"]["missing"]
    assert items["Reports submitted on time"]["value"] == "13 / 18"
    assert items["Classrooms improving: Participating classrooms"]["value"] == "1 / 4"
    assert [b["key"] for b in answers["boxes"]] == [
        "strategy",
        "outputs",
        "mechanisms",
        "short",
        "long",
        "impacts",
    ]


def test_readiness_is_read_from_intake_and_regressed_with_engagement(
    feasibility: dict[str, Any], cast: Any
) -> None:
    from breakthrough.intake.models import Application, ReadinessRating
    from tests.intake.helpers import level, make_application, make_rubric

    first, second = make_rubric(cast.collaborative, tops=(4, 3))  # the maximum is 4 + 3 = 7
    for key, (a, b) in zip("abc", [(4, 3), (2, 2), (1, 1)], strict=True):
        team = feasibility["teams"][key]
        application = make_application(
            cast.collaborative, status=Application.Status.ACCEPTED, program=team.program, team=team
        )
        for criterion, score in ((first, a), (second, b)):
            ReadinessRating.objects.create(
                application=application, criterion=criterion, level=level(criterion, score), rater=cast.staff
            )
    answers = toc.answers(cast.collaborative, suppress=False, today=TODAY)
    rows = _rows(answers, feasibility)
    # By hand: 7/7, 4/7, 2/7 of the rubric's maximum.
    assert [r["readiness"] for r in rows] == pytest.approx([100.0, 400 / 7, 200 / 7])
    ref = sm.OLS(np.array(INDEX), sm.add_constant(np.array([1.0, 4 / 7, 2 / 7]))).fit()
    fit = answers["engagement"]["readiness_fit"]["fit"]
    assert fit["slope"] == pytest.approx(ref.params[1], rel=1e-3)
    assert fit["ci_high"] == pytest.approx(ref.conf_int(alpha=0.05)[1][1], rel=1e-3)
    items = {e["label"]: e for box in answers["boxes"] for e in box["items"]}
    assert items["Programs rated for readiness"]["value"] == 3


def test_fieldwork_adds_the_ta_part_sessions_and_voices(feasibility: dict[str, Any], cast: Any) -> None:
    import datetime as dt

    from breakthrough.fieldwork import services as fieldwork
    from breakthrough.fieldwork.models import TAContact
    from tests.fieldwork.helpers import make_event, protocol, scores

    teams = feasibility["teams"]
    for team, day in [
        (teams["a"], dt.date(2026, 2, 3)),
        (teams["a"], dt.date(2026, 2, 20)),
        (teams["a"], dt.date(2026, 3, 9)),
        (teams["b"], dt.date(2026, 1, 15)),
        (teams["b"], dt.date(2026, 8, 1)),  # after TODAY's due months: not counted
    ]:
        fieldwork.ta_contact_save(
            by=cast.faculty, team=team, date=day, topic=TAContact.Topic.PDSA_DESIGN, minutes=30, mode="video"
        )
    for k, (day, exchanges, faculty, teachers) in enumerate(
        [(dt.date(2026, 2, 12), 1, 30, 10), (dt.date(2026, 5, 12), 4, 10, 30)]
    ):
        event = make_event(cast.collaborative, "learning_session", day, f"Session {k + 1}")
        fieldwork.session_observation_save(
            by=cast.evaluator,
            event=event,
            instrument=protocol(),
            observed_on=day,
            cross_team_exchanges=exchanges,
            raw=scores(within_listen=2 + k) | {"turns-faculty": str(faculty), "turns-teacher": str(teachers)},
        )
    answers = toc.answers(cast.collaborative, suppress=False, today=TODAY)
    rows = _rows(answers, feasibility)
    # TA: months of the 6 with a contact: A {Feb, Mar} = 2, B {Jan} = 1, C none.
    assert [r["counts"]["ta"] for r in rows] == [(2, 6), (1, 6), (0, 6)]
    # The two observed sessions are sessions held too (nobody marked present): attendance 3/6, 1/6, 1/6.
    assert [r["counts"]["attendance"] for r in rows] == [(3, 6), (1, 6), (1, 6)]
    # The index is now the mean of four parts: (1/2 + 1 + 1/3 + 1/3)/4 = 13/24, (1/6 + 2/3 + 1/6 + 1/6)/4
    # = 7/24, (1/6 + 1/2 + 0 + 0)/4 = 1/6.
    assert [r["index"] for r in rows] == pytest.approx([13 / 24, 7 / 24, 1 / 6], abs=1e-4)
    assert answers["ta"] == {"available": True, "teams": 2, "contacts": 5, "minutes": 150}
    # Voices: faculty 30 + 10 = 40 turns, teachers 10 + 30 = 40 of 80: 50 % each.
    shares = {r["role"]: r["share"] for r in answers["voices"]["totals"]}
    assert shares == {"Faculty": 50, "Teacher": 50}
    assert answers["sessions"]["exchanges"] == (1.0, 4.0)
    assert answers["sessions"]["n_events"] == 2
