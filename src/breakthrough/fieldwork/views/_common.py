"""What the fieldwork pages share: the collaborative by its slug, for a person allowed on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from breakthrough.collaboratives.access import roles_in
from breakthrough.collaboratives.models import Collaborative


def collaborative_for(user: Any, slug: str, allowed: Callable[[Any, Collaborative], Any]) -> Collaborative:
    """The collaborative, if ``allowed(user, collaborative)``: 404 to people with no role in it (its
    existence stays unconfirmed), 403 to its members without the right."""
    collaborative = Collaborative.objects.filter(slug=slug).first()
    if collaborative is None:
        raise Http404
    if not getattr(user, "is_superuser", False) and not roles_in(user, collaborative):
        raise Http404
    if not allowed(user, collaborative):
        raise PermissionDenied
    return collaborative
