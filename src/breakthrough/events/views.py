from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    PARTICIPANTS,
    can_review,
    collaboratives_where,
    get_object_for_user,
    reach_of,
    roles_in,
)
from breakthrough.collaboratives.models import Role
from breakthrough.core.forms import add_service_errors
from breakthrough.events import services
from breakthrough.events.forms import AttendanceForm, EventForm, MaterialForm, OwnAttendanceForm
from breakthrough.events.models import Attendance, Event, EventMaterial


def _staff_collaboratives(user: Any) -> Any:
    return collaboratives_where(user, {Role.PROJECT_STAFF}).active()


def _is_staff(user: Any, event: Event) -> bool:
    return user.is_superuser or Role.PROJECT_STAFF in roles_in(user, event.collaborative)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The events this person may see, upcoming first (by month), then past ones."""
    user = request.user
    if not (user.is_superuser or bool(reach_of(user).collaboratives(PARTICIPANTS))):
        raise PermissionDenied
    now = timezone.now()
    events = Event.objects.active().visible_to(user).select_related("collaborative", "team")
    upcoming = events.filter(ends_at__gte=now).order_by("starts_at")
    past = events.filter(ends_at__lt=now).order_by("-starts_at")

    def by_month(rows: Any) -> list[tuple[Any, list[Event]]]:
        local = [(timezone.localtime(e.starts_at).date().replace(day=1), e) for e in rows]
        return [(month, [e for _m, e in group]) for month, group in groupby(local, key=lambda pair: pair[0])]

    mine = dict(Attendance.objects.filter(user=user, event__in=events).values_list("event_id", "status"))
    return render(
        request,
        "events/calendar.html",
        {
            "upcoming": by_month(upcoming),
            "past": by_month(past),
            "mine": mine,
            "can_create": _staff_collaboratives(user).exists(),
        },
    )


def _detail(request: HttpRequest, event: Event, material_form: MaterialForm | None = None) -> HttpResponse:
    user = request.user
    reviewer = can_review(user, event)
    mine = Attendance.objects.filter(event=event, user=user).first()
    context = {
        "event": event,
        "materials": event.materials.active(),
        "mine": mine,
        "reviewer": reviewer,
        "is_staff": _is_staff(user, event),
        "material_form": material_form or MaterialForm(),
        "attendance": event.attendance.select_related("user") if reviewer else None,
    }
    return render(request, "events/event_detail.html", context)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_for_user(request.user, Event, pk))


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    collaboratives = _staff_collaboratives(request.user)
    if not collaboratives.exists():
        raise PermissionDenied
    return _event_form(request, Event(), collaboratives)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_for_user(request.user, Event, pk, write=True)
    if not _is_staff(request.user, event):
        raise PermissionDenied
    return _event_form(request, event, _staff_collaboratives(request.user))


def _event_form(request: HttpRequest, event: Event, collaboratives: Any) -> HttpResponse:
    form = EventForm(request.POST or None, instance=event, collaboratives=collaboratives)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(
                event=form.save(commit=False), by=request.user, revision=form.cleaned_data["revision"]
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:event-detail", pk=saved.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """A person marks their own attendance (an htmx request gets the section back, others a redirect)."""
    event = get_object_for_user(request.user, Event, pk)
    form = OwnAttendanceForm(request.POST)
    saved = False
    if not form.is_valid():
        messages.error(request, _("Choose whether you attended."))
    else:
        status = form.cleaned_data["status"]
        try:
            services.attendance_mark(event=event, user=request.user, status=status, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            saved = True
    if request.headers.get("HX-Request") and saved:
        mine = Attendance.objects.get(event=event, user=request.user)
        return render(request, "events/event_detail.html#my-attendance", {"event": event, "mine": mine})
    if saved:
        messages.success(request, _("Your attendance is saved."))
    return redirect("events:event-detail", pk=event.pk)


@login_required
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Faculty and staff record everyone expected at the event in one form."""
    event = get_object_for_user(request.user, Event, pk)
    if not can_review(request.user, event):
        raise PermissionDenied
    people = event.expected_people()
    current = dict(event.attendance.values_list("user_id", "status"))
    form = AttendanceForm(request.POST or None, people=people, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(event=event, statuses=form.statuses(), by=request.user)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("events:event-detail", pk=event.pk)
    return render(request, "events/attendance_form.html", {"event": event, "form": form})


@login_required
@require_POST
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_for_user(request.user, Event, pk)
    if not can_review(request.user, event):
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        services.material_add(event=event, by=request.user, **form.cleaned_data)
        messages.success(request, _("The file is attached."))
        return redirect("events:event-detail", pk=event.pk)
    return _detail(request, event, material_form=form)


@login_required
def material_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Files are never served from a public media URL: only to people who may see the event."""
    material = get_object_for_user(request.user, EventMaterial, pk)
    if material.is_archived:
        raise Http404
    try:
        handle = default_storage.open(material.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=material.filename)


@login_required
@require_POST
def material_archive(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_for_user(request.user, EventMaterial, pk)
    if not can_review(request.user, material):
        raise PermissionDenied
    services.material_archive(material=material, by=request.user)
    messages.success(request, _("The file is removed from the event. It is kept in the archive."))
    return redirect("events:event-detail", pk=material.event_id)
