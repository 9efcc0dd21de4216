"""A large collaborative's feasibility report is drawn by the worker as the person who asked; its page shows
the steps done, then links to the three files, which only that person downloads."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from breakthrough.feasibility.models import ReportRun
from breakthrough.feasibility.report_runs import STEPS
from tests.feasibility.conftest import make_feasibility

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the worker closes and reopens connections, as in production
    pytest.mark.xdist_group("worker"),
]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@override_settings(FEASIBILITY_BACKGROUND_TEAMS=1)
def test_the_worker_draws_the_report_and_its_page_follows_it(cast: Any) -> None:
    make_feasibility(cast)
    staff = _client(cast.staff)
    asked = staff.get(reverse("feasibility:report", args=[cast.collaborative.slug, "pdf"]))
    run = ReportRun.objects.get()
    assert asked["Location"] == reverse("feasibility:run", args=[run.pk])
    waiting = staff.get(asked["Location"])
    assert waiting.headers["Refresh"] == "3"
    assert f"Step 0 of {STEPS}" in waiting.content.decode()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    run.refresh_from_db()
    assert (run.status, run.done_steps, run.suppressed) == (ReportRun.Status.DONE, STEPS, False)
    ready = staff.get(reverse("feasibility:run", args=[run.pk])).content.decode()
    for fmt in ("pdf", "html", "pptx"):
        assert reverse("feasibility:run-file", args=[run.pk, fmt]) in ready
    pdf = b"".join(staff.get(reverse("feasibility:run-file", args=[run.pk, "pdf"])).streaming_content)
    assert pdf.startswith(b"%PDF-")
    assert (
        _client(cast.evaluator).get(reverse("feasibility:run-file", args=[run.pk, "pdf"])).status_code == 404
    )


@override_settings(FEASIBILITY_BACKGROUND_TEAMS=1)
def test_a_viewers_run_is_the_suppressed_report(cast: Any) -> None:
    make_feasibility(cast)
    viewer = _client(cast.viewer)
    viewer.post(reverse("feasibility:run-start", args=[cast.collaborative.slug]))
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    run = ReportRun.objects.get()
    assert run.suppressed
    html = b"".join(viewer.get(reverse("feasibility:run-file", args=[run.pk, "html"])).streaming_content)
    assert b"Aggregate version" in html
    assert cast.team_a.name.encode() not in html
