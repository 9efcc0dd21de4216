"""Community, library and spread data for a demo collaborative: threads with cross-team replies, @mentions
and one post hidden by staff; opt-ins to the directory; a change package in English and Spanish with a second
version of one file; adopted changes in use in participating and spread classrooms month by month.

Call ``build_community_demo(collaborative, rng)`` after its teams, people, framework, PDSA cycles and events
exist. It draws from its own generator, seeded once from ``rng``, so one seed gives the same community.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from breakthrough.collaboratives.models import Classroom, Collaborative, Membership, Role, Team, add_months
from breakthrough.community.models import Post, Space, Thread
from breakthrough.community.services import directory_share_set, post_hide, post_reply, thread_start
from breakthrough.core.models import User
from breakthrough.framework.models import ChangeIdea, PrimaryDriver
from breakthrough.library.services import resource_create, version_add
from breakthrough.spread.models import ChangeInUse
from breakthrough.spread.selectors import adopted_ramps

THREADS = [
    (
        Space.ALL,
        "What helped you most after the first learning session?",
        "Our team started with greeting "
        "rituals at the door. Has anyone tried a feelings check-in with toddlers?",
    ),
    (
        Space.TEACHERS,
        "Visual schedules for transitions",
        "We put photos of each part of the day at child height. "
        "Cleanup is calmer already. How do you handle outdoor time?",
    ),
    (
        Space.TEACHERS,
        "Calm-down corner: what is in yours?",
        "Ours has a soft mat, a breathing card and two "
        "feelings books. Children use it more when an adult names the feeling first.",
    ),
    (
        Space.DIRECTORS,
        "Finding time for team meetings",
        "We cover classrooms with a floater for 45 minutes every other Tuesday. What schedule works for you?",
    ),
    (
        Space.FAMILIES,
        "Talking about feelings at home",
        "We read one of the feelings books from class at "
        "bedtime. My son now says when he is frustrated instead of throwing things.",
    ),
]
REPLIES = [
    "We tried this last month and it worked after about a week of practice.",
    "Thank you for sharing. We will test it in our preschool room next week.",
    "Same here: the key for us was doing it at the same time every day.",
    "Our coach suggested starting with one classroom first and it helped.",
    "Could you share the cards you use? I would love to see them.",
    "We adapted this for infants with songs instead of pictures.",
]
RESOURCES = [
    (
        "Feelings chart for circle time",
        "Tabla de sentimientos para el círculo",
        "Printable faces for six feelings, with words in English and Spanish.",
        "Caras imprimibles de seis sentimientos, con palabras en inglés y español.",
    ),
    ("Greeting ritual cards", "Tarjetas de saludo", "Children choose a hug, a high five or a wave.", ""),
    (
        "Family newsletter template",
        "",
        "A one-page template to tell families what the class is practicing.",
        "",
    ),
    (
        "Breathing exercises for young children",
        "Ejercicios de respiración para niños pequeños",
        "Five short exercises with pictures.",
        "Cinco ejercicios cortos con imágenes.",
    ),
]


def build_community_demo(
    collaborative: Collaborative, rng: random.Random, *, today: dt.date | None = None
) -> dict[str, int]:
    """Add the community space, the library and spread to a demo collaborative as of ``today``; returns
    counts."""
    local = random.Random(rng.getrandbits(64))
    today = today or timezone.localdate()
    teams = list(Team.objects.active().filter(collaborative=collaborative).order_by("pk"))
    members = Membership.objects.active().filter(collaborative=collaborative).select_related("user")
    by_role: dict[str, list[User]] = {}
    team_of: dict[int, int] = {}
    for row in members.order_by("pk"):
        by_role.setdefault(row.role, []).append(row.user)
        if row.team_id:
            team_of.setdefault(row.user_id, row.team_id)
    staff = by_role.get(Role.PROJECT_STAFF, [None])[0]
    faculty = by_role.get(Role.FACULTY, [staff])[0]
    if staff is None or not teams:
        return {}
    counts = {
        "posts": _discussion(collaborative, by_role, team_of, staff, local, today),
        "shared_emails": _directory(collaborative, members, local),
        "resources": _library(collaborative, faculty, staff, local),
        "in_use": _spread(collaborative, teams, staff, local, today),
    }
    return counts


def _at(moment: dt.datetime, *rows: Any) -> None:
    """Date demo rows in the past (the services stamp them now)."""
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(created_at=moment)


def _discussion(
    collab: Collaborative,
    by_role: dict[str, list[User]],
    team_of: dict[int, int],
    staff: User,
    rng: random.Random,
    today: dt.date,
) -> int:
    groups = {
        Space.ALL: [u for r in (Role.TEACHER, Role.DIRECTOR, Role.FAMILY_MEMBER) for u in by_role.get(r, [])],
        Space.TEACHERS: by_role.get(Role.TEACHER, []) + by_role.get(Role.ASSISTANT_TEACHER, []),
        Space.DIRECTORS: by_role.get(Role.DIRECTOR, []) + by_role.get(Role.SENIOR_LEADER, []),
        Space.FAMILIES: by_role.get(Role.FAMILY_MEMBER, []),
    }
    start = timezone.make_aware(dt.datetime.combine(collab.start_date, dt.time(14, 0)))
    span = max(1, min((today - collab.start_date).days, 330))
    posts = 0
    for space, title, body in THREADS:
        people = groups[space]
        if len(people) < 2:
            continue
        author = rng.choice(people)
        others = [p for p in people if team_of.get(p.pk) != team_of.get(author.pk)] or people
        mention = rng.choice(others)
        when = start + dt.timedelta(days=rng.randint(20, max(21, span - 60)))
        thread = thread_start(
            collaborative=collab, space=space, title=title, body=f"{body} @{mention.username}", by=author
        )
        _at(when, thread, *thread.posts.all())
        for _n in range(rng.randint(2, 5)):
            when += dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
            if when.date() > today:
                break
            who = rng.choice(others if rng.random() < 0.7 else people)
            post = post_reply(thread=thread, body=rng.choice(REPLIES), by=who)
            _at(when, post)
            posts += 1
        Thread.objects.filter(pk=thread.pk).update(last_post_at=when)
    spam = Post.objects.filter(thread__collaborative=collab, is_opener=False).order_by("pk").last()
    if spam is not None:
        post_hide(
            post=spam, reason="Shared a child's full name; staff asked the author to post again.", by=staff
        )
    return posts


def _directory(collab: Collaborative, members: Any, rng: random.Random) -> int:
    shared = 0
    for user in User.objects.filter(pk__in=members.values("user_id")).order_by("pk"):
        if rng.random() < 0.35:
            directory_share_set(user=user, collaborative=collab, share_email=True)
            shared += 1
    return shared


def _pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% Demo handout: {text}\n%%EOF\n".encode()


def _library(collab: Collaborative, faculty: User, staff: User, rng: random.Random) -> int:
    drivers = list(PrimaryDriver.objects.active().filter(collaborative=collab).order_by("order", "pk"))
    ideas = list(
        ChangeIdea.objects.active()
        .filter(secondary__primary__collaborative=collab, team__isnull=True)
        .order_by("pk")
    )
    made = 0
    for n, (title_en, title_es, text_en, text_es) in enumerate(RESOURCES):
        idea = ideas[n * 3 % len(ideas)] if ideas and n % 2 == 0 else None
        driver = None if idea else (drivers[n % len(drivers)] if drivers else None)
        name = title_en.lower().replace(" ", "-")[:40] + ".pdf"
        resource = resource_create(
            collaborative=collab,
            by=rng.choice([faculty, staff]),
            kind="file",
            title_en=title_en,
            title_es=title_es,
            description_en=text_en,
            description_es=text_es,
            driver=driver,
            change_idea=idea,
            file=ContentFile(_pdf(title_en), name=name),
        )
        if n == 0:
            version_add(
                resource=resource,
                file=ContentFile(_pdf(title_en + " (revised)"), name=name),
                note="Added two more feelings and the Spanish words.",
                by=faculty,
            )
        made += 1
    resource_create(
        collaborative=collab,
        by=staff,
        kind="link",
        title_en="CSEFEL: Pyramid Model resources",
        title_es="CSEFEL: recursos del Modelo Pirámide",
        url="https://csefel.vanderbilt.edu/",
        driver=drivers[0] if drivers else None,
    )
    return made + 1


def _spread(collab: Collaborative, teams: list[Team], staff: User, rng: random.Random, today: dt.date) -> int:
    """Adopted changes spread: in use in most participating classrooms soon after adoption, then in more
    spread classrooms month after month."""
    rows = []
    last = today.replace(day=1)
    for team in teams:
        rooms = list(Classroom.objects.active().filter(program=team.program_id).order_by("pk"))
        for ramp in adopted_ramps([team]):
            decided = (
                ramp.cycles.exclude(acted_on=None).order_by("-number").values_list("acted_on", flat=True)
            )
            first = decided.first()
            if first is None:
                continue
            month, step = add_months(first.replace(day=1), 1), 0
            while month <= last:
                for room in rooms:
                    chance = (
                        0.85
                        if room.participation == Classroom.Participation.PARTICIPATING
                        else 0.1 + 0.12 * step
                    )
                    if rng.random() < min(chance, 0.8 if room.participation == "spread" else 0.95):
                        rows.append(
                            ChangeInUse(
                                ramp=ramp, classroom=room, month=month, in_use=True, recorded_by=staff
                            )
                        )
                month, step = add_months(month, 1), step + 1
    ChangeInUse.objects.bulk_create(rows)  # demo data in bulk; the page's service writes one audited row each
    return len(rows)
