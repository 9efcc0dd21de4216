from __future__ import annotations

from typing import Any

import pytest

from breakthrough.collaboratives.models import Invitation, Role
from breakthrough.collaboratives.services import invitation_create


def make_invitation(
    cast: Any, email: str = "new.parent@example.org", **overrides: Any
) -> tuple[Invitation, str]:
    fields = {
        "collaborative": cast.collaborative,
        "email": email,
        "role": Role.FAMILY_MEMBER,
        "team": cast.team_a,
        "language": "en",
        "by": cast.staff,
        "base_url": "http://testserver/",
    }
    return invitation_create(**(fields | overrides))


@pytest.fixture
def invitation(cast: Any) -> tuple[Invitation, str]:
    return make_invitation(cast)
