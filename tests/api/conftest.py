from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.api.helpers import make_api_data


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings: Any) -> Any:
    settings.API_RATE_LIMIT = "10000/minute"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(cast: Any) -> dict[str, Any]:
    return make_api_data(cast)
