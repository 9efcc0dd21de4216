"""The public application form: a director applies in Spanish with no account; bad input names the field
and saves nothing; the honeypot and the hourly limit keep robots out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from breakthrough.core.models import AuditRecord
from breakthrough.intake.models import Application
from breakthrough.intake.views import APPLICATIONS_PER_HOUR
from tests.intake.helpers import APPLICATION, open_call


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the hourly limit counts in the shared cache
    yield
    cache.clear()


@pytest.fixture
def spanish():
    client = Client()
    client.cookies["django_language"] = "es"
    return client


def form_data(**overrides):
    return {k: str(v) for k, v in (APPLICATION | overrides).items()}


def test_a_director_applies_in_spanish_without_an_account(cast, spanish, django_capture_on_commit_callbacks):
    open_call(cast.collaborative)
    url = reverse("intake:apply", args=[cast.collaborative.slug])
    page = spanish.get(url).content.decode()
    assert 'lang="es"' in page
    assert "Nombre del programa" in page  # the labels come from the catalogue
    assert "Enviar la solicitud" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = spanish.post(url, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:thanks", args=[cast.collaborative.slug])
    application = Application.objects.get()
    assert application.collaborative == cast.collaborative
    assert application.status == Application.Status.SUBMITTED
    assert (application.language, application.classrooms, application.children_enrolled) == ("es", 4, 52)
    record = AuditRecord.objects.get(app_label="intake", model_name="application")
    assert record.by is None
    assert record.action == AuditRecord.Action.CREATE
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa@example.org"]
    assert mail.outbox[0].subject == f"Su solicitud a {cast.collaborative.name}"
    thanks = spanish.get(response["Location"]).content.decode()
    assert "Gracias: su solicitud llegó" in thanks


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("classrooms", "0", "Número de salones"),
        ("email", "not-an-address", "Correo electrónico"),
        ("program_name", "", "Nombre del programa"),
        ("program_kind", "castle", "Tipo de programa"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(cast, spanish, field, value, label):
    open_call(cast.collaborative)
    response = spanish.post(
        reverse("intake:apply", args=[cast.collaborative.slug]), form_data(**{field: value})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Corrija estos campos" in page
    assert f'<a href="#id_{field}">{label}</a>' in page  # the summary names the field and links to it
    assert Application.objects.count() == 0
    assert not AuditRecord.objects.filter(app_label="intake").exists()


def test_the_honeypot_thanks_a_robot_and_saves_nothing(cast, spanish):
    open_call(cast.collaborative)
    response = spanish.post(
        reverse("intake:apply", args=[cast.collaborative.slug]), form_data(website="http://spam.example")
    )
    assert response.status_code == 302
    assert Application.objects.count() == 0


def test_a_closed_collaborative_takes_no_application(cast, spanish):
    url = reverse("intake:apply", args=[cast.collaborative.slug])  # no call for applications at all
    response = spanish.post(url, form_data())
    assert "no recibe solicitudes" in response.content.decode()
    assert Application.objects.count() == 0
    call = open_call(cast.collaborative)
    call.applications_open = False
    call.save()
    spanish.post(url, form_data())
    assert Application.objects.count() == 0
    assert cast.collaborative.name not in spanish.get(reverse("intake:apply-index")).content.decode()


def test_one_address_sends_a_few_applications_an_hour(cast):
    open_call(cast.collaborative)
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("intake:apply", args=[cast.collaborative.slug])
    for n in range(APPLICATIONS_PER_HOUR):
        assert client.post(url, form_data(program_name=f"Program {n}")).status_code == 302
    assert client.post(url, form_data(program_name="One too many")).status_code == 429
    assert Application.objects.count() == APPLICATIONS_PER_HOUR
    assert Client(REMOTE_ADDR="203.0.113.10").post(url, form_data(program_name="Another")).status_code == 302


def test_the_index_lists_open_collaboratives(cast, client):
    open_call(cast.collaborative)
    page = client.get(reverse("intake:apply-index")).content.decode()
    assert reverse("intake:apply", args=[cast.collaborative.slug]) in page
    assert cast.other_collaborative.name not in page
