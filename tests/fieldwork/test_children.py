"""Child outcomes: codes, never names; the sheet and the CSV upload (all or nothing); suppression."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from breakthrough.fieldwork.models import ChildScore
from breakthrough.fieldwork.outcomes import outcome_table
from breakthrough.fieldwork.services import child_scores_save
from tests.factories import make_classroom
from tests.fieldwork.helpers import child_tool

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 1)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def save(cast, room, rows, by=None):
    child_scores_save(
        by=by or cast.evaluator,
        collaborative=cast.collaborative,
        instrument=child_tool(),
        entries=[
            {"classroom": room, "child_code": c, "time_point": p, "score": str(s), "assessed_on": DAY}
            for c, p, s in rows
        ],
    )


@pytest.fixture
def rooms(cast):
    a = make_classroom(cast.team_a.program, name="Room A")
    b = make_classroom(cast.team_b.program, name="Room B")
    # Program A: pre 20, 22, 24, 26, 28, 30 (mean 25); post for the first five 23, 24, 27, 27, 31 (mean 26.4),
    # changes 3, 2, 3, 1, 3 (mean 2.4). Program B: pre 10, 12, 14 (mean 12); post 13, 15 (changes 3, 3).
    pre_a, post_a = [20, 22, 24, 26, 28, 30], [23, 24, 27, 27, 31]
    save(cast, a, [(f"A-{i}", "pre", s) for i, s in enumerate(pre_a, 1)])
    save(cast, a, [(f"A-{i}", "post", s) for i, s in enumerate(post_a, 1)])
    save(
        cast,
        b,
        [
            ("B-1", "pre", 10),
            ("B-2", "pre", 12),
            ("B-3", "pre", 14),
            ("B-1", "post", 13),
            ("B-2", "post", 15),
        ],
    )
    return a, b


def test_small_programs_are_hidden_with_the_cells_that_would_give_them_away(cast, rooms):
    cast.collaborative.small_cell_threshold = 5
    cast.collaborative.save()
    rows, total = outcome_table(cast.collaborative)
    # B's counts (3, 2, 2) are under 5; with the totals published, A's would give them away (9 − 6 = 3), so
    # A's are hidden too. The row of all programs: pre 9 children, (150 + 36)/9; post 7, (132 + 28)/7;
    # change 7, (12 + 6)/7.
    assert [r.hidden for r in rows] == [True, True]
    assert all(c.n is None and c.mean is None for r in rows for c in (r.pre, r.post, r.change))
    assert (total.pre.n, total.post.n, total.change.n) == (9, 7, 7)
    assert total.pre.mean == pytest.approx(186 / 9)
    assert total.post.mean == pytest.approx(160 / 7)
    assert total.change.mean == pytest.approx(18 / 7)


def test_with_a_threshold_of_two_every_program_is_shown_as_computed_by_hand(cast, rooms):
    cast.collaborative.small_cell_threshold = 2
    cast.collaborative.save()
    rows, _total = outcome_table(cast.collaborative)
    a = next(r for r in rows if r.label == cast.team_a.program.name)
    b = next(r for r in rows if r.label == cast.team_b.program.name)
    assert (a.pre.n, a.pre.mean, a.post.n, a.post.mean, a.change.n) == (6, 25.0, 5, pytest.approx(26.4), 5)
    assert a.change.mean == pytest.approx(2.4)
    assert (b.pre.n, b.pre.mean, b.post.n, b.post.mean, b.change.n, b.change.mean) == (
        3,
        12.0,
        2,
        14.0,
        2,
        3.0,
    )


def test_the_viewer_sees_the_table_suppressed_and_no_child_code(cast, rooms):
    page = client_for(cast.viewer).get(reverse("fieldwork:children", args=[cast.collaborative.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "hidden (small group)" in html
    assert "20.7" in html  # the mean of all 9 children pre, 186/9
    assert "A-1" not in html
    assert "Enter scores" not in html


@pytest.mark.parametrize("code", ["Maria", "maria lopez", "AB", "K2_014", "X" * 17 + "1"])
def test_a_name_or_a_malformed_code_is_refused(cast, code):
    room = make_classroom(cast.team_a.program)
    with pytest.raises(ValidationError) as refused:
        save(cast, room, [("K2-001", "pre", 20), (code, "pre", 20)])
    assert "child_code-1" in refused.value.message_dict
    assert not ChildScore.objects.exists()  # nothing half-written


def test_a_score_outside_the_scale_names_its_field(cast):
    room = make_classroom(cast.team_a.program)
    with pytest.raises(ValidationError) as refused:
        save(cast, room, [("K2-001", "pre", 49)])
    assert refused.value.message_dict["score-0"] == ["A score on this assessment lies between 0 and 48."]


def test_a_teacher_enters_her_classroom_on_its_sheet_and_a_bad_line_saves_nothing(cast):
    room = make_classroom(cast.team_a.program)
    url = reverse("fieldwork:child-sheet", args=[cast.collaborative.slug, room.pk, "pre"])
    teacher = client_for(cast.teacher)
    data = {
        "instrument": child_tool().pk,
        "assessed_on": "2026-02-03",
        "child_code-0": "k2-001",
        "score-0": "21",
    }
    bad = teacher.post(url, data | {"child_code-1": "Sofia", "score-1": "30"})
    assert bad.status_code == 400
    assert "is not a study code" in bad.content.decode()
    assert not ChildScore.objects.exists()
    good = teacher.post(url, data)
    assert good.status_code == 302
    row = ChildScore.objects.get()
    assert (row.child_code, row.score, row.entered_by) == ("K2-001", 21.0, cast.teacher)
    # Another team's teacher, and the family member of this team, cannot open it.
    assert client_for(cast.outsider).get(url).status_code == 403
    assert client_for(cast.family).get(url).status_code == 403


CSV = "classroom,child_code,time_point,score,assessed_on\n"


def upload(client, slug, text):
    return client.post(
        reverse("fieldwork:children-upload", args=[slug]),
        {"instrument": child_tool().pk, "file": SimpleUploadedFile("scores.csv", text.encode())},
    )


def test_the_csv_upload_names_row_and_column_and_writes_nothing_on_error(cast):
    room = make_classroom(cast.team_a.program)
    other = make_classroom(cast.team_b.program)
    text = CSV + (
        f"{room.code},K-101,pre,20,2026-02-01\n"
        f"{room.code},Lucia,pre,22,2026-02-01\n"
        f"{room.code},K-103,later,22,2026-02-01\n"
        f"{room.code},K-104,pre,twenty,2026-02-01\n"
        f"{other.code},K-105,pre,20,2026-02-01\n"
        f"{room.code},K-106,pre,20,02/01/2026\n"
    )
    page = upload(client_for(cast.teacher), cast.collaborative.slug, text)
    html = page.content.decode()
    assert page.status_code == 400
    assert "Row 3, column child_code:" in html
    assert "Row 4, column time_point: Write pre or post." in html
    assert "Row 5, column score: Enter the child" in html
    assert "Row 6, column classroom: Use the code of one of your classrooms." in html  # team B's room
    assert "Row 7, column assessed_on: Enter the date as YYYY-MM-DD." in html
    assert not ChildScore.objects.exists()


def test_a_good_csv_is_saved_whole_and_a_second_upload_updates(cast):
    room = make_classroom(cast.team_a.program)
    evaluator = client_for(cast.evaluator)
    text = CSV + f"{room.code},K-101,pre,20,2026-02-01\n{room.code},K-102,pre,25.5,2026-02-01\n"
    page = upload(evaluator, cast.collaborative.slug, text)
    assert page.status_code == 200
    assert "2 scores saved." in page.content.decode()
    upload(evaluator, cast.collaborative.slug, CSV + f"{room.code},K-101,pre,21,2026-02-01\n")
    assert dict(ChildScore.objects.values_list("child_code", "score")) == {"K-101": 21.0, "K-102": 25.5}


def test_a_file_without_the_columns_is_refused_on_row_one(cast):
    make_classroom(cast.team_a.program)
    page = upload(client_for(cast.evaluator), cast.collaborative.slug, "room,code\nR1,K-1\n")
    assert "Row 1: the header lacks the column(s) classroom, child_code, time_point, score, assessed_on." in (
        page.content.decode()
    )
