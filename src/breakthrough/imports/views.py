"""Import pages: a team's Excel template and its upload; staff's imports of a whole collaborative; the
preview of every upload and its one-step application."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import can_import, can_import_team_values
from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.background import in_background
from breakthrough.core.http import owned_or_404
from breakthrough.imports import kinds, services
from breakthrough.imports.forms import UploadForm
from breakthrough.imports.models import ImportBatch
from breakthrough.imports.tasks import apply_import
from breakthrough.imports.template import team_template as build_template

SHOWN = 200  # rows of each list a preview shows (the counts are complete)


def _team_for(request: HttpRequest, pk: int) -> Team:
    team = Team.objects.filter(pk=pk).select_related("collaborative").first()
    if team is None or not can_import_team_values(request.user, team):
        raise Http404
    return team


def _collaborative_for(request: HttpRequest, slug: str) -> Collaborative:
    collaborative = get_object_or_404(Collaborative, slug=slug)
    if not can_import(request.user, collaborative):
        raise Http404
    return collaborative


@login_required
def team_template(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    response = HttpResponse(
        build_template(team), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="monthly-data-{slugify(team.name)}.xlsx"'
    return response


def _preview(request: HttpRequest, form: UploadForm, **where: Any) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    batch, _plan = services.import_preview(
        by=request.user,
        file_name=upload.name,
        data=upload.read(),
        base_url=request.build_absolute_uri("/"),
        **where,
    )
    return redirect("imports:batch-detail", pk=batch.pk)


@login_required
def team_upload(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    done = _preview(request, form, collaborative=team.collaborative, team=team, kind="team_values")
    return done or render(request, "imports/team_upload.html", {"team": team, "form": form})


@login_required
def import_index(request: HttpRequest, slug: str) -> HttpResponse:
    collaborative = _collaborative_for(request, slug)
    rows = [(k, *kinds.columns_of(k.name, collaborative)) for k in kinds.KINDS.values()]
    return render(
        request,
        "imports/index.html",
        {
            "collaborative": collaborative,
            "kinds": rows,
            "form": UploadForm(),
            "teams": collaborative.teams.active(),
        },
    )


@login_required
def import_upload(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    collaborative = _collaborative_for(request, slug)
    if kind not in kinds.KINDS:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    done = _preview(request, form, collaborative=collaborative, kind=kind)
    return done or render(
        request,
        "imports/upload.html",
        {"collaborative": collaborative, "kind": kinds.KINDS[kind], "form": form},
    )


def _own_batch(request: HttpRequest, pk: int) -> ImportBatch:
    return owned_or_404(ImportBatch.objects.select_related("collaborative", "team"), pk, request.user)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    summary = batch.summary
    lists = [
        (_("Will be created") if batch.status == "previewed" else _("Created"), summary.get("created", [])),
        (_("Will be changed") if batch.status == "previewed" else _("Changed"), summary.get("changed", [])),
        (_("Left alone (already as in the file)"), summary.get("unchanged", [])),
    ]
    response = render(
        request,
        "imports/batch.html",
        {
            "batch": batch,
            "lists": [(title, len(items), items[:SHOWN]) for title, items in lists],
            "problems": summary.get("problems", []),
            "errors": summary.get("errors", []),
            "notes": summary.get("notes", []),
        },
    )
    if batch.status == ImportBatch.Status.QUEUED:
        response["Refresh"] = "3"  # the page follows the worker, as an export's does
    return response


@require_POST
@login_required
def batch_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    allowed = (
        can_import_team_values(request.user, batch.team)
        if batch.team
        else can_import(request.user, batch.collaborative)
    )
    if not allowed:
        raise Http404
    base_url = request.build_absolute_uri("/")
    try:
        if in_background() and services.rows_of(batch) >= settings.IMPORT_BACKGROUND_ROWS:
            services.import_queue(batch=batch)
            transaction.on_commit(lambda: apply_import.enqueue(batch.pk, request.user.pk, base_url))
        else:
            services.import_apply(batch=batch, by=request.user, base_url=base_url)
            messages.success(request, _("The file was imported."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("imports:batch-detail", pk=batch.pk)
