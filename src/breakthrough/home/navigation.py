"""The navigation each person sees, from their roles. Pages not built yet are simply left out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.access import (
    AGGREGATE_READERS,
    APPLICATION_STAFF,
    ASSESSORS,
    DIRECTORY_READERS,
    FIELDWORK_PAGE,
    INCIDENT_ROLES,
    OVERSIGHT,
    PARTICIPANTS,
    READERS,
    REVIEWERS,
    STUDY_AGGREGATES,
    STUDY_PAGE,
    reach_of,
)
from breakthrough.collaboratives.models import Role

# (URL name, label, roles that see the link)
NAV = [
    ("measures:report-list", _("Monthly reports"), PARTICIPANTS),
    ("measures:review-queue", _("Review queue"), REVIEWERS),
    ("pdsa:cycle-list", _("PDSA log"), PARTICIPANTS),
    ("pdsa:library", _("Shared PDSAs"), PARTICIPANTS),
    ("framework:diagram", _("Change framework"), READERS),
    ("events:calendar", _("Events"), PARTICIPANTS),
    ("assessments:overview", _("Assessment"), ASSESSORS),
    ("community:home", _("Community"), PARTICIPANTS),
    ("library:home", _("Resources"), PARTICIPANTS),
    ("community:directory", _("Member directory"), DIRECTORY_READERS),
    ("spread:home", _("Spread"), PARTICIPANTS),
    ("dashboards:teams", _("Team dashboard"), PARTICIPANTS),
    ("dashboards:collaborative", _("Dashboard"), AGGREGATE_READERS),
    ("study:home", _("Study"), STUDY_PAGE),
    ("incidents:summary", _("Incidents"), INCIDENT_ROLES | OVERSIGHT),
    ("intake:list", _("Applications"), APPLICATION_STAFF),
    ("fieldwork:start", _("Fieldwork"), FIELDWORK_PAGE),
    ("feasibility:home", _("Theory of change"), STUDY_AGGREGATES),
    ("collaboratives:setup", _("Set-up"), {Role.PROJECT_STAFF}),
    ("audit:audit", _("Audit trail"), {Role.PROJECT_STAFF}),
    ("search:search", _("Search"), READERS),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    roles = reach_of(user).roles
    links = []
    for name, label, allowed in NAV:
        if not (user.is_superuser or roles & allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"url": url, "label": label, "current": False})
    # One item is current: the longest link the page's address starts with (/dashboards/teams/ is the team
    # dashboard, not also the collaborative's /dashboards/).
    matching = [link for link in links if request.path.startswith(link["url"])]
    if matching:
        max(matching, key=lambda link: len(link["url"]))["current"] = True
    return {"nav": links, "my_roles": roles}
