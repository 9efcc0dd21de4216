"""Reads of the community space: threads a person sees, posts as a reader sees them, the directory, and the
counts of cross-team replies the study reads."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from breakthrough.collaboratives.access import can_moderate, can_view, directory_reach, teams_seen_by
from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Membership, Role, Team, month_start
from breakthrough.community.models import DirectoryEntry, Post, PostLink, Thread


def threads_in(collaborative: Collaborative, space: str, user: Any) -> QuerySet[Thread]:
    """A space's threads with their reply counts; threads hidden by staff only for staff."""
    threads = Thread.objects.active().filter(collaborative=collaborative, space=space)
    visible_posts = Q(posts__archived_at__isnull=True)
    if not can_moderate(user, collaborative):
        threads = threads.filter(hidden_at__isnull=True)
        visible_posts &= Q(posts__hidden_at__isnull=True)
    return threads.select_related("author", "team").annotate(n_posts=Count("posts", filter=visible_posts))


@dataclass(frozen=True)
class ShownLink:
    url: str
    title: str  # empty when the reader may not see what it links to


def posts_for(thread: Thread, user: Any) -> list[tuple[Post, list[ShownLink]]]:
    """The thread's posts as this reader sees them: hidden ones only for staff, and each link's title only if
    the reader may see the PDSA cycle or chart it points to."""
    posts = thread.posts.active().select_related("author", "team", "hidden_by").order_by("created_at", "pk")
    if not can_moderate(user, thread.collaborative):
        posts = posts.filter(hidden_at__isnull=True)
    links: dict[int, list[ShownLink]] = {}
    seen_teams = set(teams_seen_by(user).values_list("pk", flat=True))
    rows = PostLink.objects.filter(post__thread=thread).select_related(
        "cycle__ramp__team__collaborative", "team", "measure__collaborative"
    )
    for link in rows:
        links.setdefault(link.post_id, []).append(_shown(link, user, seen_teams))
    return [(post, links.get(post.pk, [])) for post in posts]


def _shown(link: PostLink, user: Any, seen_teams: set[int]) -> ShownLink:
    if link.kind == PostLink.Kind.CYCLE:
        assert link.cycle is not None
        url = reverse("pdsa:cycle-detail", args=[link.cycle_id])
        return ShownLink(url, str(link.cycle) if can_view(user, link.cycle) else "")
    assert link.measure is not None
    assert link.team is not None
    url = reverse("dashboards:team-measure", args=[link.team_id, link.measure_id])
    visible = can_view(user, link.measure) and (user.is_superuser or link.team_id in seen_teams)
    return ShownLink(url, f"{link.team.name}: {link.measure}" if visible else "")


@dataclass(frozen=True)
class Member:
    user: Any
    roles: list[str]
    email: str  # empty unless they chose to share it


def directory(collaborative: Collaborative, user: Any) -> dict[str, Any]:
    """Teams with their members and roles, and the collaborative-wide roles, as far as ``user`` may see:
    everything for participants, the project staff only for observers (no teams), nothing for viewers."""
    reach = directory_reach(user, collaborative)
    if not reach:
        return {"reach": "", "teams": [], "collaborative_wide": []}
    rows = Membership.objects.active().filter(collaborative=collaborative).select_related("user", "team")
    if reach == "staff":
        rows = rows.filter(role=Role.PROJECT_STAFF)
    else:
        rows = rows.exclude(role__in={Role.OBSERVER, Role.VIEWER})
    sharing = set(
        DirectoryEntry.objects.filter(collaborative=collaborative, share_email=True).values_list(
            "user_id", flat=True
        )
    )
    by_team: dict[Team | None, dict[int, list[str]]] = {}
    people: dict[int, Any] = {}
    for row in rows.order_by("user__last_name", "user__first_name", "user__username", "role"):
        team = row.team if row.role in TEAM_ROLES else None
        by_team.setdefault(team, {}).setdefault(row.user_id, []).append(row.get_role_display())
        people[row.user_id] = row.user

    def members(group: dict[int, list[str]]) -> list[Member]:
        return [
            Member(people[uid], roles, people[uid].email if uid in sharing else "")
            for uid, roles in group.items()
        ]

    teams = sorted((t for t in by_team if t is not None), key=lambda t: t.name)
    return {
        "reach": reach,
        "teams": [(team, members(by_team[team])) for team in teams],
        "collaborative_wide": members(by_team.get(None, {})),
    }


@dataclass(frozen=True)
class CrossTeamReplies:
    month: dt.date
    from_team_id: int  # the team of the person replying
    from_team: str
    to_team_id: int  # the team of the thread's author
    to_team: str
    replies: int


def cross_team_replies(collaborative: Collaborative, start: dt.date, end: dt.date) -> list[CrossTeamReplies]:
    """Replies by someone on a different team than the thread's author, per month (local time) and team pair,
    from ``start`` to ``end`` inclusive: the study's "informal communications between teams".

    Posts by staff and faculty (on no team), opening posts, and posts or threads hidden by staff are not
    counted. Rows are sorted by month, replying team, thread's team.
    """
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    posts = (
        Post.objects.active()
        .filter(
            thread__collaborative=collaborative,
            thread__hidden_at__isnull=True,
            thread__archived_at__isnull=True,
            thread__team__isnull=False,
            team__isnull=False,
            is_opener=False,
            hidden_at__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
        )
        .exclude(team=F("thread__team"))
        .values_list("created_at", "team_id", "team__name", "thread__team_id", "thread__team__name")
    )
    counts: Counter[tuple[dt.date, int, str, int, str]] = Counter(
        (month_start(timezone.localdate(at, tz)), src, src_name, dst, dst_name)
        for at, src, src_name, dst, dst_name in posts
    )
    return [
        CrossTeamReplies(month, src, src_name, dst, dst_name, n)
        for (month, src, src_name, dst, dst_name), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][3])
        )
    ]
