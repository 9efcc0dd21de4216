"""The OpenAPI schema, tested with schemathesis against a live server on the demo collaborative:
property-based requests from the schema, no 5xx, every response as the schema says (status, content type,
headers, body). Bounded: a few examples per operation, well under two minutes."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from breakthrough.api.tokens import token_create
from breakthrough.core.models import User
from breakthrough.demo import build_demo

EXAMPLES = 6  # per operation and person: 31 operations × 6 × 2 people stays under 400 requests
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def demo_server(live_server: Any, transactional_db: Any, settings: Any, time_machine: Any) -> Any:
    settings.API_RATE_LIMIT = "100000/minute"
    time_machine.move_to("2026-06-05 12:00+00:00")  # the demo is built as of a pinned day
    build_demo(seed=7)
    return live_server


def _schema(base: str, key: str) -> Any:
    response = requests.get(f"{base}/api/v1/schema/?format=json", headers=_auth(key), timeout=30)
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _run(schema: Any, base: str, key: str, wanted: Any = lambda path: True) -> int:
    calls = 0
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()
            if not wanted(operation.path):
                continue

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any) -> None:
                nonlocal calls
                calls += 1
                case.call_and_validate(base_url=base, session=session, headers=_auth(key), checks=CHECKS)

            check()
    return calls


def test_the_schema_holds_for_generated_requests(demo_server: Any) -> None:
    started = time.monotonic()
    base = demo_server.url
    teacher = User.objects.get(username="teacher")
    evaluator = User.objects.get(username="evaluator")
    _row, teacher_key = token_create(user=teacher, name="schemathesis")
    _row, evaluator_key = token_create(user=evaluator, name="schemathesis")
    schema = _schema(base, teacher_key)
    operations = list(schema.get_all_operations())
    assert len(operations) >= 30  # every resource of the API is in the schema
    calls = _run(schema, base, teacher_key)
    calls += _run(schema, base, evaluator_key, wanted=lambda path: path.startswith("/api/v1/study/"))
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {calls} generated requests, {elapsed:.0f} s")
    assert 100 <= calls <= 400
    assert elapsed < 120
