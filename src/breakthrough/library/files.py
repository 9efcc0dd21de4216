"""What the library accepts on upload: a stated size limit and a short list of types, checked by content."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""20 MB per file: slides, handouts, short recordings. Larger media belongs on a video site, linked."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension -> (content type, the first bytes the file must start with; None for text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (_ZIP,)),
    "doc": ("application/msword", (_OLE,)),
    "odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "mp3": ("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "mp4": ("video/mp4", None),  # checked below: "ftyp" at byte 4
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
}


def allowed_types_text() -> str:
    return ", ".join(sorted(ALLOWED))


def check_upload(file: Any) -> str:
    """The file's content type, or a ValidationError on ``file`` naming what is wrong."""
    name = getattr(file, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            {
                "file": _("Files of type %(ext)s are not accepted. Accepted: %(types)s.")
                % {"ext": f".{ext}" if ext else _("(no extension)"), "types": allowed_types_text()}
            }
        )
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
            }
        )
    content_type, magic = ALLOWED[ext]
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if magic is not None:
        ok = head.startswith(magic)
    elif ext == "mp4":
        ok = head[4:8] == b"ftyp"
    else:
        ok = _is_text(head)
    if not ok:
        raise ValidationError(
            {
                "file": _("The file's content is not a %(ext)s file; it may be misnamed or damaged.")
                % {"ext": f".{ext}"}
            }
        )
    return content_type


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of the sample
    return True
