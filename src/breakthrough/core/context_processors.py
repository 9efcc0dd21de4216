"""The navigation each person sees, from their roles. Pages not built yet are simply left out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import TEAM_ROLES, Membership, Role

OVERSIGHT = {Role.PROJECT_STAFF, Role.FACULTY, Role.EVALUATOR}
PARTICIPANTS = set(TEAM_ROLES) | OVERSIGHT

# (URL name, label, roles that see the link)
NAV = [
    ("measures:report-list", _("Monthly reports"), PARTICIPANTS),
    ("measures:review-queue", _("Review queue"), {Role.FACULTY, Role.PROJECT_STAFF}),
    ("pdsa:cycle-list", _("PDSA log"), PARTICIPANTS),
    ("pdsa:library", _("Shared PDSAs"), PARTICIPANTS),
    ("framework:diagram", _("Change framework"), PARTICIPANTS | {Role.VIEWER}),
    ("events:calendar", _("Events"), PARTICIPANTS),
    ("assessments:overview", _("Assessment"), set(TEAM_ROLES) | {Role.FACULTY, Role.PROJECT_STAFF}),
    ("dashboards:teams", _("Team dashboard"), PARTICIPANTS),
    ("dashboards:collaborative", _("Dashboard"), OVERSIGHT | {Role.VIEWER}),
    ("study:home", _("Study"), {Role.EVALUATOR, Role.OBSERVER, Role.PROJECT_STAFF, Role.VIEWER, *TEAM_ROLES}),
    ("collaboratives:setup", _("Set-up"), {Role.PROJECT_STAFF}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    roles = set(Membership.objects.active().filter(user=user).values_list("role", flat=True))
    links = []
    for name, label, allowed in NAV:
        if not (user.is_superuser or roles & allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {"nav": links, "my_roles": roles}
