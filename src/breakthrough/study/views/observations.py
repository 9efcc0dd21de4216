"""Observations: the evaluator schedules visits; the observer scores blind."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import get_object_for_user
from breakthrough.collaboratives.models import Collaborative, Membership, Role
from breakthrough.core.forms import add_service_errors, errors_by_field
from breakthrough.core.models import User
from breakthrough.study import services
from breakthrough.study.forms import ScheduleForm
from breakthrough.study.models import Observation, ObservationScore
from breakthrough.study.views._common import answer_context, wave_for


def _observers(collaborative: Collaborative) -> Any:
    ids = (
        Membership.objects.active().filter(collaborative=collaborative, role=Role.OBSERVER).values("user_id")
    )
    return User.objects.filter(pk__in=ids)


@login_required
def observation_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk, write=True)
    form = ScheduleForm(
        request.POST or None, observers=_observers(wave.collaborative), collaborative=wave.collaborative
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_schedule(by=request.user, wave=wave, **data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The observation is scheduled."))
            return redirect("study:observation-schedule", pk=wave.pk)
    scheduled = wave.observations.active().select_related("classroom", "observer", "second_of")
    firsts = sum(1 for o in scheduled if o.second_of_id is None)
    seconds = len(scheduled) - firsts
    share = round(100 * seconds / firsts) if firsts else 0
    context = {"wave": wave, "form": form, "scheduled": scheduled, "share": share, "seconds": seconds}
    return render(request, "study/schedule.html", context)


@login_required
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Blind: the observer sees the classroom code, the program's address and the time slot, and scores."""
    observation = get_object_for_user(request.user, Observation, pk)
    own = observation.observer_id == request.user.pk
    if not own and request.method == "POST":
        raise PermissionDenied
    language = translation.get_language() or "en"
    values = {f"item-{s.item_id}": s.value for s in ObservationScore.objects.filter(observation=observation)}
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        if observation.status == Observation.Status.SUBMITTED:
            raise PermissionDenied
        submit = "submit" in request.POST
        try:
            services.observation_score(
                observation=observation, by=request.user, raw=request.POST, submit=submit
            )
        except ValidationError as exc:
            errors, values, status = errors_by_field(exc), request.POST, 400
        else:
            messages.success(request, _("Scores submitted.") if submit else _("Scores saved."))
            return redirect("study:observation-detail", pk=observation.pk)
    ctx = answer_context(observation.wave, language, values, errors) | {
        "observation": observation,
        "locked": observation.status == Observation.Status.SUBMITTED or not own,
    }
    return render(request, "study/observation.html", ctx, status=status)
