"""The collaborative assessment: a team rates its own progress each month, faculty rate every team."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.assessments.models import SCALE_MAX, SCALE_MIN, SCALE_STEP, Assessment, AssessmentLevel
from breakthrough.assessments.services import assessment_rate
from breakthrough.collaboratives.access import (
    REVIEWERS,
    can_review,
    collaborative_ids_where,
    get_object_for_user,
    is_member_of_team,
    reach_of,
    roles_in,
)
from breakthrough.collaboratives.models import Period, Team, month_start
from breakthrough.core.forms import errors_by_field
from breakthrough.core.numbers import parse_decimal, parse_id


def scale() -> list[dict[str, Any]]:
    """Every score from 1.0 to 5.0 in steps of 0.5, with its level's label and description where set."""
    levels = {level.score: level for level in AssessmentLevel.objects.active()}
    scores, score = [], SCALE_MIN
    while score <= SCALE_MAX:
        level = levels.get(score)
        scores.append(
            {
                "score": score,
                "value": f"{score:.1f}",
                "label": level.label if level else "",
                "description": level.description if level else "",
            }
        )
        score += SCALE_STEP
    return scores


def _history(team: Team) -> list[dict[str, Any]]:
    by_period: dict[int, dict[str, Any]] = {}
    for a in Assessment.objects.active().filter(team=team).select_related("period", "rated_by"):
        row = by_period.setdefault(a.period_id, {"period": a.period, "team": None, "faculty": None})
        row["team" if a.source == Assessment.Source.TEAM else "faculty"] = a
    return sorted(by_period.values(), key=lambda r: r["period"].month, reverse=True)


def _block(team: Team, period: Period | None, source: str, posted: dict[str, Any] | None) -> dict[str, Any]:
    """One team's form for this month (its current rating, or what was just typed) and its history."""
    current = Assessment.objects.filter(team=team, period=period, source=source).first() if period else None
    state = {"score": f"{current.score:.1f}" if current else "", "reason": current.reason if current else ""}
    errors: dict[str, list[str]] = {}
    if posted and posted["team"] == team.pk and posted["source"] == source:
        state, errors = posted["state"], posted["errors"]
    # Faculty rate beside the team's own view of the same month (shown next to their form).
    own_view = None
    if period and source == Assessment.Source.FACULTY:
        own = Assessment.objects.active().filter(team=team, period=period, source=Assessment.Source.TEAM)
        own_view = own.first()
    return {
        "team": team,
        "period": period,
        "source": source,
        "current": current,
        "self_rating": own_view,
        "state": state,
        "errors": errors,
        "history": _history(team),
    }


def _render(request: HttpRequest, posted: dict[str, Any] | None = None) -> HttpResponse:
    user = request.user
    reach = reach_of(user)
    review = collaborative_ids_where(user, REVIEWERS)
    if not (reach.teams or review):
        raise PermissionDenied
    today = month_start(timezone.localdate())

    def this_month(team: Team) -> Period | None:
        # The month under way; once a collaborative has ended, its last month can still be rated.
        return team.collaborative.periods.filter(month__lte=today).order_by("-month").first()

    own_teams = Team.objects.active().filter(pk__in=reach.teams).select_related("collaborative")
    own = [_block(t, this_month(t), Assessment.Source.TEAM, posted) for t in own_teams]
    rated = (
        Team.objects.active()
        .filter(collaborative_id__in=review)
        .exclude(pk__in=reach.teams)
        .select_related("collaborative")
    )
    faculty = [_block(t, this_month(t), Assessment.Source.FACULTY, posted) for t in rated]
    context = {"own": own, "faculty": faculty, "scale": scale(), "today": today}
    return render(request, "assessments/overview.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return _render(request)


def _parse_score(text: str) -> Decimal | None:
    try:
        return parse_decimal(text)
    except ValueError:
        return None


@login_required
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """Save this month's rating: a team member rates their own team; faculty and staff rate any team."""
    team = get_object_for_user(request.user, Team, request.POST.get("team"))
    if is_member_of_team(roles_in(request.user, team.collaborative), team):
        source = Assessment.Source.TEAM
    elif can_review(request.user, team):
        source = Assessment.Source.FACULTY
    else:
        raise PermissionDenied
    period = get_object_or_404(
        Period,
        pk=parse_id(request.POST.get("period")),
        collaborative_id=team.collaborative_id,
        month__lte=timezone.localdate(),
    )
    text, reason = request.POST.get("score", ""), request.POST.get("reason", "")
    score = _parse_score(text)
    errors: dict[str, list[str]] = {}
    if score is None:
        errors["score"] = [_("Choose a score from 1.0 to 5.0 in steps of 0.5.")]
    else:
        try:
            assessment_rate(
                team=team, period=period, source=source, score=score, by=request.user, reason=reason
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
    if errors:
        posted = {
            "team": team.pk,
            "source": source,
            "state": {"score": text, "reason": reason},
            "errors": errors,
        }
        return _render(request, posted)
    messages.success(request, _("Rating saved for %(team)s.") % {"team": team.name})
    return redirect(f"{reverse('assessments:overview')}#team-{team.pk}")
