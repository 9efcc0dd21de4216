from __future__ import annotations

from typing import Any

import pytest

from breakthrough.pdsa.models import PDSACycle
from tests.factories import make_change_idea, make_cycle


@pytest.fixture
def idea(cast: Any) -> Any:
    return make_change_idea(cast.collaborative, name="Visual schedule")


@pytest.fixture
def cycle(cast: Any, idea: Any) -> PDSACycle:
    return make_cycle(cast.team_a, cast.teacher, change_idea=idea, prediction="Most children join in")


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client
