"""Who may open each study page (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.study.helpers import make_study
from tests.test_url_permissions import Rule, also_allowed


def setup(cast: Any) -> dict[str, Any]:
    return make_study(cast)


STUDY = {"evaluator", "staff"}
TEAM_MEMBERS = {"teacher", "director", "family", "outsider"}

RULES = {
    "study:home": Rule(allowed=STUDY | {"observer", "viewer"} | TEAM_MEMBERS),
    "study:instrument-list": Rule(allowed=STUDY),
    "study:instrument-import": Rule(allowed=STUDY),
    "study:instrument-detail": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["survey"].pk}),
    "study:instrument-export": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["survey"].pk}),
    "study:wave-create": Rule(allowed=STUDY),
    "study:wave-detail": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["wave"].pk}),
    "study:wave-links": Rule(
        allowed=STUDY,
        method="post",
        kwargs=lambda o: {"pk": o["wave"].pk},
        data=lambda o: {
            "group": "families",
            "program": o["program"].pk,
            "role": "family",
            "language": "en",
            "respondent_keys": "FAM-900",
        },
    ),
    "study:wave-remind": Rule(allowed=STUDY, method="post", kwargs=lambda o: {"pk": o["wave"].pk}),
    "study:wave-scores": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["wave"].pk}),
    "study:answer": Rule(allowed=TEAM_MEMBERS, kwargs=lambda o: {"pk": o["wave"].pk}),
    "study:observation-schedule": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["obs_wave"].pk}),
    # A link answers without an account; a wrong token is refused to everyone (valid: test_views).
    "study:answer-by-link": Rule(allowed=set(), kwargs=lambda o: {"token": "not-a-real-token"}),
    "study:observation-detail": Rule(
        allowed=STUDY | {"observer"}, kwargs=lambda o: {"pk": o["observation"].pk}
    ),
    "study:incident-new": Rule(allowed={"teacher", "director", "outsider"}),
    "study:equity": Rule(allowed=STUDY),
    "study:interview-list": Rule(allowed=STUDY),
    "study:interview-detail": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["interview"].pk}),
    "study:excerpts-export": Rule(allowed=STUDY),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(
    RULES,
    [
        "study:equity",
        "study:excerpts-export",
        "study:home",
        "study:instrument-detail",
        "study:instrument-export",
        "study:instrument-import",
        "study:instrument-list",
        "study:interview-list",
        "study:wave-create",
    ],
    "staff_other",
)
