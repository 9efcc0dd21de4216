"""The journey of issue #11 in a browser: a program applies, project staff accept it, the evaluator records
a learning-session observation and a TA contact on fieldwork's pages, the theory-of-change page shows them,
and the PDF and the slide deck download and are read back (pdftotext; python-pptx finds their charts)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import expect
from pptx import Presentation

from breakthrough.collaboratives.models import Team
from breakthrough.events.models import Attendance, Event
from breakthrough.events.services import attendance_mark
from breakthrough.fieldwork.models import SessionObservation, TAContact
from tests.browser_helpers import sign_in
from tests.fieldwork.helpers import make_event
from tests.intake.helpers import make_rubric, open_call
from tests.study.helpers import ensure_shipped

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_accept_observe_assist_then_the_page_and_the_report(
    page: Any, live_server: Any, cast: Any, tmp_path: Path
) -> None:
    cache.clear()
    ensure_shipped()
    open_call(cast.collaborative)
    make_rubric(cast.collaborative, tops=(4, 3))
    # Someone at the first session, so the deck has a chart to show (the other sources are empty here).
    event = make_event(
        cast.collaborative, Event.Kind.LEARNING_SESSION, dt.date(2026, 2, 10), "Learning session 1"
    )

    attendance_mark(event=event, user=cast.teacher, status=Attendance.Status.PRESENT, by=cast.staff)

    page.goto(f"{live_server.url}/intake/apply/{cast.collaborative.slug}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Español").click()
    page.get_by_label("Nombre del programa").fill("Casita de Colores")
    page.get_by_label("Tipo de programa").select_option("family_child_care")
    page.get_by_label("Dirección").fill("5 Calle Mayor")
    page.get_by_label("Ciudad").fill("Boston")
    page.get_by_label("Nombre de la directora o el director").fill("Marta Ruiz")
    page.get_by_label("Correo electrónico").fill("marta@example.org")
    page.get_by_label("Español").check()
    page.get_by_label("Número de salones").fill("1")
    page.get_by_label("Niños inscritos").fill("8")
    page.get_by_label("Por qué el programa quiere participar").fill("Queremos aprender con otros programas.")
    page.get_by_label("Quiénes formarían el equipo").fill("Yo y dos madres.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enviar la solicitud").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gracias")

    page.context.clear_cookies()  # staff and the evaluator read the site in English
    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/intake/")
    with page.expect_navigation():
        page.get_by_role("link", name="Casita de Colores").click()
    page.get_by_label("Accept: make the program and its team").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    team = Team.objects.get(program__name="Casita de Colores")

    page.context.clear_cookies()
    sign_in(page, live_server, "evaluator")
    slug = cast.collaborative.slug
    page.goto(f"{live_server.url}/fieldwork/{slug}/sessions/new/")
    page.get_by_label("Session or call").select_option(str(event.pk))
    page.get_by_label("Observed on").fill("2026-02-10")
    page.get_by_label("Cross-team exchanges").fill("3")
    for group in page.locator("fieldset:has(input[type=radio])").all():
        group.locator("input[type=radio]").last.check()
    page.get_by_label("Faculty").fill("12")
    page.get_by_label("Family member").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert SessionObservation.objects.count() == 1

    page.goto(f"{live_server.url}/fieldwork/{slug}/ta/")
    page.get_by_label("Team").last.select_option(str(team.pk))
    page.get_by_label("Date").last.fill("2026-02-12")
    page.get_by_label("Topic").last.select_option("pdsa_design")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Mode").select_option("video")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert TAContact.objects.get().minutes == 45

    page.goto(f"{live_server.url}/feasibility/{slug}/")
    outputs = page.locator("#box-outputs")
    expect(outputs).to_contain_text("Technical assistance contacts")
    expect(outputs.locator("dd").filter(has_text="TA log")).to_contain_text("1")
    expect(page.locator("#box-mechanisms")).to_contain_text("Faculty 63%")  # 12 of 19 turns
    expect(page.locator("#box-strategy")).to_contain_text("Teams taking part")
    page.set_viewport_size(
        {"width": 390, "height": 844}
    )  # a phone: the boxes stack, nothing scrolls sideways
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF").click()
    pdf = Path(pdf_download.value.path())
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "1. To what extent did programs engage?" in text
        assert "Casita de Colores" in text
    with page.expect_download() as deck_download:
        page.get_by_role("link", name="slides (PPTX)").click()
    deck = Presentation(io.BytesIO(Path(deck_download.value.path()).read_bytes()))
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 1
    assert deck.slides[1].shapes.title.text == "Figure 1. People present by event type and role"
    assert all(p.image.blob.startswith(b"\x89PNG") for p in pictures)
