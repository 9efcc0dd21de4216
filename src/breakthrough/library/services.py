"""Writes of the resource library: add a resource (a file or a link), add a new version of a file."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import LIBRARY_EDITORS, has_any, roles_in
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.services import save_audited
from breakthrough.library.files import check_upload
from breakthrough.library.models import Resource, ResourceVersion


def _may_edit(user: Any, collaborative: Collaborative) -> bool:
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), LIBRARY_EDITORS)


def resource_create(
    *,
    collaborative: Collaborative,
    by: Any,
    kind: str,
    title_en: str = "",
    title_es: str = "",
    description_en: str = "",
    description_es: str = "",
    driver: Any = None,
    change_idea: Any = None,
    url: str = "",
    file: Any = None,
    note: str = "",
) -> Resource:
    """A new resource; a file resource gets its first version. Nothing is kept if any part is refused."""
    if not _may_edit(by, collaborative):
        raise PermissionDenied
    if change_idea is not None and driver is None:
        driver = change_idea.secondary.primary
    resource = Resource(
        collaborative=collaborative,
        kind=kind,
        title_en=title_en.strip(),
        title_es=title_es.strip(),
        description_en=description_en.strip(),
        description_es=description_es.strip(),
        driver=driver,
        change_idea=change_idea,
        url=url if kind == Resource.Kind.LINK else "",
        created_by=by,
    )
    if kind == Resource.Kind.FILE and file is None:
        raise ValidationError({"file": _("Choose the file to upload.")})
    if kind == Resource.Kind.FILE:
        check_upload(file)
    with transaction.atomic():
        resource = save_audited(obj=resource, by=by)
        if kind == Resource.Kind.FILE:
            _store_version(resource=resource, file=file, note=note, by=by)
    return resource


def version_add(*, resource: Resource, file: Any, note: str = "", by: Any) -> ResourceVersion:
    """A new version of a file resource; the earlier versions stay listed and downloadable."""
    if not _may_edit(by, resource.collaborative):
        raise PermissionDenied
    if resource.kind != Resource.Kind.FILE:
        raise ValidationError({"file": _("A link has no files; add a file resource instead.")})
    if file is None:
        raise ValidationError({"file": _("Choose the file to upload.")})
    check_upload(file)
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()  # one number per version
        return _store_version(resource=resource, file=file, note=note, by=by)


def _store_version(*, resource: Resource, file: Any, note: str, by: Any) -> ResourceVersion:
    content_type = check_upload(file)
    number = (resource.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    original = get_valid_filename(file.name.rsplit("/", 1)[-1]) or "file"
    stored = default_storage.save(
        f"library/{resource.collaborative_id}/{resource.pk}/v{number}-{original}", file
    )
    version = ResourceVersion(
        resource=resource,
        number=number,
        stored_name=stored,
        original_name=original[:255],
        size=file.size,
        content_type=content_type,
        note=note.strip()[:300],
        uploaded_by=by,
    )
    try:
        version = save_audited(obj=version, by=by)
    except Exception:
        default_storage.delete(stored)
        raise
    return version
