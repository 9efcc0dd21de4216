"""The named cast (one person per role, plus an outsider on another team) and browser set-up."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_migrate
from django.utils import translation

from breakthrough.collaboratives.models import Collaborative, Role, Team
from breakthrough.core.models import User
from tests.factories import make_collaborative, make_member, make_team, make_user

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Any:
    """A Spanish page a test opened leaves Spanish active in the thread (the middleware activates a
    person's language): each test starts in the default language, as a new request would."""
    from django.utils import translation

    yield
    translation.activate("en")


@dataclass
class Cast:
    collaborative: Collaborative
    team_a: Team
    team_b: Team
    staff: User
    faculty: User
    teacher: User
    director: User
    family: User
    evaluator: User
    observer: User
    viewer: User
    outsider: User
    stranger: User  # signed in, but in no collaborative
    staff_other: User  # project staff of another collaborative (tenancy)
    other_collaborative: Collaborative | None = None

    def people(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in ROLES_OF_CAST}


ROLES_OF_CAST = [
    "staff",
    "faculty",
    "teacher",
    "director",
    "family",
    "evaluator",
    "observer",
    "viewer",
    "outsider",
    "stranger",
    "staff_other",
]


@pytest.fixture
def cast(db: Any) -> Cast:
    collab = make_collaborative()
    team_a, team_b = make_team(collab), make_team(collab)
    people = {name: make_user(name) for name in ROLES_OF_CAST}
    make_member(people["staff"], Role.PROJECT_STAFF, collab)
    make_member(people["faculty"], Role.FACULTY, collab)
    make_member(people["teacher"], Role.TEACHER, collab, team_a)
    make_member(people["director"], Role.DIRECTOR, collab, team_a)
    make_member(people["family"], Role.FAMILY_MEMBER, collab, team_a)
    make_member(people["evaluator"], Role.EVALUATOR, collab)
    make_member(people["observer"], Role.OBSERVER, collab)
    make_member(people["viewer"], Role.VIEWER, collab)
    make_member(people["outsider"], Role.TEACHER, collab, team_b)
    other = make_collaborative()
    make_team(other)
    make_member(people["staff_other"], Role.PROJECT_STAFF, other)
    return Cast(collaborative=collab, team_a=team_a, team_b=team_b, other_collaborative=other, **people)


for _name in ROLES_OF_CAST:  # each person of the cast is also a fixture of their own

    def _fixture(cast: Cast, _name: str = _name) -> User:
        return getattr(cast, _name)

    globals()[_name] = pytest.fixture(_fixture, name=_name)


BUILT_ONCE = "_built_once"  # a module-scoped fixture named so holds rows that module's tests share


@contextmanager
def kept_for_the_module(django_db_blocker: Any) -> Iterator[None]:
    """Rows built once for the tests of a module (the demo takes seconds to build), in an outer transaction.

    Each test's own transaction (pytest-django's ``db``) is then a savepoint inside it, so what a test writes
    is rolled back after it as before, and the shared rows are rolled back after the module's last test. The
    tests that use such rows run after the module's other tests (``pytest_collection_modifyitems``), which
    thus never meet them; on both databases, like Django's ``TestCase.setUpTestData``.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]  # as TestCase marks its own atomics
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Within each module, the tests on rows built once for it last (a stable sort: each group keeps its
    order), so they are built once, after the tests that need an empty database."""

    def shares(item: Any) -> bool:
        return any(name.endswith(BUILT_ONCE) for name in getattr(item, "fixturenames", ()))

    modules: dict[Any, int] = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), len(modules))
    items.sort(key=lambda item: (modules[getattr(item, "module", None)], shares(item)))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request in Spanish leaves Spanish active in the thread (the locale middleware activates the reader's
    language and nothing deactivates it); the next test would then read Spanish messages. Every test starts
    and ends in the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def ship_migrations_data() -> None:
    """Put back the rows data migrations ship: the assessment scale, study and fieldwork instruments."""
    import importlib

    from django.apps import apps

    from breakthrough.assessments.models import AssessmentLevel
    from breakthrough.demo.study import shipped_instruments

    if not AssessmentLevel.objects.exists():
        scale = importlib.import_module("breakthrough.assessments.migrations.0004_default_scale")
        scale.add_levels(apps, None)
        spanish = importlib.import_module("breakthrough.assessments.migrations.0005_content_in_two_languages")
        spanish.add_spanish(apps, None)
    shipped_instruments()


def _ship_again_after_a_flush(sender: Any, **kwargs: Any) -> None:
    """A transactional test (a browser test's live server) ends by flushing every table, the rows the data
    migrations shipped included, and the flush sends post_migrate: ship those rows again then, for the
    next test in the worker. (When the test database is made, they are there and nothing is done.)"""
    if sender.name == "breakthrough.assessments":
        ship_migrations_data()


post_migrate.connect(_ship_again_after_a_flush, dispatch_uid="tests-ship-again-after-a-flush")
