"""A director applies in Spanish with no account (an error corrected on the way); project staff rate the
application and accept it; the program and its team exist. Every page is checked with axe-core."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from breakthrough.collaboratives.models import Program, Team
from breakthrough.intake.models import Application
from tests.browser_helpers import assert_accessible, sign_in
from tests.intake.helpers import make_rubric, open_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_for_applications(cast):
    cache.clear()
    open_call(cast.collaborative)
    return make_rubric(cast.collaborative, tops=(4, 3))


def test_a_director_applies_in_spanish_and_staff_accept(page, live_server, cast, open_for_applications):
    page.goto(f"{live_server.url}/intake/apply/{cast.collaborative.slug}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Solicite participar en {cast.collaborative.name}"
    )
    assert_accessible(page)

    page.get_by_label("Nombre del programa").fill("Casita de Colores")
    page.get_by_label("Tipo de programa").select_option("family_child_care")
    page.get_by_label("Dirección").fill("5 Calle Mayor")
    page.get_by_label("Ciudad").fill("Boston")
    page.get_by_label("Nombre de la directora o el director").fill("Marta Ruiz")
    page.get_by_label("Correo electrónico").fill("marta@example.org")
    page.get_by_label("Español").check()
    page.get_by_label("Número de salones").fill("0")
    page.get_by_label("Niños inscritos").fill("8")
    page.get_by_label("Por qué el programa quiere participar").fill("Queremos aprender con otros programas.")
    page.get_by_label("Quiénes formarían el equipo").fill("Yo y dos madres.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enviar la solicitud").click()
    expect(page.get_by_role("alert")).to_contain_text("Número de salones")
    assert Application.objects.count() == 0
    assert_accessible(page)
    page.get_by_label("Número de salones").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Enviar la solicitud").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gracias: su solicitud llegó")
    assert_accessible(page)
    application = Application.objects.get()
    assert (application.language, application.program_name) == ("es", "Casita de Colores")

    page.context.clear_cookies()  # the staff member reads the site in English
    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/intake/")
    with page.expect_navigation():
        page.get_by_role("link", name="Casita de Colores").click()
    assert_accessible(page)
    first, second = open_for_applications
    page.get_by_role("group", name=first.name).get_by_label("3 – Level 3").check()
    page.get_by_role("group", name=second.name).get_by_label("2 – Level 2").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my ratings").click()
    expect(page.get_by_role("status")).to_contain_text("Your ratings are saved.")
    # By hand: (3 + 2) / (4 + 3) × 100 = 71.4 %.
    expect(page.get_by_text("readiness 71 %")).to_be_visible()
    page.get_by_label("Accept: make the program and its team").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Accepted: Casita de Colores")
    assert_accessible(page)
    program = Program.objects.get(name="Casita de Colores")
    team = Team.objects.get(program=program, collaborative=cast.collaborative)
    application.refresh_from_db()
    assert (application.status, application.program, application.team) == ("accepted", program, team)
