"""What a post's text refers to: @usernames and pasted links to PDSA cycles and team charts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")
LINK = re.compile(r"(?:https?://[^\s/<>\"']+|(?<![\w/.]))(/(?:pdsa|dashboards)/[^\s<>\"']*)")


def mentioned_usernames(text: str) -> list[str]:
    """Usernames after an @, in order, without a sentence's closing punctuation."""
    seen: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".,;:!?")
        if name and name not in seen:
            seen.append(name)
    return seen


@dataclass(frozen=True)
class Ref:
    kind: str  # "cycle" or "chart"
    cycle_id: int | None = None
    team_id: int | None = None
    measure_id: int | None = None


def linked_refs(text: str) -> list[Ref]:
    """The PDSA cycles (``/pdsa/cycles/<pk>/``) and team measure charts
    (``/dashboards/team/<pk>/measure/<pk>/``) a text links to, by their path on this site; other links are
    left as text."""
    refs: list[Ref] = []
    for match in LINK.finditer(text):
        path = urlsplit(match.group(1).rstrip(".,;:!?)")).path
        try:
            found = resolve(path)
        except Resolver404:
            continue
        if found.view_name == "pdsa:cycle-detail":
            ref = Ref("cycle", cycle_id=found.kwargs["pk"])
        elif found.view_name in {"dashboards:team-measure", "dashboards:team-measure-chart"}:
            ref = Ref("chart", team_id=found.kwargs["pk"], measure_id=found.kwargs["measure_pk"])
        else:
            continue
        if ref not in refs:
            refs.append(ref)
    return refs
