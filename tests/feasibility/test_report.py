"""The page for each reader, and the report read back: the PDF through poppler's pdftotext, the deck with
python-pptx (its chart images found), the command's three files, the run on the (in-process) worker."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pptx import Presentation

from breakthrough.cli import main
from breakthrough.collaboratives.models import Role
from breakthrough.feasibility import toc
from tests.factories import make_member

PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils' pdftotext is not installed")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return text.stdout.split("\f")


def test_the_study_team_sees_every_team_and_viewers_only_aggregates(
    feasibility: dict[str, Any], cast: Any
) -> None:
    url = reverse("feasibility:page", args=[cast.collaborative.slug])
    full = _client(cast.evaluator).get(url).content.decode()
    assert cast.team_a.name in full
    assert "Not enough data yet" in full  # TA contacts, children's outcomes
    viewer = _client(cast.viewer).get(url).content.decode()
    assert "Aggregates only" in viewer
    assert cast.team_a.name not in viewer  # no team's row, no case profile
    assert reverse("feasibility:case", args=[cast.collaborative.slug, cast.team_a.program.pk]) not in viewer
    # The attendance counts (3 teachers and 1 director at sessions) are all below 5: hidden, totals too.
    assert re.search(r"Learning session</th><td>2</td><td>\*</td><td>\*</td><td>\*</td>", viewer)


def test_observers_are_refused_even_with_a_viewer_role(feasibility: dict[str, Any], cast: Any) -> None:
    make_member(cast.observer, Role.VIEWER, cast.collaborative)
    url = reverse("feasibility:page", args=[cast.collaborative.slug])
    assert _client(cast.observer).get(url).status_code == 403
    assert _client(cast.teacher).get(url).status_code == 403


@needs_poppler
def test_the_pdf_starts_on_page_one_numbers_its_figures_and_keeps_captions_with_them(
    feasibility: dict[str, Any], cast: Any, tmp_path: Path
) -> None:
    response = _client(cast.evaluator).get(
        reverse("feasibility:report", args=[cast.collaborative.slug, "pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    pages = _pages(response.content, tmp_path)
    assert "Feasibility report" in pages[0]
    assert "1. To what extent did programs engage?" in pages[0]
    text = "\n".join(pages)
    for heading in (
        "2. Did programs develop a culture of continuous learning?",
        "3. Is there initial evidence of the desired outcomes?",
        "4. The theory of change and its evidence",
        "5. Case profiles",
        "Methods",
        "The suppression rule",
    ):
        assert heading in text
    figures = sorted({int(n) for n in re.findall(r"Figure (\d+)\.", text)})
    assert figures == list(range(1, len(figures) + 1))
    assert len(figures) >= 6
    # A caption and its chart share a page: the chart's own title follows the caption on that page.
    page = next(p for p in pages if "Figure 1." in p)
    assert page.index("People present by event type and role", page.index("Figure 1.") + 20) > 0
    found = toc.answers(cast.collaborative, suppress=False, today=timezone.localdate())["reporting"]
    expected = rf"Submitted by their due date\s+{found['on_time']} \({found['share']}%\)"
    assert re.search(expected, text)
    assert cast.team_a.name in text


@needs_poppler
def test_the_viewers_pdf_is_suppressed(feasibility: dict[str, Any], cast: Any, tmp_path: Path) -> None:
    response = _client(cast.viewer).get(reverse("feasibility:report", args=[cast.collaborative.slug, "pdf"]))
    text = "\n".join(_pages(response.content, tmp_path))
    assert "Aggregate version" in text
    assert cast.team_a.name not in text
    assert "5. Case profiles" not in text


def test_the_deck_has_one_chart_per_slide_with_the_numbers_in_its_notes(
    feasibility: dict[str, Any], cast: Any
) -> None:
    response = _client(cast.staff).get(reverse("feasibility:report", args=[cast.collaborative.slug, "pptx"]))
    deck = Presentation(io.BytesIO(response.content))
    slides = list(deck.slides)[1:]
    assert len(slides) >= 6
    for slide in slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        assert pictures[0].image.blob[:8] == b"\x89PNG\r\n\x1a\n"
        assert slide.shapes.title.text.startswith("Figure ")
    notes = {s.shapes.title.text.split(". ", 1)[1]: s.notes_slide.notes_text_frame.text for s in slides}
    assert (
        "Participating classrooms: 1 / 4"
        in notes["Classrooms improving beyond the reliable-change threshold"]
    )
    assert "3 teams; slope" in notes["Engagement and improving measures, by team"]


def test_the_command_writes_three_files(feasibility: dict[str, Any], cast: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "report",
            "feasibility",
            "--collaborative",
            cast.collaborative.slug,
            "--out",
            str(tmp_path),
            "--suppressed",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.pdf", "slides.pptx"]
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert cast.team_a.name not in (tmp_path / "report.html").read_text()
    bad = CliRunner().invoke(
        main, ["report", "feasibility", "--collaborative", "nope", "--out", str(tmp_path)]
    )
    assert bad.exit_code != 0
    assert "--collaborative" in bad.output


def test_the_page_reads_in_spanish(feasibility: dict[str, Any], cast: Any) -> None:
    client = Client(headers={"accept-language": "es"})
    client.force_login(cast.evaluator)
    page = client.get(reverse("feasibility:page", args=[cast.collaborative.slug])).content.decode()
    assert "Teoría del cambio" in page
    assert "Aún no hay datos suficientes" in page
    assert "1. ¿En qué medida participaron los programas?" in page
