"""No value in any field of the fieldwork forms makes a 500 (their URLs carry a slug or an id, so the
project's demo-page fuzz does not reach their forms: this walks them with the same hostile values)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from breakthrough.fieldwork.models import ChildScore
from tests.fieldwork.helpers import child_tool, make_fieldwork, protocol, scores
from tests.test_fuzz import HOSTILE

# The values that broke pages before, for the walk over every field (all of HOSTILE in the CSV's cells).
SHARP = [
    "",
    "-1",
    "99999999999999999999",
    "9223372036854775808",
    "NaN",
    "inf",
    "1e309",
    "１２",
    "a\x00b",
    "2026-02-30",
    "9999-12",
    "x" * 5000,
    "%",
]

pytestmark = pytest.mark.django_db


def forms(cast, fw):
    slug = cast.collaborative.slug
    room = fw["classroom"]
    return [
        (
            reverse("fieldwork:ta", args=[slug]),
            {
                "new-team": cast.team_a.pk,
                "new-date": "2026-03-02",
                "new-topic": "measures",
                "new-minutes": "30",
                "new-mode": "phone",
                "new-note": "",
            },
        ),
        (
            reverse("fieldwork:adaptations", args=[slug]),
            {
                "new-date": "2026-03-02",
                "new-component": "calls",
                "new-what_changed_en": "a",
                "new-why_en": "b",
            },
        ),
        (
            reverse("fieldwork:session-new", args=[slug]),
            {
                "event": fw["event"].pk,
                "instrument": protocol().pk,
                "observed_on": "2026-02-10",
                "cross_team_exchanges": "2",
                "turns-faculty": "3",
            }
            | scores(within_listen=3),
        ),
        (
            reverse("fieldwork:child-sheet", args=[slug, room.pk, "post"]),
            {
                "instrument": child_tool().pk,
                "assessed_on": "2026-05-02",
                "child_code-0": "K2-001",
                "score-0": "22",
            },
        ),
        (
            reverse("fieldwork:ta-edit", args=[fw["contact"].pk]),
            {
                "team": cast.team_a.pk,
                "date": "2026-02-10",
                "topic": "measures",
                "minutes": "30",
                "mode": "phone",
                "revision": "1",
            },
        ),
        (
            reverse("fieldwork:ta", args=[slug]),  # the filters
            {"team": cast.team_a.pk, "topic": "measures", "month": "2026-03"},
        ),
    ]


def test_no_hostile_value_in_any_field_makes_a_500(cast):
    fw = make_fieldwork(cast)
    client = Client()
    client.force_login(cast.staff)
    for index, (url, data) in enumerate(forms(cast, fw)):
        method = client.get if index == 5 else client.post
        for name in data:
            for value in SHARP:
                with transaction.atomic():
                    sid = transaction.savepoint_create()
                    response = method(url, data | {name: value})
                    transaction.savepoint_rollback(sid)
                assert response.status_code < 500, (url, name, value)


def test_no_hostile_cell_in_an_uploaded_csv_makes_a_500(cast):
    fw = make_fieldwork(cast)
    client = Client()
    client.force_login(cast.evaluator)
    url = reverse("fieldwork:children-upload", args=[cast.collaborative.slug])
    for value in HOSTILE:
        for column in range(5):
            cells = [fw["classroom"].code, "K2-900", "post", "20", "2026-05-01"]
            cells[column] = value.replace(",", ";").replace("\n", " ")
            text = "classroom,child_code,time_point,score,assessed_on\n" + ",".join(cells) + "\n"
            upload = SimpleUploadedFile("s.csv", text.encode("utf-8", "surrogatepass"))
            response = client.post(url, {"instrument": child_tool().pk, "file": upload})
            assert response.status_code < 500, (column, value)
    assert all(0 <= s <= 48 for s in ChildScore.objects.values_list("score", flat=True))  # never NaN or inf
