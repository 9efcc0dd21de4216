"""A family member works in Spanish: the month's form (an error corrected on the way) and a PDSA cycle.

Every page is checked with axe-core; every label, message and button the family member meets is Spanish.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from breakthrough.measures.models import Measure, MonthlyReport
from breakthrough.pdsa.models import PDSACycle
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_change_idea, make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family_in_spanish(cast):
    cast.family.preferred_language = "es"
    cast.family.save()
    make_measure(cast.collaborative, code="notes", name="Family notes")
    make_measure(cast.collaborative, unit=Measure.Unit.COUNT, code="removals", name="Removals")
    make_change_idea(cast.collaborative, name="Family feelings chart")
    with time_machine.travel(dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC), tick=True):
        yield cast.family


def test_family_member_reports_the_month_and_runs_a_pdsa_in_spanish(
    page, live_server, cast, family_in_spanish
):
    sign_in(page, live_server, "family")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Te damos la bienvenida")
    assert_accessible(page)

    page.get_by_role("link", name="Informes mensuales").click()
    page.get_by_role("button", name="Abrir el formulario de este mes (marzo de 2026)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("marzo de 2026")
    assert_accessible(page)

    numerator, denominator = page.locator("#f-notes-numerator"), page.locator("#f-notes-denominator")
    numerator.fill("9")
    denominator.fill("6")
    message = page.locator("#f-notes-numerator-error")
    expect(message).to_contain_text("El numerador no puede ser mayor que el denominador.")
    assert_accessible(page)
    numerator.fill("5")
    expect(message).to_be_empty()
    page.locator("#f-removals-value").fill("0")
    page.get_by_label("Qué pasó este mes").fill("Mandamos notas positivas a casa cada viernes.")
    page.get_by_role("button", name="Guardar borrador").click()
    expect(page.get_by_role("status")).to_contain_text("Borrador guardado.")
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_role("status")).to_contain_text("Informe enviado.")
    assert_accessible(page)
    report = MonthlyReport.objects.get(team=cast.team_a)
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.submitted_by == cast.family

    page.goto(f"{live_server.url}/pdsa/")
    assert_accessible(page)
    page.get_by_role("link", name="Empezar un ciclo").first.click()
    assert_accessible(page)
    page.get_by_label("Idea de cambio").select_option(label="Family feelings chart")
    page.get_by_label("Objetivo del ciclo").fill("Probar la tabla de sentimientos en casa una semana")
    page.get_by_label("Predicción").fill("Tres de cinco familias la usarán")
    page.get_by_role("button", name="Empezar el ciclo").click()
    page.wait_for_load_state()
    cycle = PDSACycle.objects.get()
    assert page.url.endswith(cycle.get_absolute_url())
    expect(page.get_by_role("button", name="Guardar “Hacer”")).to_be_visible()
    assert_accessible(page)
    assert cycle.objective == "Probar la tabla de sentimientos en casa una semana"
