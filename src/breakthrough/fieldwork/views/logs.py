"""Technical-assistance contacts and adaptations of the model: lists with filters and totals, add, edit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from breakthrough.collaboratives import access
from breakthrough.collaboratives.models import add_months
from breakthrough.fieldwork import selectors, services
from breakthrough.fieldwork.forms import AdaptationFilter, AdaptationForm, TAFilter, TAForm
from breakthrough.fieldwork.models import Adaptation, TAContact
from breakthrough.fieldwork.views._common import collaborative_for


def _revision(request: HttpRequest) -> int | None:
    text = request.POST.get("revision", "")
    return int(text) if text.isdigit() else None


def _in_month(rows: QuerySet[Any], month: Any) -> QuerySet[Any]:
    return rows.filter(date__gte=month, date__lt=add_months(month, 1)) if month else rows


@login_required
def ta_list(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, access.can_read_fieldwork_logs)
    can_record = access.can_record_ta(request.user, collab)
    form = TAForm(request.POST or None, collaborative=collab, prefix="new")
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.ta_contact_save(by=request.user, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("fieldwork:ta", slug=collab.slug)
    filters = TAFilter(request.GET or None, collaborative=collab)
    rows = selectors.ta_contacts(collab)
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("team"):
            rows = rows.filter(team=data["team"])
        if data.get("topic"):
            rows = rows.filter(topic=data["topic"])
        rows = _in_month(rows, data.get("month"))
    elif filters.is_bound:
        rows = rows.none()
    totals = rows.aggregate(n=Count("pk"), minutes=Sum("minutes"))
    by_topic = [
        (TAContact.Topic(t).label, n, m)
        for t, n, m in rows.order_by()
        .values("topic")
        .annotate(n=Count("pk"), m=Sum("minutes"))
        .values_list("topic", "n", "m")
    ]
    context = {
        "collaborative": collab,
        "rows": rows,
        "filters": filters,
        "totals": {"n": totals["n"] or 0, "minutes": totals["minutes"] or 0},
        "by_topic": sorted(by_topic),
        "form": form,
        "can_record": can_record,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "fieldwork/ta_list.html", context, status=status)


@login_required
def ta_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_object_for_user(request.user, TAContact, pk, write=True)
    collab = contact.team.collaborative
    form = TAForm(request.POST or None, collaborative=collab, instance=contact)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "team"}
        fresh = TAContact.objects.get(pk=contact.pk)
        try:
            services.ta_contact_save(
                by=request.user,
                team=form.cleaned_data["team"],
                contact=fresh,
                revision=_revision(request),
                **data,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("fieldwork:ta", slug=collab.slug)
    status = 400 if request.method == "POST" else 200
    context = {"collaborative": collab, "form": form, "contact": contact}
    return render(request, "fieldwork/ta_edit.html", context, status=status)


@login_required
def adaptation_list(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, access.can_read_fieldwork_logs)
    can_record = access.can_record_adaptations(request.user, collab)
    form = AdaptationForm(request.POST or None, prefix="new")
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.adaptation_save(by=request.user, collaborative=collab, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("fieldwork:adaptations", slug=collab.slug)
    filters = AdaptationFilter(request.GET or None)
    rows = selectors.adaptations(collab)
    if filters.is_valid():
        if filters.cleaned_data.get("component"):
            rows = rows.filter(component=filters.cleaned_data["component"])
        rows = _in_month(rows, filters.cleaned_data.get("month"))
    elif filters.is_bound:
        rows = rows.none()
    by_component = [
        (Adaptation.Component(c).label, n)
        for c, n in rows.order_by().values("component").annotate(n=Count("pk")).values_list("component", "n")
    ]
    context = {
        "collaborative": collab,
        "rows": rows,
        "filters": filters,
        "total": rows.count(),
        "by_component": sorted(by_component),
        "form": form,
        "can_record": can_record,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "fieldwork/adaptation_list.html", context, status=status)


@login_required
def adaptation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_object_for_user(request.user, Adaptation, pk, write=True)
    form = AdaptationForm(request.POST or None, initial=AdaptationForm.initial_of(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.adaptation_save(
                by=request.user,
                collaborative=row.collaborative,
                adaptation=row,
                revision=_revision(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("fieldwork:adaptations", slug=row.collaborative.slug)
    status = 400 if request.method == "POST" else 200
    context = {"collaborative": row.collaborative, "form": form, "adaptation": row}
    return render(request, "fieldwork/adaptation_edit.html", context, status=status)
