"""The public application form (no account), the staff's review pages, the study's readiness table and the
planning meeting. Who may open what is decided in collaboratives/access.py."""

from __future__ import annotations

import hashlib
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    APPLICATION_STAFF,
    READERS,
    READINESS_READERS,
    can_change,
    can_review_applications,
    collaboratives_where,
    get_object_for_user,
)
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.http import pick_or_404
from breakthrough.intake import selectors, services
from breakthrough.intake.forms import ApplicationForm, CallForm, DecisionForm, MeetingForm, RatingForm
from breakthrough.intake.models import Application, ApplicationCall, PlanningMeeting

APPLICATIONS_PER_HOUR = 5  # from one address; a program sends one, a robot sends hundreds


# --- The public form: no account. ---


def apply_index(request: HttpRequest) -> HttpResponse:
    """The collaboratives taking applications today."""
    today = timezone.localdate()
    calls = ApplicationCall.objects.active().filter(applications_open=True, collaborative__archived_at=None)
    open_now = [c.collaborative for c in calls.select_related("collaborative") if c.is_open(today)]
    return render(request, "intake/apply_index.html", {"collaboratives": open_now})


def _too_many(request: HttpRequest) -> bool:
    """Count this address's applications in the shared cache (the address is kept only as a hash)."""
    address = get_client_ip_address(request) or ""
    key = "intake-apply:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > APPLICATIONS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return False


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative.objects.active(), slug=slug)
    call = services.open_call(collaborative, timezone.localdate())
    if call is None:
        return render(request, "intake/apply_closed.html", {"collaborative": collaborative})
    language = translation.get_language()
    form = ApplicationForm(request.POST or None, initial={"language": language if language == "es" else "en"})
    if request.method == "POST":
        if _too_many(request):
            context = {"collaborative": collaborative}
            return render(request, "intake/apply_throttled.html", context, status=429)
        if form.is_robot:
            return redirect("intake:thanks", slug=slug)  # a robot learns nothing; nothing is saved
        if form.is_valid():
            try:
                services.application_submit(
                    collaborative=collaborative, today=timezone.localdate(), **form.cleaned_data_for_service()
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("intake:thanks", slug=slug)
    status = 400 if request.method == "POST" else 200
    context = {"collaborative": collaborative, "call": call, "form": form}
    return render(request, "intake/apply.html", context, status=status)


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative.objects.active(), slug=slug)
    return render(request, "intake/thanks.html", {"collaborative": collaborative})


# --- Project staff: the applications, their ratings and the decision. ---


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    collaboratives = (
        collaboratives_where(request.user, APPLICATION_STAFF).active().order_by("-start_date", "pk")
    )
    collaborative = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if collaborative is None:
        raise PermissionDenied
    call = ApplicationCall.objects.filter(collaborative=collaborative).first()
    readiness = selectors.readiness_by_application(collaborative)
    context = {
        "collaboratives": collaboratives,
        "collaborative": collaborative,
        "applications": [(a, readiness.get(a.pk)) for a in selectors.applications_of(collaborative)],
        "call": call,
        "call_form": CallForm(instance=call, prefix="call"),
        "rubric": selectors.rubric_of(collaborative),
    }
    return render(request, "intake/application_list.html", context)


@login_required
@require_POST
def call_edit(request: HttpRequest, collaborative_id: int) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative, pk=collaborative_id)
    if not can_review_applications(request.user, collaborative):
        raise Http404
    call = ApplicationCall.objects.filter(collaborative=collaborative).first()
    form = CallForm(
        request.POST, instance=call or ApplicationCall(collaborative=collaborative), prefix="call"
    )
    if form.is_valid():
        try:
            services.call_save(call=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The call for applications is saved."))
            return redirect(f"{reverse('intake:list')}?collaborative={collaborative.pk}")
    context = {"collaborative": collaborative, "call_form": form}
    return render(request, "intake/call_form.html", context, status=400)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_for_user(request.user, Application, pk)
    rubric = selectors.rubric_of(application.collaborative)
    rows = selectors.rating_rows(application, rubric, request.user)
    rating_form = RatingForm(request.POST if request.method == "POST" else None, rows=rows, prefix="rate")
    status = 200
    if request.method == "POST":
        get_object_for_user(request.user, Application, pk, write=True)
        if rating_form.is_valid():
            try:
                services.ratings_save(application=application, ratings=rating_form.ratings(), by=request.user)
            except ValidationError as exc:
                rating_form.add_service_errors(exc)
            else:
                messages.success(request, _("Your ratings are saved."))
                return redirect("intake:detail", pk=application.pk)
        status = 400
    return _detail(request, application, rubric, rows, rating_form, DecisionForm(prefix="decide"), status)


def _detail(
    request: HttpRequest,
    application: Application,
    rubric: Any,
    rows: list[selectors.CriterionRow],
    rating_form: RatingForm,
    decision_form: DecisionForm,
    status: int,
) -> HttpResponse:
    context = {
        "application": application,
        "rubric": rubric,
        "rating_form": rating_form,
        "decision_form": decision_form,
        "readiness": selectors.readiness_by_application(application.collaborative).get(application.pk),
        "may_change": can_change(request.user, application),
    }
    return render(request, "intake/application_detail.html", context, status=status)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_for_user(request.user, Application, pk, write=True)
    form = DecisionForm(request.POST, prefix="decide")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                application = services.application_accept(
                    application=application, by=request.user, note=data["note"], team_name=data["team_name"]
                )
                messages.success(
                    request,
                    _("Accepted: %(program)s and its team %(team)s are in the collaborative.")
                    % {"program": application.program, "team": application.team},
                )
            else:
                services.application_decline(application=application, by=request.user, note=data["note"])
                messages.success(request, _("The application is declined."))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("intake:detail", pk=application.pk)
    rubric = selectors.rubric_of(application.collaborative)
    rows = selectors.rating_rows(application, rubric, request.user)
    return _detail(request, application, rubric, rows, RatingForm(rows=rows, prefix="rate"), form, 400)


# --- The study: readiness scores, without contact data. ---


@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    collaboratives = (
        collaboratives_where(request.user, READINESS_READERS).active().order_by("-start_date", "pk")
    )
    collaborative = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if collaborative is None:
        raise PermissionDenied
    rubric = selectors.rubric_of(collaborative)
    context = {
        "collaboratives": collaboratives,
        "collaborative": collaborative,
        "rubric": rubric,
        "rows": selectors.readiness_table(collaborative, rubric),
    }
    return render(request, "intake/readiness.html", context)


# --- The community planning meeting: everyone who reads the framework; project staff record it. ---


@login_required
def planning(request: HttpRequest) -> HttpResponse:
    collaboratives = collaboratives_where(request.user, READERS).active().order_by("-start_date", "pk")
    collaborative = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if collaborative is None:
        raise PermissionDenied
    context = {
        "collaboratives": collaboratives,
        "collaborative": collaborative,
        "meeting": selectors.planning_meeting(collaborative),
        "may_edit": can_change(request.user, PlanningMeeting(collaborative=collaborative)),
    }
    return render(request, "intake/planning.html", context)


@login_required
def planning_edit(request: HttpRequest, collaborative_id: int) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative.objects.active(), pk=collaborative_id)
    meeting = selectors.planning_meeting(collaborative)
    probe = meeting or PlanningMeeting(collaborative=collaborative)
    if not can_change(request.user, probe):
        raise Http404  # project staff only; to anyone else the page is not there
    form = MeetingForm(
        request.POST if request.method == "POST" else None, collaborative=collaborative, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_save(
                collaborative=collaborative,
                by=request.user,
                held_on=data["held_on"],
                place=data["place"],
                focus_areas=data["focus_areas"],
                rationale=data["rationale"],
                drivers=data["drivers"],
                measures=data["measures"],
                participants=form.participants(),
                translations={"focus_areas_es": data["focus_areas_es"], "rationale_es": data["rationale_es"]},
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The planning meeting is saved."))
            return redirect(f"{reverse('intake:planning')}?collaborative={collaborative.pk}")
    status = 400 if request.method == "POST" else 200
    context = {"collaborative": collaborative, "form": form, "meeting": meeting}
    return render(request, "intake/planning_form.html", context, status=status)
