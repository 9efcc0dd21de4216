"""A file's title typed on a Spanish page is kept, and English readers see it (marked as Spanish)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from breakthrough.events.models import EventMaterial
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_a_material_titled_on_a_spanish_page(client, cast):
    call = make_event(cast.collaborative)
    cast.faculty.preferred_language = "es"
    cast.faculty.save()
    client.force_login(cast.faculty)
    upload = SimpleUploadedFile("diapositivas.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(
        reverse("events:material-upload", args=[call.pk]), {"title": "Diapositivas", "file": upload}
    )
    assert response.status_code == 302
    material = EventMaterial.objects.get()
    assert material.title_es == "Diapositivas"
    with translation.override("en"):
        assert material.title == "Diapositivas"  # falls back to the Spanish rather than to nothing
