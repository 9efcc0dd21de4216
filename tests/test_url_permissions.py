"""Every URL the project defines, for every person of the named cast: allowed or refused, as its rule says.

Each app's tests keep the rules of its pages in ``tests/<app>/url_rules.py``:

    def setup(cast) -> dict            # the objects the pages need (called once per URL)
    RULES = {"app:url-name": Rule(kwargs=lambda objs: {"pk": objs["report"].pk},
                                  allowed={"teacher", "staff"}, method="get", data=None)}

A URL without a rule fails ``test_every_url_has_a_rule``, so a new page cannot ship without one.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES_OF_CAST

# Open to anyone signed in, or to everyone (signing in, resetting a password, choosing a language).
EXEMPT = {
    "home",
    "login",
    "logout",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "notifications:unsubscribe",  # a signed link in an email, opened without signing in
    "health",  # for load balancers: no sign-in, and it reveals nothing (tests/core/test_health.py)
    "intake:apply-index",  # the public application form, no account (tests/intake/test_apply.py)
    "intake:apply",
    "intake:thanks",
}


@dataclass(frozen=True)
class Rule:
    allowed: set[str]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda objs: {}
    method: str = "get"
    data: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda objs: {})
    content_type: str | None = None  # e.g. "application/json": the data is sent as JSON
    client: Callable[[Any], Client] | None = None  # how a person signs in (default: the session)


def also_allowed(rules: dict[str, Rule], names: list[str], *people: str) -> dict[str, Rule]:
    """The same rules with more people allowed (e.g. project staff of another collaborative on list pages)."""
    return {name: replace(rules[name], allowed=rules[name].allowed | set(people)) for name in names}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
        elif isinstance(entry, URLResolver) and entry.namespace != "admin":
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(url_names(entry, prefix))
    return names


def rule_modules() -> list[Any]:
    modules = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.ispkg and (Path(__file__).parent / info.name / "url_rules.py").exists():
            modules.append(importlib.import_module(f"tests.{info.name}.url_rules"))
    return modules


def all_rules() -> dict[str, tuple[Any, Rule]]:
    return {name: (module, rule) for module in rule_modules() for name, rule in module.RULES.items()}


def test_every_url_has_a_rule():
    missing = sorted(set(url_names()) - EXEMPT - set(all_rules()))
    assert missing == [], f"pages without a permission rule in tests/<app>/url_rules.py: {missing}"


def test_rules_name_real_urls_and_real_people():
    for name, (_module, rule) in all_rules().items():
        assert name in url_names(), name
        assert rule.allowed <= set(ROLES_OF_CAST), name


def outcome(response: Any) -> str:
    if response.status_code in (401, 403, 404):
        return "denied"
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return "denied"
    assert response.status_code in (200, 204, 302), (response.status_code, response.content[:300])
    return "allowed"


@pytest.mark.parametrize("name", sorted(all_rules()))
def test_each_person_is_allowed_or_refused_as_the_rule_says(name, cast):
    module, rule = all_rules()[name]
    objs = module.setup(cast)
    url = reverse(name, kwargs=rule.kwargs(objs))
    extra = {"content_type": rule.content_type} if rule.content_type else {}
    seen = {}
    for person, user in cast.people().items():
        with transaction.atomic():
            sid = transaction.savepoint_create()  # each person starts from the same data
            if rule.client is not None:
                client = rule.client(user)  # e.g. the API's: a personal token instead of the session
            else:
                client = Client()
                client.force_login(user)
            response = getattr(client, rule.method)(url, rule.data(objs), **extra)
            seen[person] = outcome(response)
            transaction.savepoint_rollback(sid)
    expected = {person: "allowed" if person in rule.allowed else "denied" for person in seen}
    assert seen == expected
    anonymous = getattr(Client(), rule.method)(url, rule.data(objs), **extra)
    assert outcome(anonymous) == "denied"
