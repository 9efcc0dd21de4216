"""Every intake model opens in the admin (content fields in English and Spanish side by side), and an admin
write is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.core.models import AuditRecord
from breakthrough.intake.models import ReadinessRubric
from tests.factories import make_user

MODELS = [
    "applicationcall",
    "application",
    "readinessrubric",
    "readinesscriterion",
    "readinesslevel",
    "readinessrating",
    "planningmeeting",
    "planningparticipant",
]


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_model_opens(admin_client, model):
    assert admin_client.get(reverse(f"admin:intake_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:intake_{model}_add")).status_code == 200


def test_a_rubric_is_written_in_both_languages_and_audited(admin_client, cast):
    url = reverse("admin:intake_readinessrubric_add")
    page = admin_client.get(url).content.decode()
    assert 'name="name_en"' in page
    assert 'name="name_es"' in page
    data = {"collaborative": cast.collaborative.pk, "name_en": "Readiness", "name_es": "Preparación"}
    assert admin_client.post(url, data).status_code == 302
    rubric = ReadinessRubric.objects.get()
    assert (rubric.name_en, rubric.name_es) == ("Readiness", "Preparación")
    record = AuditRecord.objects.get(model_name="readinessrubric")
    assert record.action == AuditRecord.Action.CREATE
