"""The library's pages: the reader's language, learning-session materials read from the events, downloads only
through the permission check."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from breakthrough.events.models import Event
from breakthrough.events.services import material_add
from breakthrough.library.services import resource_create
from tests.community.helpers import pdf
from tests.events.conftest import make_event


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_spanish_reader_sees_the_spanish_title_or_the_english_one_marked(cast):
    cast.family.preferred_language = "es"
    cast.family.save()
    resource_create(
        collaborative=cast.collaborative,
        by=cast.faculty,
        kind="file",
        title_en="Feelings chart",
        title_es="Tabla de sentimientos",
        file=pdf(),
    )
    resource_create(
        collaborative=cast.collaborative, by=cast.faculty, kind="file", title_en="Only English", file=pdf()
    )
    page = client_for(cast.family).get(reverse("library:home")).content.decode()
    assert "Tabla de sentimientos" in page
    assert "Feelings chart" not in page
    assert '<span lang="en">Only English</span> <span class="badge">solo en inglés</span>' in page


def test_learning_session_materials_appear_in_the_library_without_a_copy(cast):
    session = make_event(cast.collaborative, Event.Kind.LEARNING_SESSION, title="Learning session 1")
    material = material_add(
        event=session, title="LS1 slides", file=ContentFile(b"s", name="s.txt"), by=cast.staff
    )
    call = make_event(cast.collaborative, title="March call")
    material_add(event=call, title="Call notes", file=ContentFile(b"c", name="c.txt"), by=cast.staff)
    page = client_for(cast.teacher).get(reverse("library:home")).content.decode()
    assert "LS1 slides" in page
    assert reverse("events:material-download", args=[material.pk]) in page
    assert "Call notes" not in page  # a call's notes stay with the call


def test_every_version_is_downloadable_by_participants_and_no_one_else(cast):
    resource = resource_create(
        collaborative=cast.collaborative,
        by=cast.faculty,
        kind="file",
        title_en="x",
        file=pdf("a.pdf", b"%PDF-1"),
    )
    first = resource.current_version()
    response = client_for(cast.family).get(reverse("library:download", args=[first.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1"
    assert response["Content-Type"] == "application/pdf"
    assert client_for(cast.observer).get(reverse("library:download", args=[first.pk])).status_code == 404


def test_uploading_a_new_version_from_the_page_lists_both(cast):
    resource = resource_create(
        collaborative=cast.collaborative,
        by=cast.faculty,
        kind="file",
        title_en="Guide",
        file=pdf("guide.pdf"),
    )
    client = client_for(cast.faculty)
    url = reverse("library:version-add", args=[resource.pk])
    assert client.post(url, {"file": pdf("guide-v2.pdf"), "note": "Spanish pages added"}).status_code == 302
    page = client.get(reverse("library:resource", args=[resource.pk])).content.decode()
    assert "guide.pdf" in page
    assert "guide-v2.pdf" in page
    assert "Spanish pages added" in page


def test_a_wrong_file_on_the_page_names_the_field(cast):
    resource = resource_create(
        collaborative=cast.collaborative, by=cast.faculty, kind="file", title_en="Guide", file=pdf()
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(cast.faculty).post(
        reverse("library:version-add", args=[resource.pk]), {"file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert response.status_code == 400
    assert "Files of type .exe are not accepted" in response.context["form"].errors["file"][0]
