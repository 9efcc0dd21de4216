"""Dates read the same way on every page, with their year, in the reader's language: "Dec. 15, 2026" in
English, "15 de diciembre de 2026" in Spanish (Django's own formats for each language), never "Dic 15"."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breakthrough.study.models import Observation
from tests.study.helpers import make_study

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT"}


def test_every_template_dates_with_a_named_localized_format():
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            if fmt not in NAMED and fmt not in {"Y-m", "H:i"}:  # a form's value, a time of day
                found.add(f"{path.relative_to(TEMPLATES)}: {fmt}")
    assert sorted(found) == []


@pytest.mark.django_db
def test_the_observers_visits_carry_their_year_and_read_day_first_in_spanish(cast):
    make_study(cast)
    Observation.objects.update(starts_at=timezone.make_aware(dt.datetime(2026, 12, 15, 9, 30)))
    client = Client()
    client.force_login(cast.observer)
    english = client.get(reverse("study:home")).content.decode()
    assert "Dec. 15, 2026" in english
    spanish = Client(headers={"accept-language": "es"})
    spanish.force_login(cast.observer)
    cast.observer.preferred_language = "es"
    cast.observer.save()
    page = spanish.get(reverse("study:home")).content.decode()
    assert "15 de diciembre de 2026" in page
    assert "Dic 15" not in page


def test_chart_months_carry_the_whole_year_so_they_do_not_read_as_days():
    from breakthrough import charts

    spec = charts.line_spec(
        [{"month": "2025-12-01T00:00:00", "v": 1, "g": "a"}], x="month", y="v", color="g", title="t"
    )
    svg = charts.render_svg(spec, "es")
    assert "dic 2025" in svg.lower()
    assert not re.search(r">\s*dic 25\s*<", svg.lower())
