"""Files and photos on PDSA cycles and storyboards: checked by content and size, stored, served only to people
who may open the cycle or storyboard, removed with an audit record."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from breakthrough.core.models import AuditRecord
from breakthrough.pdsa import services
from breakthrough.pdsa.models import Attachment, PDSACycle, Storyboard
from tests.factories import make_cycle
from tests.pdsa.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # each test sees only the files it stored


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


# A one-page PDF written by hand: the catalog, the page tree, one empty page, the cross-reference table.
PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
]


def pdf_bytes() -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(PDF_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def upload(client: Any, cycle: Any, name: str, content: bytes, caption: str = "") -> Any:
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(
        reverse("pdsa:cycle-attachment-add", args=[cycle.pk]), {"file": file, "caption": caption}
    )


def stored_files() -> list[str]:
    storage = storages["attachments"]
    found: list[str] = []

    def walk(path: str) -> None:
        if not storage.exists(path):
            return
        dirs, files = storage.listdir(path)
        found.extend(f"{path}/{f}" for f in files)
        for d in dirs:
            walk(f"{path}/{d}")

    walk("pdsa")
    return found


def test_a_real_png_is_uploaded_shown_as_a_thumbnail_and_served(client, cast, cycle):
    content = png_bytes()
    login(client, cast.teacher)
    response = upload(client, cycle, "circle-time.png", content, caption="Children at circle time")
    assert response.status_code == 302
    attachment = Attachment.objects.get(cycle=cycle)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "circle-time.png",
        "image/png",
        len(content),
    )
    assert attachment.stored_name.startswith(f"pdsa/cycles/{cycle.pk}/")
    assert attachment.stored_name.endswith(".png")

    page = client.get(cycle.get_absolute_url()).content.decode()
    url = reverse("pdsa:attachment", args=[attachment.pk])
    assert f'<img src="{url}" alt="Children at circle time"' in page

    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"] == 'inline; filename="circle-time.png"'
    assert b"".join(served.streaming_content) == content
    assert AuditRecord.objects.filter(action=AuditRecord.Action.CREATE, object_id=str(attachment.pk)).exists()


def test_a_real_pdf_is_uploaded_linked_and_downloaded(client, cast, cycle):
    content = pdf_bytes()
    login(client, cast.director)
    assert upload(client, cycle, "checklist.pdf", content).status_code == 302
    attachment = Attachment.objects.get(cycle=cycle)
    assert attachment.content_type == "application/pdf"
    page = client.get(cycle.get_absolute_url()).content.decode()
    url = reverse("pdsa:attachment", args=[attachment.pk])
    assert f'<a href="{url}">checklist.pdf</a>' in page
    served = client.get(url)
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'attachment; filename="checklist.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == content


def test_text_named_png_is_refused_by_its_content(client, cast, cycle):
    login(client, cast.teacher)
    response = upload(client, cycle, "photo.png", b"just some words, not a picture\n")
    assert response.status_code == 400
    assert "not a photo (JPEG, PNG or WebP) or a PDF" in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_damaged_png_is_refused(client, cast, cycle):
    login(client, cast.teacher)
    response = upload(client, cycle, "photo.png", png_bytes()[:30])  # the header, then cut off
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_too_large_is_refused_naming_the_limit(client, cast, cycle, settings):
    settings.PDSA_ATTACHMENT_MAX_BYTES = 1024 * 1024  # 1 MB
    login(client, cast.teacher)
    big = pdf_bytes() + b"0" * (1024 * 1024)  # 1 MB and a little more: 1.0 MB shown
    response = upload(client, cycle, "big.pdf", big)
    assert response.status_code == 400
    assert "The file is 1.0 MB; the limit is 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_failing_row_leaves_no_file(cast):
    # A real failure after the file is stored: the cycle row is gone by the time the attachment is saved.
    cycle = make_cycle(cast.team_a, cast.teacher, prediction="Most children join in")
    PDSACycle.objects.filter(pk=cycle.pk).delete()
    with pytest.raises(ValidationError):
        services.attachment_add(cycle=cycle, by=cast.teacher, file=SimpleUploadedFile("x.png", png_bytes()))
    assert stored_files() == []
    assert not Attachment.objects.exists()


def test_another_team_sees_it_only_once_the_cycle_is_shared_and_observers_never(client, cast, cycle):
    login(client, cast.teacher)
    upload(client, cycle, "a.png", png_bytes())
    url = reverse("pdsa:attachment", args=[Attachment.objects.get().pk])
    login(client, cast.outsider)
    assert client.get(url).status_code == 404
    login(client, cast.observer)
    assert client.get(url).status_code == 404
    services.cycle_share(cycle=cycle, by=cast.teacher)
    login(client, cast.outsider)
    assert client.get(url).status_code == 200
    login(client, cast.observer)
    assert client.get(url).status_code == 404
    # Seeing a shared cycle is not changing it: the other team may not attach or remove.
    login(client, cast.outsider)
    assert upload(client, cycle, "b.png", png_bytes()).status_code == 403
    remove = reverse("pdsa:attachment-remove", args=[Attachment.objects.get().pk])
    assert client.post(remove).status_code == 403
    assert Attachment.objects.active().count() == 1


def test_removal_is_audited_and_hides_the_file(client, cast, cycle):
    login(client, cast.teacher)
    upload(client, cycle, "a.pdf", pdf_bytes())
    attachment = Attachment.objects.get()
    response = client.post(reverse("pdsa:attachment-remove", args=[attachment.pk]))
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.is_archived
    record = AuditRecord.objects.get(action=AuditRecord.Action.ARCHIVE, object_id=str(attachment.pk))
    assert record.by == cast.teacher
    assert client.get(reverse("pdsa:attachment", args=[attachment.pk])).status_code == 404
    assert "a.pdf" not in client.get(cycle.get_absolute_url()).content.decode()


def test_a_photo_on_the_storyboard_is_read_by_other_teams_not_by_observers(client, cast):
    login(client, cast.teacher)
    url = reverse("pdsa:storyboard-attachment-add", args=[cast.team_a.pk])
    file = SimpleUploadedFile("board.png", png_bytes())
    assert client.post(url, {"file": file, "caption": "Our wall"}).status_code == 302
    board = Storyboard.objects.get(team=cast.team_a)  # made on the first upload
    attachment = Attachment.objects.get(storyboard=board)
    page = client.get(reverse("pdsa:storyboard", args=[cast.team_a.pk])).content.decode()
    assert 'alt="Our wall"' in page
    served = reverse("pdsa:attachment", args=[attachment.pk])
    login(client, cast.outsider)
    assert client.get(served).status_code == 200
    assert client.post(url, {"file": SimpleUploadedFile("x.png", png_bytes())}).status_code == 403
    login(client, cast.observer)
    assert client.get(served).status_code == 404


@pytest.mark.parametrize(("fmt", "expected"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_jpeg_and_webp_photos_are_recognized_whatever_their_name(cast, cycle, fmt, expected):
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5), (10, 120, 60)).save(buffer, format=fmt)
    file = SimpleUploadedFile("photo.bin", buffer.getvalue())  # the name says nothing; the content does
    attachment = services.attachment_add(cycle=cycle, by=cast.teacher, file=file)
    assert attachment.content_type == expected
    assert attachment.stored_name.endswith({"JPEG": ".jpg", "WEBP": ".webp"}[fmt])


def test_a_file_of_exactly_the_limit_is_accepted_one_byte_more_is_not(cast, cycle, settings):
    settings.PDSA_ATTACHMENT_MAX_BYTES = 2000
    head = pdf_bytes()
    exact = SimpleUploadedFile("a.pdf", head + b"%" * (2000 - len(head)))
    assert services.attachment_add(cycle=cycle, by=cast.teacher, file=exact).size == 2000
    over = SimpleUploadedFile("b.pdf", head + b"%" * (2001 - len(head)))
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(cycle=cycle, by=cast.teacher, file=over)
    assert list(refused.value.message_dict) == ["file"]
    assert Attachment.objects.count() == 1
