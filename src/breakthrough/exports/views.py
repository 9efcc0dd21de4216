"""The data-export page of a collaborative: choose tables and format, get a zip."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from breakthrough.collaboratives.access import export_reach
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.http import owned_or_404
from breakthrough.exports import services, tasks
from breakthrough.exports.forms import ExportForm
from breakthrough.exports.models import Export


@login_required
def export_page(request: HttpRequest, slug: str) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative, slug=slug)
    tables = services.tables_for(request.user, collaborative)
    if not tables:
        raise Http404  # not a member who may export: don't confirm the collaborative
    reach = export_reach(request.user, collaborative)
    form = ExportForm(request.POST or None, tables=tables, may_identify=reach.identified)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.export_create(
                user=request.user,
                collaborative=collaborative,
                fmt=data["format"],
                tables=data["tables"],
                identified=data.get("identified", False),
                free_text=data["free_text"],
                shift_dates=data["shift_dates"],
                excel_bom=data["excel_bom"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            tasks.start(export)
            return redirect("exports:export-status", pk=export.pk)
    mine = Export.objects.filter(collaborative=collaborative, user=request.user)[:10]
    return render(
        request,
        "exports/export_page.html",
        {"collaborative": collaborative, "form": form, "reach": reach, "exports": mine, "tables": tables},
    )


def _own_export(request: HttpRequest, pk: int) -> Export:
    return owned_or_404(Export.objects.select_related("collaborative"), pk, request.user)


@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    response = render(request, "exports/export_status.html", {"export": export})
    if export.status in (Export.Status.QUEUED, Export.Status.RUNNING):
        response["Refresh"] = "3"  # the page follows a background export without JavaScript
    return response


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    if export.status != Export.Status.DONE or not export.file_name:
        raise Http404
    if not services.tables_for(request.user, export.collaborative):
        raise PermissionDenied  # the person lost the role since
    path = services.export_dir() / export.file_name
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=export.file_name)
