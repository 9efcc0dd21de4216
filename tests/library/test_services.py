"""The resource library: versions kept, uploads checked (size, type, content), files under MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from breakthrough.library import files
from breakthrough.library.models import Localized, Resource, ResourceVersion
from breakthrough.library.services import resource_create, version_add
from tests.community.helpers import pdf
from tests.factories import make_change_idea


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_new_upload_keeps_the_old_version_listed(cast, settings):
    idea = make_change_idea(cast.collaborative)
    resource = resource_create(
        collaborative=cast.collaborative,
        by=cast.faculty,
        kind="file",
        title_en="Feelings chart",
        change_idea=idea,
        file=pdf("chart.pdf", b"%PDF-1.4 first"),
    )
    assert resource.driver == idea.secondary.primary  # filed under the idea's driver
    version_add(
        resource=resource, file=pdf("chart.pdf", b"%PDF-1.4 second, longer"), note="Fixed typo", by=cast.staff
    )
    versions = list(resource.versions.order_by("number"))
    assert [(v.number, v.size, v.note) for v in versions] == [(1, 14, ""), (2, 23, "Fixed typo")]
    assert resource.current_version() == versions[1]
    stored = [Path(settings.MEDIA_ROOT) / v.stored_name for v in versions]
    assert [p.read_bytes() for p in stored] == [b"%PDF-1.4 first", b"%PDF-1.4 second, longer"]
    assert all(str(v.stored_name).startswith(f"library/{cast.collaborative.pk}/") for v in versions)


@pytest.mark.parametrize("person", ["teacher", "director", "family", "evaluator", "observer", "viewer"])
def test_only_staff_and_faculty_add_resources(cast, person):
    with pytest.raises(PermissionDenied):
        resource_create(
            collaborative=cast.collaborative, by=getattr(cast, person), kind="file", title_en="x", file=pdf()
        )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ...", "Files of type .exe are not accepted"),
        ("README", b"hello", "(no extension)"),
        ("slides.pdf", b"<html>not a pdf</html>", "is not a .pdf file"),
        ("photo.png", b"\xff\xd8\xff jpeg bytes", "is not a .png file"),
        ("notes.txt", b"\x00\x01\x02binary", "is not a .txt file"),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_a_refused_file_names_the_problem_and_nothing_is_kept(cast, settings, name, content, message):
    with pytest.raises(ValidationError) as exc:
        resource_create(
            collaborative=cast.collaborative,
            by=cast.faculty,
            kind="file",
            title_en="x",
            file=SimpleUploadedFile(name, content),
        )
    assert message in " ".join(exc.value.message_dict["file"])
    assert not Resource.objects.exists()
    assert not ResourceVersion.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "library").exists()


def test_a_file_over_the_limit_is_refused_with_the_limit_stated(cast, monkeypatch):
    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 1024 * 1024)
    big = pdf("big.pdf", b"%PDF-" + b"x" * (1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        resource_create(
            collaborative=cast.collaborative, by=cast.faculty, kind="file", title_en="x", file=big
        )
    assert exc.value.message_dict["file"] == ["The file is 1.0 MB; the limit is 1 MB."]


def test_utf8_text_and_office_files_are_accepted(cast):
    csv = SimpleUploadedFile("roster.csv", "name,edad\nNiño,4\n".encode())
    docx = SimpleUploadedFile("plan.docx", b"PK\x03\x04 rest of a zip")
    for upload in (csv, docx):
        resource_create(
            collaborative=cast.collaborative, by=cast.faculty, kind="file", title_es="x", file=upload
        )
    assert sorted(ResourceVersion.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/csv",
    ]


def test_a_resource_needs_a_title_in_one_language_and_a_link_its_address(cast):
    with pytest.raises(ValidationError) as exc:
        resource_create(collaborative=cast.collaborative, by=cast.staff, kind="link", url="")
    assert set(exc.value.message_dict) == {"title_en", "url"}
    link = resource_create(
        collaborative=cast.collaborative,
        by=cast.staff,
        kind="link",
        title_es="Guía",
        url="https://example.org/g",
    )
    assert link.versions.count() == 0
    with pytest.raises(ValidationError):
        version_add(resource=link, file=pdf(), by=cast.staff)


def test_a_change_idea_of_another_collaborative_is_refused(cast):
    from tests.factories import make_collaborative

    other = make_change_idea(make_collaborative())
    with pytest.raises(ValidationError) as exc:
        resource_create(
            collaborative=cast.collaborative,
            by=cast.staff,
            kind="file",
            title_en="x",
            change_idea=other,
            file=pdf(),
        )
    assert "driver" in exc.value.message_dict or "change_idea" in exc.value.message_dict


def test_titles_are_shown_in_the_readers_language_with_a_visible_fallback(cast):
    both = Resource(title_en="Feelings chart", title_es="Tabla de sentimientos")
    english_only = Resource(title_en="Feelings chart")
    assert both.localized("title", "es") == Localized("Tabla de sentimientos", "es", fallback=False)
    assert both.localized("title", "en") == Localized("Feelings chart", "en", fallback=False)
    assert english_only.localized("title", "es") == Localized("Feelings chart", "en", fallback=True)
    assert english_only.localized("title", "en") == Localized("Feelings chart", "en", fallback=False)
