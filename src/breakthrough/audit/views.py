"""The audit page for project staff: every change in their collaboratives (who, what, when, before and after),
every export and import, and the sign-ins of their collaboratives' people."""

from __future__ import annotations

from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from breakthrough.audit.forms import AuditFilterForm
from breakthrough.collaboratives.access import collaboratives_where
from breakthrough.collaboratives.models import Membership, Role
from breakthrough.core.models import AuditRecord, User

PAGE_SIZE = 50


def _records(collaborative: Any, data: dict[str, Any]) -> Any:
    records = AuditRecord.objects.filter(collaborative_id=collaborative.pk).select_related("by")
    if data.get("team"):
        records = records.filter(team_id=data["team"])
    if data.get("person"):
        records = records.filter(by_id=data["person"])
    if data.get("model"):
        app_label, _dot, model_name = data["model"].partition(".")
        records = records.filter(app_label=app_label, model_name=model_name)
    if data.get("action"):
        records = records.filter(action=data["action"])
    if data.get("start"):
        records = records.filter(at__date__gte=data["start"])
    if data.get("end"):
        records = records.filter(at__date__lte=data["end"])
    return records


def _sign_ins(people: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
    usernames = [p.username for p in people if not data.get("person") or p.pk == data["person"]]
    done = AccessLog.objects.filter(username__in=usernames).order_by("-attempt_time")[:PAGE_SIZE]
    failed = AccessFailureLog.objects.filter(username__in=usernames).order_by("-attempt_time")[:PAGE_SIZE]
    rows = [{"at": r.attempt_time, "username": r.username, "ok": True, "ip": r.ip_address} for r in done]
    rows += [
        {
            "at": r.attempt_time,
            "username": r.username,
            "ok": False,
            "ip": r.ip_address,
            "locked": r.locked_out,
        }
        for r in failed
    ]
    return sorted(rows, key=lambda r: r["at"], reverse=True)[:PAGE_SIZE]


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    collaboratives = list(collaboratives_where(request.user, {Role.PROJECT_STAFF}).order_by("name"))
    if not collaboratives:
        raise PermissionDenied
    chosen = request.GET.get("collaborative", "")
    collaborative = next((c for c in collaboratives if str(c.pk) == chosen), collaboratives[0])
    teams = collaborative.teams.order_by("name")
    member_ids = Membership.objects.filter(collaborative=collaborative).values("user_id")
    people = User.objects.filter(pk__in=member_ids).order_by("last_name", "first_name", "username")
    kinds = (
        AuditRecord.objects.filter(collaborative_id=collaborative.pk)
        .order_by()
        .values_list("app_label", "model_name")
        .distinct()
    )
    form = AuditFilterForm(
        request.GET or {"collaborative": collaborative.pk},
        collaboratives=collaboratives,
        teams=teams,
        people=people,
        models=sorted(f"{a}.{m}" for a, m in kinds),
    )
    if not form.is_valid():
        context = {"form": form, "page": None, "sign_ins": [], "collaborative": collaborative}
        return render(request, "audit/audit.html", context, status=400)
    data = form.cleaned_data
    page = Paginator(_records(collaborative, data), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "collaborative": collaborative,
        "page": page,
        "query": query.urlencode(),
        "sign_ins": _sign_ins(people, data) if not data.get("model") and not data.get("team") else [],
    }
    return render(request, "audit/audit.html", context)
