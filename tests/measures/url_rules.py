"""Who may open each page of monthly reports and measure set-up (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from breakthrough.measures.models import Measure
from breakthrough.measures.services import report_open, report_submit
from tests.factories import make_measure
from tests.test_url_permissions import Rule, also_allowed

TEAM_A = {"teacher", "director", "family"}
SEES_TEAM_A = TEAM_A | {"staff", "faculty", "evaluator"}
PARTICIPANTS = SEES_TEAM_A | {"outsider"}


def setup(cast: Any) -> dict[str, Any]:
    measure = make_measure(cast.collaborative, code="checkin")
    make_measure(cast.collaborative, unit=Measure.Unit.COUNT, code="removals")
    periods = list(cast.collaborative.periods.order_by("month"))
    draft = report_open(team=cast.team_a, period=periods[0], by=cast.teacher)
    submitted = report_open(team=cast.team_a, period=periods[1], by=cast.teacher)
    report_submit(report=submitted, by=cast.teacher)
    return {
        "measure": measure,
        "draft": draft,
        "submitted": submitted,
        "team": cast.team_a,
        "new_period": periods[2],
    }


def _entry(objs: dict[str, Any]) -> dict[str, Any]:
    return {
        "revision": objs["draft"].revision,
        "checkin.numerator": "3",
        "checkin.denominator": "10",
        "removals.value": "1",
        "narrative": "A calm month",
        "action": "save",
    }


def _definition(**extra: Any) -> dict[str, Any]:
    return {
        "definition_en": "Share of days with a check-in",
        "numerator_definition_en": "days with a check-in",
        "denominator_definition_en": "days open",
        "unit": "percent",
        "multiplier": "100",
        "goal": "90",
        **extra,
    }


RULES = {
    "measures:report-list": Rule(allowed=PARTICIPANTS),
    "measures:review-queue": Rule(allowed={"staff", "faculty"}),
    "measures:report-open": Rule(
        kwargs=lambda o: {"team_id": o["team"].pk, "period_id": o["new_period"].pk},
        allowed=TEAM_A | {"staff"},
    ),
    "measures:report-detail": Rule(kwargs=lambda o: {"pk": o["draft"].pk}, allowed=SEES_TEAM_A),
    "measures:report-save": Rule(
        kwargs=lambda o: {"pk": o["draft"].pk}, allowed=TEAM_A | {"staff"}, method="post", data=_entry
    ),
    "measures:report-validate": Rule(
        kwargs=lambda o: {"pk": o["draft"].pk, "code": "checkin"},
        allowed=TEAM_A | {"staff"},
        method="post",
        data=lambda o: {"checkin.numerator": "12", "checkin.denominator": "10"},
    ),
    "measures:report-pull-back": Rule(
        kwargs=lambda o: {"pk": o["submitted"].pk}, allowed=TEAM_A | {"staff"}, method="post"
    ),
    "measures:report-review": Rule(
        kwargs=lambda o: {"pk": o["submitted"].pk}, allowed={"staff", "faculty"}, method="post"
    ),
    "measures:report-comment": Rule(
        kwargs=lambda o: {"pk": o["submitted"].pk},
        allowed=SEES_TEAM_A,
        method="post",
        data=lambda o: {"body": "How did the new routine go?"},
    ),
    "measures:measure-list": Rule(allowed=PARTICIPANTS | {"viewer"}),
    "measures:measure-detail": Rule(
        kwargs=lambda o: {"pk": o["measure"].pk}, allowed=PARTICIPANTS | {"viewer"}
    ),
    "measures:measure-create": Rule(allowed={"staff"}),
    "measures:measure-revise": Rule(
        kwargs=lambda o: {"pk": o["measure"].pk},
        allowed={"staff"},
        method="post",
        data=lambda o: _definition(goal="95", effective_from="2026-03-01", change_reason="Higher"),
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(
    RULES,
    ["measures:measure-create", "measures:measure-list", "measures:report-list", "measures:review-queue"],
    "staff_other",
)
