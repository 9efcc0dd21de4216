"""The change framework's editing pages for project staff.

The driver diagram page itself is ``pdsa/diagram.py``: it shows PDSA counts under each change idea.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import collaboratives_where, get_object_for_user, roles_in
from breakthrough.collaboratives.models import Collaborative, Role
from breakthrough.core.http import pick_or_404
from breakthrough.framework import forms, services
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver

KINDS: dict[str, tuple[type[Any], type[forms.ItemForm], type[Any]]] = {
    # kind: (model, form, parent model)
    "aim": (Aim, forms.AimForm, Collaborative),
    "primary": (PrimaryDriver, forms.PrimaryDriverForm, Collaborative),
    "secondary": (SecondaryDriver, forms.SecondaryDriverForm, PrimaryDriver),
    "idea": (ChangeIdea, forms.ChangeIdeaForm, SecondaryDriver),
}


def _require_staff(user: Any, collab: Collaborative) -> None:
    if not (user.is_superuser or Role.PROJECT_STAFF in roles_in(user, collab)):
        raise PermissionDenied


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    collabs = collaboratives_where(request.user, {Role.PROJECT_STAFF}).active()
    collab = pick_or_404(collabs, request.GET.get("collaborative"))
    if collab is None:
        raise PermissionDenied
    secondaries = SecondaryDriver.objects.prefetch_related("change_ideas")
    primaries = collab.primary_drivers.prefetch_related(Prefetch("secondary_drivers", queryset=secondaries))
    context = {"collab": collab, "collabs": collabs, "aims": collab.aims.all(), "primaries": primaries}
    return render(request, "framework/edit.html", context)


def _edit_url(collab: Collaborative) -> str:
    return f"{reverse('framework:edit')}?collaborative={collab.pk}"


def _item(request: HttpRequest, kind: str, pk: int) -> Any:
    if kind not in KINDS:
        raise Http404
    obj = get_object_for_user(request.user, KINDS[kind][0], pk)
    _require_staff(request.user, obj.get_collaborative())
    return obj


def _save(request: HttpRequest, kind: str, obj: Any, collab: Collaborative) -> HttpResponse:
    form_class = KINDS[kind][1]
    extra = {"collaborative": collab} if kind == "aim" else {}
    initial = {"revision": obj.revision} if obj.pk else {}
    form = form_class(request.POST or None, instance=obj, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_item_save(
                obj=obj, by=request.user, revision=form.cleaned_data.get("revision"), **form.service_data()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
            if obj.pk:
                obj.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(_edit_url(collab))
    context = {"form": form, "obj": obj, "kind": kind, "collab": collab, "back": _edit_url(collab)}
    return render(request, "framework/item_form.html", context)


@login_required
def item_add(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    model, _form, parent_model = KINDS[kind]
    parent = get_object_for_user(request.user, parent_model, request.GET.get("parent"))
    collab = parent.get_collaborative()
    _require_staff(request.user, collab)
    field = services.PARENT[model]
    return _save(request, kind, model(**{field: parent}), collab)


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = _item(request, kind, pk)
    return _save(request, kind, obj, obj.get_collaborative())


@require_POST
@login_required
def item_move(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = _item(request, kind, pk)
    services.framework_item_move(obj=obj, by=request.user, direction=request.POST.get("direction", "up"))
    return redirect(f"{_edit_url(obj.get_collaborative())}#{kind}-{obj.pk}")


@require_POST
@login_required
def item_archive(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = _item(request, kind, pk)
    if request.POST.get("restore") == "1":
        services.framework_item_restore(obj=obj, by=request.user)
        messages.success(request, _("Restored: “%(item)s”.") % {"item": obj})
    else:
        services.framework_item_archive(obj=obj, by=request.user)
        messages.success(request, _("Archived: “%(item)s”. Its PDSA cycles are kept.") % {"item": obj})
    return redirect(_edit_url(obj.get_collaborative()))
