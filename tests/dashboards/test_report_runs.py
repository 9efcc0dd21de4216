"""A large collaborative's dashboard PDF is drawn by the worker as the person who asked; its page follows it
and only that person downloads it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from breakthrough.dashboards.models import ReportRun
from tests.dashboards.conftest import make_dash
from tests.dashboards.test_reports import _text

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the worker closes and reopens connections, as in production
    pytest.mark.xdist_group("worker"),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _work() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


@override_settings(REPORT_BACKGROUND_CELLS=1)
def test_the_worker_draws_the_report_and_its_page_links_to_it(cast, tmp_path):
    dash = make_dash(cast)
    staff = _client(cast.staff)
    asked = staff.get(reverse("dashboards:collaborative-report"), {"collaborative": cast.collaborative.pk})
    run = ReportRun.objects.get()
    assert asked.status_code == 302
    assert asked["Location"] == reverse("dashboards:report-run", args=[run.pk])
    waiting = staff.get(asked["Location"])
    assert waiting.headers["Refresh"] == "3"
    assert "being drawn in the background" in waiting.content.decode()
    _work()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    ready = staff.get(reverse("dashboards:report-run", args=[run.pk]))
    assert "Refresh" not in ready.headers
    file_url = reverse("dashboards:report-run-file", args=[run.pk])
    assert file_url in ready.content.decode()
    pdf = b"".join(staff.get(file_url).streaming_content)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf, tmp_path)
    assert "Summary: teams × measures" in text
    assert dash["team_a"].name in text
    # Nobody else opens it, not even other staff-level people of the collaborative.
    assert _client(cast.faculty).get(file_url).status_code == 404
    assert _client(cast.faculty).get(reverse("dashboards:report-run", args=[run.pk])).status_code == 404


@override_settings(REPORT_BACKGROUND_CELLS=1)
def test_a_viewers_report_is_drawn_as_the_viewer_aggregates_only_and_in_their_language(cast, tmp_path):
    dash = make_dash(cast)
    viewer = _client(cast.viewer)
    viewer.get(reverse("dashboards:collaborative-report"), {"collaborative": cast.collaborative.pk})
    ReportRun.objects.filter(user=cast.viewer).update(language="es")
    _work()
    run = ReportRun.objects.get(user=cast.viewer)
    pdf = b"".join(viewer.get(reverse("dashboards:report-run-file", args=[run.pk])).streaming_content)
    text = _text(pdf, tmp_path)
    assert dash["team_a"].name not in text
    assert "Resumen: equipos" not in text
    assert "Solo datos agregados" in text


@override_settings(REPORT_BACKGROUND_CELLS=1)
def test_bad_filters_are_refused_at_once_not_by_the_worker(cast):
    make_dash(cast)
    page = _client(cast.staff).get(
        reverse("dashboards:collaborative-report"), {"driver": "99999999999999999999"}
    )
    assert page.status_code == 400
    assert not ReportRun.objects.exists()


def test_a_small_collaborative_gets_its_pdf_in_the_request(cast):
    make_dash(cast)
    response = _client(cast.staff).get(reverse("dashboards:collaborative-report"))
    assert response["Content-Type"] == "application/pdf"
    assert not ReportRun.objects.exists()
