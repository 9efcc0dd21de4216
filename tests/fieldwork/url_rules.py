"""Who may open each fieldwork page (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.fieldwork.helpers import make_fieldwork
from tests.test_url_permissions import Rule


def setup(cast: Any) -> dict[str, Any]:
    return make_fieldwork(cast) | {"slug": cast.collaborative.slug}


OVERSIGHT = {"staff", "faculty", "evaluator"}
STUDY = {"staff", "evaluator"}
RATERS_A = {"teacher", "director"}  # team A's teachers and directors (its program has the classroom)


def slug(o: dict[str, Any]) -> dict[str, Any]:
    return {"slug": o["slug"]}


RULES = {
    "fieldwork:home": Rule(allowed=OVERSIGHT | RATERS_A | {"outsider", "viewer"}, kwargs=slug),
    "fieldwork:sessions": Rule(allowed=OVERSIGHT, kwargs=slug),
    "fieldwork:session-new": Rule(allowed=STUDY, kwargs=slug),
    "fieldwork:session-detail": Rule(allowed=OVERSIGHT, kwargs=lambda o: {"pk": o["observation"].pk}),
    "fieldwork:ta": Rule(allowed=OVERSIGHT, kwargs=slug),
    # Changed by whoever gave the contact (faculty here) and project staff.
    "fieldwork:ta-edit": Rule(allowed={"faculty", "staff"}, kwargs=lambda o: {"pk": o["contact"].pk}),
    "fieldwork:adaptations": Rule(allowed=OVERSIGHT, kwargs=slug),
    "fieldwork:adaptation-edit": Rule(allowed=STUDY, kwargs=lambda o: {"pk": o["adaptation"].pk}),
    # Aggregates: the study team in full; viewers and teams' teachers and directors suppressed.
    "fieldwork:children": Rule(allowed=STUDY | RATERS_A | {"outsider", "viewer"}, kwargs=slug),
    "fieldwork:children-upload": Rule(allowed=STUDY | RATERS_A, kwargs=slug),
    "fieldwork:child-sheet": Rule(
        allowed=STUDY | RATERS_A,
        kwargs=lambda o: {"slug": o["slug"], "classroom": o["classroom"].pk, "time_point": "pre"},
    ),
}
