from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import collaborative_ids_where
from breakthrough.collaboratives.models import Role
from breakthrough.core.models import User
from breakthrough.notifications import kinds, services
from breakthrough.notifications.forms import PreferencesForm
from breakthrough.notifications.models import Delivery, Kind, Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.for_user(request.user).select_related("collaborative")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    items = [(n, kinds.title(n.kind, n.params)) for n in page]
    return render(request, "notifications/list.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
    services.mark_read(user=request.user, ids=ids or None)
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and follow its link."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    return redirect(notification.link or "notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, current=services.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, channels=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Open without signing in: the signed token names the person and the kind."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        raise Http404
    user = User.objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        raise Http404
    kind = Kind(found[1])
    done = False
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        done = True
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})


@login_required
def deliveries(request: HttpRequest) -> HttpResponse:
    """Project staff: emails of their collaboratives that failed after the last try (or are waiting)."""
    ids = collaborative_ids_where(request.user, {Role.PROJECT_STAFF})
    if not (ids or request.user.is_superuser):
        raise PermissionDenied
    rows = Notification.objects.filter(delivery__in=[Delivery.FAILED, Delivery.PENDING])
    if not request.user.is_superuser:
        rows = rows.filter(collaborative__in=ids)
    rows = rows.select_related("user", "collaborative").order_by("delivery", "-created_at")[:200]
    return render(request, "notifications/deliveries.html", {"rows": rows})


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    ids = collaborative_ids_where(request.user, {Role.PROJECT_STAFF})
    rows = Notification.objects.filter(delivery=Delivery.FAILED)
    if not request.user.is_superuser:
        rows = rows.filter(collaborative__in=ids)
    notification = get_object_or_404(rows, pk=pk)
    services.retry(notification=notification)
    messages.success(request, _("The email will be sent again by the worker."))
    return redirect("notifications:deliveries")
