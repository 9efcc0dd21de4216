"""A large collaborative's dashboard PDF, drawn by the background worker.

Drawing the report renders every chart and lays out every table; for a large collaborative (teams ×
months × measures at least ``REPORT_BACKGROUND_CELLS``) that is work for ``breakthrough worker``, not for a
request. The request that asks makes a ``ReportRun`` with its filters and language and sends the person to
its page, which refreshes itself until the PDF is ready and then links to it. The worker draws the report
as that person (the same permission and suppression rules: a viewer's report is suppressed), and only that
person downloads it. Without a worker backend, or for a smaller collaborative, the PDF comes in the request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.background import in_background
from breakthrough.core.http import owned_or_404
from breakthrough.dashboards import selectors
from breakthrough.dashboards.models import ReportRun


def for_the_worker(collaborative: Collaborative) -> bool:
    """Whether this collaborative's report is drawn in the background (a worker backend, and big enough)."""
    if not in_background():
        return False
    cells = (
        len(selectors.teams(collaborative))
        * collaborative.periods.count()
        * max(1, len(selectors.shared_measures(collaborative)))
    )
    return cells >= settings.REPORT_BACKGROUND_CELLS


def start(request: HttpRequest, collaborative: Collaborative) -> HttpResponse:
    run = ReportRun.objects.create(
        collaborative=collaborative,
        user=request.user,
        query=request.GET.urlencode()[:2000],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: draw_report.enqueue(run.pk))
    return redirect("dashboards:report-run", pk=run.pk)


def report_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@task()
def draw_report(run_id: int) -> dict[str, Any]:
    """Draw a queued report as the person who asked, with their filters and in their language."""
    from breakthrough.dashboards.views import collaborative_pdf  # the page's own report, not a copy

    run = ReportRun.objects.select_related("user", "collaborative").get(pk=run_id)
    if run.status != ReportRun.Status.QUEUED:
        return {"report": run_id, "skipped": run.status}  # a retried task draws nothing twice
    ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.RUNNING)
    request = RequestFactory().get(reverse("dashboards:collaborative-report") + "?" + run.query)
    request.user = run.user
    try:
        with translation.override(run.language):
            request.LANGUAGE_CODE = run.language
            body, filename = collaborative_pdf(request)
        name = f"{run.pk}-{filename}"
        (report_dir() / name).write_bytes(body)
    except Exception:
        ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.FAILED)
        raise
    ReportRun.objects.filter(pk=run_id).update(
        status=ReportRun.Status.DONE, file_name=name, finished_at=timezone.now()
    )
    return {"report": run_id, "file": name, "bytes": len(body)}


def _own_run(request: HttpRequest, pk: int) -> ReportRun:
    return owned_or_404(ReportRun.objects.select_related("collaborative"), pk, request.user)


@login_required
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    run = _own_run(request, pk)
    response = render(request, "dashboards/report_run.html", {"run": run})
    if run.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING):
        response["Refresh"] = "3"  # the page follows the worker without JavaScript
    return response


@login_required
def run_file(request: HttpRequest, pk: int) -> HttpResponse:
    run = _own_run(request, pk)
    if run.status != ReportRun.Status.DONE or not run.file_name:
        raise Http404
    if run.collaborative not in selectors.dashboard_collaboratives(request.user):
        raise Http404  # the person lost the role since
    path = report_dir() / run.file_name
    if not path.exists():
        raise Http404
    name = run.file_name.split("-", 1)[1]
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
