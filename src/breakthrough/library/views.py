"""The resource library's pages: the change package by driver and change idea, with learning-session
materials read from the events; files only through the permission-checked download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    LIBRARY_EDITORS,
    PARTICIPANTS,
    collaboratives_where,
    get_object_for_user,
    has_any,
    roles_in,
)
from breakthrough.core.http import pick_or_404
from breakthrough.events.models import Event, EventMaterial
from breakthrough.framework.models import PrimaryDriver
from breakthrough.library import services
from breakthrough.library.forms import ResourceForm, VersionForm
from breakthrough.library.models import Resource, ResourceVersion


def _editor(user: Any, collaborative: Any) -> bool:
    return user.is_superuser or has_any(roles_in(user, collaborative), LIBRARY_EDITORS)


def _shown(resource: Resource, language: str) -> dict[str, Any]:
    return {
        "resource": resource,
        "title": resource.localized("title", language),
        "description": resource.localized("description", language),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    collaboratives = collaboratives_where(request.user, PARTICIPANTS).active().order_by("-start_date", "pk")
    collab = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if collab is None:
        raise PermissionDenied
    language = get_language() or "en"
    resources = list(
        Resource.objects.active().filter(collaborative=collab).select_related("driver", "change_idea")
    )
    drivers = []
    for driver in PrimaryDriver.objects.active().filter(collaborative=collab).order_by("order", "pk"):
        mine = [r for r in resources if r.driver_id == driver.pk]
        ideas: dict[Any, list[dict[str, Any]]] = {}
        for r in mine:
            ideas.setdefault(r.change_idea, []).append(_shown(r, language))
        general = ideas.pop(None, [])
        drivers.append(
            {"driver": driver, "general": general, "ideas": sorted(ideas.items(), key=lambda kv: kv[0].name)}
        )
    unfiled = [_shown(r, language) for r in resources if r.driver_id is None]
    sessions = (
        Event.objects.active()
        .visible_to(request.user)
        .filter(collaborative=collab, kind=Event.Kind.LEARNING_SESSION)
    )
    materials = (
        EventMaterial.objects.active()
        .filter(event__in=sessions)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    context = {
        "collaboratives": collaboratives,
        "collaborative": collab,
        "drivers": drivers,
        "unfiled": unfiled,
        "materials": materials,
        "editor": _editor(request.user, collab),
        "language": language,
    }
    return render(request, "library/home.html", context)


@login_required
def resource_create(request: HttpRequest) -> HttpResponse:
    collaboratives = (
        collaboratives_where(request.user, LIBRARY_EDITORS).active().order_by("-start_date", "pk")
    )
    collab = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if collab is None:
        raise PermissionDenied
    form = ResourceForm(request.POST or None, request.FILES or None, collaborative=collab)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(collaborative=collab, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The resource is in the library."))
            return redirect(resource)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "library/resource_form.html", {"form": form, "collaborative": collab}, status=status
    )


def _resource_page(request: HttpRequest, resource: Resource, form: VersionForm | None = None) -> HttpResponse:
    language = get_language() or "en"
    context = {
        **_shown(resource, language),
        "versions": resource.versions.active().select_related("uploaded_by"),
        "editor": _editor(request.user, resource.collaborative),
        "form": form or VersionForm(),
    }
    return render(request, "library/resource.html", context)


@login_required
def resource(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for_user(request.user, Resource, pk)
    if found.is_archived:
        raise Http404
    return _resource_page(request, found)


@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for_user(request.user, Resource, pk, write=True)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.version_add(resource=found, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The new version is uploaded. Earlier versions stay listed."))
            return redirect(found)
    response = _resource_page(request, found, form=form)
    response.status_code = 400
    return response


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """Files are never served from a public media URL: only to people who may read the library."""
    version = get_object_for_user(request.user, ResourceVersion, pk)
    if version.is_archived or version.resource.is_archived:
        raise Http404
    try:
        handle = default_storage.open(version.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
