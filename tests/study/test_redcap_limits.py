"""REDCap data dictionaries: size limit before reading, row-and-column errors for over-long cells, and a
5,000-item import in a bounded number of queries (one bulk insert)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakthrough.study import redcap
from breakthrough.study.models import Instrument
from tests.study.test_views import HEADER, _row

pytestmark = pytest.mark.django_db


def _post(cast, data: bytes):
    client = Client()
    client.force_login(cast.evaluator)
    upload = SimpleUploadedFile("dictionary.csv", data, content_type="text/csv")
    return client.post(
        reverse("study:instrument-import"), {"file": upload, "name": "Imported", "kind": "survey"}
    )


def _problems(cast, data: str) -> list[str]:
    with pytest.raises(redcap.DictionaryError) as err:
        redcap.instrument_import(by=cast.evaluator, data=data, name="X", kind="survey")
    return err.value.messages


def test_a_200_kb_label_is_a_row_and_column_error_not_a_500(cast):
    data = "\n".join([HEADER, _row("q1"), _row("q2", label="x" * 200_000)])
    response = _post(cast, data.encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 3, column “Field Label”: at most 5000 characters (this one has 200000)" in page
    assert not Instrument.objects.filter(name="Imported").exists()


def test_every_over_long_cell_is_named_by_row_and_column(cast):
    data = "\n".join(
        [
            HEADER,
            _row("q" + "a" * 100),
            _row("q2", choices="1, No | 99999, Yes"),
            _row("q3", choices="1, No | 2, " + "y" * 501),
            _row("q4", annotation="@SUBSCALE=" + "s" * 101),
            _row("q5"),
        ]
    )
    choices = "column “Choices, Calculations, OR Slider Labels”"
    assert _problems(cast, data) == [
        "Row 2, column “Variable / Field Name”: at most 100 characters (this one has 101)",
        f"Row 3, {choices}: choice codes must lie between -32768 and 32767",
        f"Row 4, {choices}: a choice's label may have at most 500 characters",
        "Row 5, column “Field Annotation”: a subscale's code may have at most 100 characters",
    ]


@override_settings(REDCAP_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused_before_it_is_read(cast, monkeypatch):
    read = []
    monkeypatch.setattr(redcap, "read_dictionary", lambda data: read.append(data))
    data = "\n".join([HEADER, *[_row(f"q{k}") for k in range(40)]]).encode()
    assert len(data) > 1000
    response = _post(cast, data)
    assert response.status_code == 400
    assert "a data dictionary may be at most 1000" in response.content.decode()
    assert read == []


def test_the_default_limit_refuses_twenty_megabytes():
    with pytest.raises(redcap.DictionaryError):
        redcap.check_size(20 * 1024 * 1024)
    redcap.check_size(100_000)  # a real dictionary passes


def test_five_thousand_items_import_in_a_bounded_number_of_queries(cast):
    rows = [HEADER]
    for k in range(5000):
        rows.append(_row(f"q{k}", annotation=f"@SUBSCALE=s{k % 5}" + (" @REVERSE" if k % 7 == 0 else "")))
    with CaptureQueriesContext(connection) as queries:
        instrument = redcap.instrument_import(
            by=cast.evaluator, data="\n".join(rows), name="Big", kind="survey"
        )
    assert instrument.items.count() == 5000
    assert instrument.items.filter(reverse_keyed=True).count() == 715  # k = 0, 7, …, 4998: ceil(5000 / 7)
    assert [s.items.count() for s in instrument.subscales.order_by("code")] == [1000] * 5
    assert len(queries) < 60  # was 9,000 (a save and a uniqueness check per item)
