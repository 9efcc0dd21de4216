"""The export page: a small export is written at once; a large one goes to the worker, whose progress the
status page follows; only the requester downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from breakthrough.exports.models import Export


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_evaluator_exports_from_the_page_and_downloads_the_zip(cast):
    client = client_for(cast.evaluator)
    url = reverse("exports:export-page", args=[cast.collaborative.slug])
    page = client.get(url).content.decode()
    assert "Identified" not in page  # evaluators export de-identified only
    response = client.post(url, {"tables": ["reports", "measures"], "format": "parquet"}, follow=True)
    export = Export.objects.get()
    assert export.status == Export.Status.DONE
    assert export.tables == ["measures", "reports"]
    assert "Download" in response.content.decode()
    zipped = client.get(reverse("exports:export-download", args=[export.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))).namelist()
    assert "tables/reports.parquet" in names
    assert "codebook.csv" in names
    assert client_for(cast.staff).get(reverse("exports:export-download", args=[export.pk])).status_code == 404


def test_a_viewer_cannot_ask_for_a_row_level_table(cast):
    client = client_for(cast.viewer)
    url = reverse("exports:export-page", args=[cast.collaborative.slug])
    response = client.post(url, {"tables": ["monthly_values"], "format": "csv"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Export.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens connections, as in production
@pytest.mark.xdist_group("worker")
@override_settings(EXPORT_BACKGROUND_ROWS=0)
def test_a_large_export_runs_in_the_worker_and_the_page_follows_it(cast):
    client = client_for(cast.staff)
    url = reverse("exports:export-page", args=[cast.collaborative.slug])
    status = client.post(url, {"tables": ["measures"], "format": "csv"}, follow=True)
    export = Export.objects.get()
    assert export.status == Export.Status.QUEUED
    assert status.headers["Refresh"] == "3"
    assert "runs in the background" in status.content.decode()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    done = client.get(reverse("exports:export-status", args=[export.pk]))
    assert "Refresh" not in done.headers
    assert export.file_name in done.content.decode()
