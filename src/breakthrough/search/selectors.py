"""Search across what a person may see: PDSA cycles, change ideas, measures, resources, discussions, people.

Each kind is first narrowed in SQL to the collaboratives where the person has a role that could read it, and
to rows holding every word of the query (case-insensitive, in any of the kind's text fields); then every row
found passes the one permission rule (`access.can_view`) before it is shown, so search never shows what the
page itself would refuse. At most ``LIMIT`` results a kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.access import (
    PARTICIPANTS,
    READERS,
    can_view,
    collaborative_ids_where,
    directory_reach,
)
from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Membership, Role
from breakthrough.community.models import Thread
from breakthrough.framework.models import ChangeIdea
from breakthrough.library.models import Resource
from breakthrough.measures.models import Measure
from breakthrough.pdsa.models import PDSACycle

LIMIT = 20
SCAN = 200  # rows read a kind before the permission rule; more matches than this ask for a longer query
MIN_LENGTH = 2
SNIPPET = 160


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    where: str  # the team or collaborative it belongs to
    snippet: str


@dataclass(frozen=True)
class Group:
    kind: str
    hits: list[Hit]
    more: bool  # more matched than are shown


def _words(query: str) -> list[str]:
    return [w for w in query.split() if w][:8]


def _matching(fields: list[str], words: list[str]) -> Q:
    """Rows holding every word in at least one of the fields."""
    every = Q()
    for word in words:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        every &= anywhere
    return every


def _snippet(text: str, words: list[str]) -> str:
    """The passage around the first word found, or the start of the text."""
    flat = " ".join(text.split())
    lower = flat.lower()
    at = min((i for w in words if (i := lower.find(w.lower())) >= 0), default=0)
    start = max(0, at - SNIPPET // 3)
    piece = flat[start : start + SNIPPET]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(flat) else "")


def _visible(user: Any, rows: models.QuerySet[Any]) -> tuple[list[Any], bool]:
    shown = [row for row in rows[:SCAN] if can_view(user, row)]
    return shown[:LIMIT], len(shown) > LIMIT


def _cycles(user: Any, words: list[str], collaboratives: set[int]) -> Group:
    fields = [
        "objective",
        "questions",
        "prediction",
        "do_observations",
        "study_learning",
        "next_step",
        "ramp__title",
    ]
    rows = (
        PDSACycle.objects.active()
        .filter(ramp__team__collaborative_id__in=collaboratives)
        .filter(_matching(fields, words))
        .select_related("ramp__team__collaborative", "ramp__change_idea")
        .order_by("-pk")
    )
    shown, more = _visible(user, rows)
    hits = [
        Hit(
            str(c),
            c.get_absolute_url(),
            c.ramp.team.name,
            _snippet(" ".join([c.objective, c.study_learning, c.next_step]), words),
        )
        for c in shown
    ]
    return Group(str(_("PDSA cycles")), hits, more)


def _ideas(user: Any, words: list[str], collaboratives: set[int]) -> Group:
    rows = (
        ChangeIdea.objects.active()
        .filter(secondary__primary__collaborative_id__in=collaboratives)
        .filter(_matching(["name", "description"], words))
        .select_related("secondary__primary__collaborative", "team")
        .order_by("secondary__primary__collaborative", "order", "pk")
    )
    shown, more = _visible(user, rows)
    hits = [
        Hit(
            i.name,
            f"{reverse('framework:diagram')}?collaborative={i.secondary.primary.collaborative_id}",
            i.team.name if i.team else i.secondary.primary.collaborative.name,
            _snippet(i.description or i.secondary.name, words),
        )
        for i in shown
    ]
    return Group(str(_("Change ideas")), hits, more)


def _measures(user: Any, words: list[str], collaboratives: set[int]) -> Group:
    fields = [
        "name",
        "versions__definition",
        "versions__numerator_definition",
        "versions__denominator_definition",
    ]
    rows = (
        Measure.objects.active()
        .filter(collaborative_id__in=collaboratives)
        .filter(pk__in=Measure.objects.filter(_matching(fields, words)).values("pk"))
        .select_related("collaborative", "team")
        .order_by("collaborative", "name")
    )
    shown, more = _visible(user, rows)
    hits = []
    for m in shown:
        version = m.versions.order_by("-pk").first()
        text = version.definition if version else ""
        url = reverse("measures:measure-detail", args=[m.pk])
        hits.append(Hit(m.name, url, m.team.name if m.team else m.collaborative.name, _snippet(text, words)))
    return Group(str(_("Measures")), hits, more)


def _resources(user: Any, words: list[str], collaboratives: set[int]) -> Group:
    fields = ["title_en", "title_es", "description_en", "description_es"]
    rows = (
        Resource.objects.active()
        .filter(collaborative_id__in=collaboratives)
        .filter(_matching(fields, words))
        .select_related("collaborative")
        .order_by("-pk")
    )
    shown, more = _visible(user, rows)
    hits = [
        Hit(
            str(r),
            r.get_absolute_url(),
            r.collaborative.name,
            _snippet(r.description_en or r.description_es, words),
        )
        for r in shown
    ]
    return Group(str(_("Resources")), hits, more)


def _threads(user: Any, words: list[str], collaboratives: set[int]) -> Group:
    matching = Q(pk__in=Thread.objects.filter(_matching(["title", "posts__body"], words)).values("pk"))
    rows = (
        Thread.objects.active()
        .filter(collaborative_id__in=collaboratives)
        .filter(matching)
        .select_related("collaborative")
        .order_by("-pk")
    )
    shown, more = _visible(user, rows)
    hits = []
    for t in shown:
        posts = t.posts.active().filter(_matching(["body"], words)).order_by("pk")
        first = next((p for p in posts[:5] if can_view(user, p)), None)
        hits.append(
            Hit(
                t.title,
                t.get_absolute_url(),
                t.collaborative.name,
                _snippet(first.body if first else "", words),
            )
        )
    return Group(str(_("Discussions")), hits, more)


def _people(user: Any, words: list[str]) -> Group:
    """People as the member directory shows them: participants see every team's members and the staff;
    observers only the project staff; viewers nobody."""
    reach = {
        c.pk: r
        for c in Collaborative.objects.filter(pk__in=collaborative_ids_where(user, READERS | {Role.OBSERVER}))
        if (r := directory_reach(user, c))
    }
    fields = ["user__first_name", "user__last_name", "user__username"]
    rows = (
        Membership.objects.active()
        .filter(collaborative_id__in=reach)
        .exclude(role__in={Role.OBSERVER, Role.VIEWER})
        .filter(_matching(fields, words))
        .select_related("user", "team", "collaborative")
        .order_by("user__last_name", "user__first_name", "user__username", "collaborative")
    )
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    for m in rows[:SCAN]:
        if reach[m.collaborative_id] == "staff" and m.role != Role.PROJECT_STAFF:
            continue
        if (m.user_id, m.collaborative_id) in seen:
            continue
        seen.add((m.user_id, m.collaborative_id))
        where = m.team.name if m.team and m.role in TEAM_ROLES else m.collaborative.name
        url = f"{reverse('community:directory')}?collaborative={m.collaborative_id}"
        hits.append(Hit(m.user.get_full_name() or m.user.username, url, where, str(m.get_role_display())))
    return Group(str(_("People")), hits[:LIMIT], len(hits) > LIMIT)


def search(user: Any, query: str) -> list[Group]:
    """Every kind's results for ``query`` that ``user`` may see (kinds with none left out)."""
    words = _words(query)
    if not words or len(" ".join(words)) < MIN_LENGTH or not getattr(user, "is_authenticated", False):
        return []
    readers = collaborative_ids_where(user, READERS)
    participants = collaborative_ids_where(user, PARTICIPANTS)
    groups = [
        _cycles(user, words, readers),
        _ideas(user, words, readers),
        _measures(user, words, readers),
        _resources(user, words, participants),
        _threads(user, words, participants),
        _people(user, words),
    ]
    return [g for g in groups if g.hits]
