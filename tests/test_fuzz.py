"""No input makes a 500 (issue #14): hypothesis over every form's fields and every query parameter.

Two walks, both failing on any 5xx:

- **every URL** the project defines, with the objects its permission rule sets up (tests/<app>/url_rules.py),
  signed in as each of a few people: its query string, and for POST pages its fields (the rule's own data,
  then each field replaced by a hostile value), are fuzzed;
- **the demo collaborative**: every page without an id in its URL, read as each demo role, with the page's own
  GET filters and POST forms (read from its HTML) fuzzed with the same values.

The values are what broke pages before: NUL bytes, ids beyond 64 bits, NaN and infinities, other scripts'
digits, dates that don't exist, "From" after "To", very long text, and hypothesis' own text and integers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_url_permissions import EXEMPT, all_rules

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "9223372036854775808",
    "NaN",
    "inf",
    "-Infinity",
    "1e309",
    "１２",
    "١٢",
    "\x00",
    "a\x00b",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12",
    "1,5",
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "%",
    "true",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# Query parameters the pages read (their filters), beyond those a page's own GET form names.
PARAMS = [
    "collaborative",
    "team",
    "measure",
    "driver",
    "program_type",
    "start",
    "end",
    "from",
    "to",
    "kind",
    "chart",
    "page",
    "q",
    "status",
    "wave",
    "month",
    "next",
    "person",
    "model",
    "action",
    "format",
    "tables",
    "group",
    "thread",
    "classroom",
]
PEOPLE = ["staff", "teacher", "viewer", "observer", "evaluator"]
FUZZ = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def answer(client: Client, method: str, url: str, data: dict[str, Any]) -> int:
    with transaction.atomic():
        sid = transaction.savepoint_create()  # each request starts from the same data
        try:
            response = getattr(client, method)(url, data)
        finally:
            transaction.savepoint_rollback(sid)
    return response.status_code


def signed_in(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(all_rules()))
def test_no_query_or_field_of_any_page_makes_a_500(name, cast):
    module, rule = all_rules()[name]
    objs = module.setup(cast)
    url = reverse(name, kwargs=rule.kwargs(objs))
    clients = {person: signed_in(getattr(cast, person)) for person in PEOPLE}
    valid = rule.data(objs) if rule.method == "post" else {}

    @FUZZ
    @given(
        person=st.sampled_from(PEOPLE), params=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4)
    )
    def query(person: str, params: dict[str, str]) -> None:
        status = answer(clients[person], "get", f"{url}?{_encode(params)}", {})
        assert status < 500, (person, params, status)

    @FUZZ
    @given(person=st.sampled_from(PEOPLE), field=st.sampled_from(sorted(valid) or ["x"]), value=VALUES)
    def fields(person: str, field: str, value: str) -> None:
        status = answer(clients[person], "post", url, {**valid, field: value})
        assert status < 500, (person, field, value, status)

    query()
    if rule.method == "post":
        fields()


def _encode(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


# --- the demo collaborative -------------------------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: (method, action, field names)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (a.get("method") or "get").lower(), "action": a.get("action"), "fields": {}}
            )
        elif (
            tag in {"input", "select", "textarea"}
            and self.forms
            and a.get("name")
            and a.get("type") not in {"submit", "button", "file"}
        ):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


def plain_pages() -> list[str]:
    """Every URL of the project with no argument in its path (lists, dashboards, start pages)."""
    found = []

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver) and entry.namespace != "admin":
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
                found.append(f"{namespace}{entry.name}")

    walk(get_resolver(), "")
    # Files (PDF reports, chart images, downloads) have no forms; the URL-rule walk fuzzes their queries.
    files = re.compile(r"\.(pdf|png|svg|csv|xlsx|zip|ics|json)$|schema|/docs/$")
    return sorted(n for n in found if (n not in EXEMPT or n == "home") and not files.search(reverse(n)))


@pytest.fixture
def demo(db: Any, time_machine: Any) -> dict[str, Any]:
    from breakthrough.demo import build_demo

    time_machine.move_to("2026-06-05 12:00+00:00")  # the demo is built as of a pinned day
    build_demo(seed=7)
    from breakthrough.core.models import User

    return {
        u.username: u for u in User.objects.filter(username__in=["staff", "teacher", "viewer", "observer"])
    }


def test_no_filter_or_form_of_the_demo_pages_makes_a_500(demo):
    pages = []
    for person, user in sorted(demo.items()):
        client = signed_in(user)
        for name in plain_pages():
            url = reverse(name)
            response = client.get(url)
            assert response.status_code < 500, (person, name, response.status_code)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                parser = Forms()
                parser.feed(response.content.decode())
                pages += [(person, url, form) for form in parser.forms if form["fields"]]
    assert len({url for _p, url, _f in pages}) > 10, "the walk found few forms to fuzz"
    clients = {person: signed_in(user) for person, user in demo.items()}

    @settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(page=st.sampled_from(pages), data=st.data())
    def walk(page: tuple[str, str, dict[str, Any]], data: Any) -> None:
        person, url, form = page
        fields = dict(form["fields"])
        for name in data.draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3, unique=True)):
            fields[name] = data.draw(VALUES)
        method = "post" if form["method"] == "post" else "get"
        target = _action(url, form["action"])
        status = answer(clients[person], method, target, fields)
        assert status < 500, (person, target, method, fields, status)

    walk()


def _action(page: str, action: str | None) -> str:
    if not action:
        return page
    return re.sub(r"^https?://[^/]+", "", action)
