"""What a PDSA cycle or storyboard accepts as an attachment: photos (JPEG, PNG, WebP) and PDF files, up to a
size set in settings, recognized by their content, never by their name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

# Pillow's name of the format -> (content type, the extension the stored file gets)
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
PDF = ("application/pdf", "pdf")


def max_bytes() -> int:
    return int(settings.PDSA_ATTACHMENT_MAX_BYTES)


def check_attachment(file: Any) -> tuple[str, str]:
    """The file's content type and extension, or a ValidationError on ``file`` saying what is wrong."""
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > max_bytes():
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{max_bytes() / 1024 / 1024:g}"}
            }
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    found = _image_format(file)
    if found in IMAGE_TYPES:
        return IMAGE_TYPES[found]
    raise ValidationError(
        {
            "file": _(
                "This file is not a photo (JPEG, PNG or WebP) or a PDF, whatever its name says. "
                "Choose one of those."
            )
        }
    )


def _image_format(file: Any) -> str | None:
    try:
        with Image.open(file) as image:
            image.verify()  # reads the whole image: a damaged or truncated file is refused here
            found = image.format
    except Exception:  # Pillow raises many kinds for files that are not images (or are bombs)
        found = None
    finally:
        file.seek(0)
    return found
