"""Study data for the demo: two survey waves, observations before and after, incidents, interviews.

Call ``build_study_demo(collaborative, rng)`` after the programs, classrooms and people exist (it reads the
team memberships, the observers and the classrooms of the collaborative's programs). Everything is fictional.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from typing import Any

from django.utils import timezone

from breakthrough.collaboratives.models import TEAM_ROLES, Classroom, Collaborative, Membership, Role, Team
from breakthrough.demo.incidents import build_incidents_demo
from breakthrough.study.models import (
    Answer,
    Code,
    Excerpt,
    Instrument,
    Interview,
    Item,
    Observation,
    ObservationScore,
    RespondentGroup,
    RespondentRole,
    Response,
    Subscale,
    SurveyLink,
    Wave,
)
from breakthrough.study.services import ROLE_OF_MEMBERSHIP, study_code_of

OBSERVATION_DOMAINS = [
    ("environment", "Classroom environment", 3),
    ("interactions", "Adult–child interactions", 3),
]
INTERVIEWS = [
    (
        "director",
        "Director 1",
        "At first the teachers were worried the data would be used against them. After the second "
        "learning session they started bringing their own run charts to the staff meeting. "
        "I stopped being the one who decides everything; "
        "the team proposes the next test and I find the coverage.",
    ),
    (
        "teacher",
        "Teacher 4",
        "Trying the visual schedule for one week made it feel small enough to do. When it did not work "
        "at nap time nobody blamed me, we just changed it. "
        "I talk more with the teachers in the other rooms now.",
    ),
    (
        "parent",
        "Parent 2",
        "The teacher asked what works at home for calming down, and then they used it in class. I felt like "
        "part of the team. I did not always understand the charts but they explained them.",
    ),
    (
        "leader",
        "Leader 1",
        "Meeting the other programs at the learning sessions mattered most. We borrowed their welcome "
        "routine and they borrowed our feelings check-in. "
        "The hardest part is time: substitutes are hard to find.",
    ),
]
CODES = [
    (
        "Safe to speak up",
        "safety",
        "Mentions of raising problems or mistakes without fear.",
        ["nobody blamed me"],
    ),
    (
        "Shared ownership",
        "relational",
        "The team, not one person, decides and acts.",
        ["the team proposes the next test", "I felt like part of the team"],
    ),
    (
        "Learning across programs",
        "relational",
        "Borrowing and lending ideas between programs.",
        ["We borrowed their welcome routine", "I talk more with the teachers in the other rooms now"],
    ),
    (
        "Testing small",
        "inquiry",
        "Small tests of change and learning from data.",
        [
            "Trying the visual schedule for one week made it feel small enough to do",
            "bringing their own run charts",
        ],
    ),
    (
        "Time and coverage",
        "other",
        "Time, substitutes and other resources.",
        ["substitutes are hard to find"],
    ),
]


def build_study_demo(
    collaborative: Collaborative, rng: random.Random, *, today: dt.date | None = None
) -> dict[str, Any]:
    """Add the study layer to the demo collaborative as of ``today``; returns counts of what was made."""
    today = today or timezone.localdate()
    teams = list(Team.objects.filter(collaborative=collaborative).select_related("program"))
    counts: dict[str, Any] = {}
    counts["responses"] = _surveys(collaborative, teams, rng, today)
    counts["observations"] = _observations(collaborative, teams, rng, today)
    counts["incidents"] = build_incidents_demo(
        collaborative, teams, rng, today=today
    )  # same place in the random stream
    counts["excerpts"] = _interviews(collaborative, rng, today)
    return counts


def _late_dates(collaborative: Collaborative, today: dt.date) -> tuple[dt.date, dt.date]:
    """The late wave: open now (three weeks ago at most) in a live demo, near the end in a finished one."""
    opens = min(collaborative.end_date - dt.timedelta(days=45), today - dt.timedelta(days=21))
    return opens, max(collaborative.end_date, today + dt.timedelta(days=14))


def _answer(response: Response, items: list[Item], level: float, rng: random.Random, missing: float) -> None:
    rows = []
    for item in items:
        if rng.random() < missing:
            continue
        value = round(level + rng.gauss(0, 0.7))
        value = min(item.scale_max, max(item.scale_min, value))
        if item.reverse_keyed:
            value = item.scale_min + item.scale_max - value
        rows.append(Answer(response=response, item=item, value=value))
    Answer.objects.bulk_create(rows)


def shipped_instruments() -> None:
    """The instruments the study and fieldwork migrations ship, put back if a database was emptied since
    (tests flush)."""
    from django.apps import apps

    if not Instrument.objects.filter(slug="psych-safety").exists():
        for name, step in (
            ("0002_shipped_instruments", "ship"),
            ("0003_instrument_name_es", "name_in_spanish"),
            ("0009_instrument_description_es", "describe_in_spanish"),
        ):
            getattr(importlib.import_module(f"breakthrough.study.migrations.{name}"), step)(apps, None)
    if not Instrument.objects.filter(slug="ls-observation").exists():
        importlib.import_module("breakthrough.fieldwork.migrations.0002_shipped_instruments").ship(apps, None)
        spanish = importlib.import_module("breakthrough.fieldwork.migrations.0003_instrument_descriptions_es")
        spanish.describe_in_spanish(apps, None)


def _surveys(collaborative: Collaborative, teams: list[Team], rng: random.Random, today: dt.date) -> int:
    shipped_instruments()
    instrument = Instrument.objects.get(slug="psych-safety")
    items = list(instrument.items.order_by("number"))
    groups = [
        RespondentGroup.objects.create(
            collaborative=collaborative, kind=kind, name=RespondentGroup.Kind(kind).label
        )
        for kind in (RespondentGroup.Kind.TEAM, RespondentGroup.Kind.STAFF, RespondentGroup.Kind.FAMILIES)
    ]
    late_open, late_close = _late_dates(collaborative, today)
    early = Wave.objects.create(
        collaborative=collaborative,
        instrument=instrument,
        name="Psychological safety: early",
        kind=Wave.Kind.EARLY,
        opens_on=collaborative.start_date + dt.timedelta(days=20),
        closes_on=collaborative.start_date + dt.timedelta(days=50),
    )
    late = Wave.objects.create(
        collaborative=collaborative,
        instrument=instrument,
        name="Psychological safety: late",
        kind=Wave.Kind.LATE,
        opens_on=late_open,
        closes_on=late_close,
    )
    for wave in (early, late):
        wave.groups.set(groups)
    made = 0
    members = (
        Membership.objects.active()
        .filter(collaborative=collaborative, role__in=TEAM_ROLES, team__isnull=False)
        .select_related("user", "team__program")
        .order_by("user_id")
    )
    seen: set[int] = set()
    for m in members:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        level = rng.uniform(2.6, 3.8)
        for wave, gain, answer_rate in ((early, 0.0, 0.9), (late, 0.7, 0.8)):
            if m.user.username in {"teacher", "family"} and wave is late:
                continue  # the demo's teacher and family still have the late survey to answer
            if rng.random() > answer_rate:
                continue
            response = Response.objects.create(
                wave=wave,
                user=m.user,
                program=m.team.program,
                role=ROLE_OF_MEMBERSHIP.get(m.role, RespondentRole.STAFF),
                on_team=True,
                respondent_key=study_code_of(m.user),
                language=m.user.preferred_language,
                submitted_at=timezone.make_aware(dt.datetime.combine(wave.opens_on, dt.time(12))),
            )
            _answer(response, items, level + gain, rng, 0.06)
            made += 1
    for team in teams:
        for kind, role, n in (("staff", RespondentRole.STAFF, 5), ("families", RespondentRole.FAMILY, 6)):
            group = next(g for g in groups if g.kind == kind)
            for k in range(n):
                key = f"{'S' if kind == 'staff' else 'F'}-{team.program_id:02d}-{k + 1:02d}"
                language = "es" if rng.random() < 0.35 else "en"
                level = rng.uniform(2.4, 3.6)
                for wave, gain, answer_rate in ((early, 0.0, 0.75), (late, 0.25, 0.65)):
                    link = SurveyLink(
                        wave=wave,
                        group=group,
                        program=team.program,
                        role=role,
                        language=language,
                        respondent_key=key,
                    )
                    link.new_token()  # the demo's tokens are thrown away: only the hash is kept
                    answered = rng.random() < answer_rate
                    if answered:
                        link.used_at = timezone.make_aware(dt.datetime.combine(wave.opens_on, dt.time(18)))
                    link.save()
                    if answered:
                        response = Response.objects.create(
                            wave=wave,
                            link=link,
                            program=team.program,
                            role=role,
                            on_team=False,
                            respondent_key=key,
                            language=language,
                            submitted_at=link.used_at,
                        )
                        _answer(response, items, level + gain, rng, 0.1)
                        made += 1
    return made


def observation_tool() -> Instrument:
    """An illustrative observation tool stored as a proprietary one would be: item numbers and scores only."""
    tool, created = Instrument.objects.get_or_create(
        slug="classroom-practices-demo",
        defaults={
            "name": "Classroom practices observation (demo, scores only)",
            "kind": Instrument.Kind.OBSERVATION,
            "owner": "Demo publisher",
            "licence": "Proprietary: item text not stored",
            "proprietary": True,
        },
    )
    if created:
        number = 0
        for code, name, n in OBSERVATION_DOMAINS:
            domain_items = []
            for _k in range(n):
                number += 1
                domain_items.append(
                    Item.objects.create(
                        instrument=tool,
                        number=number,
                        code=f"obs{number}",
                        section=name,
                        scale_min=1,
                        scale_max=5,
                    )
                )
            sub = Subscale.objects.create(instrument=tool, code=code, name_en=name, min_answered=n)
            sub.items.set(domain_items)
    return tool


def _observations(collaborative: Collaborative, teams: list[Team], rng: random.Random, today: dt.date) -> int:
    tool = observation_tool()
    items = list(tool.items.order_by("number"))
    observers = list(
        Membership.objects.active()
        .filter(collaborative=collaborative, role=Role.OBSERVER)
        .select_related("user")
        .order_by("user__username")
    )
    observers = [m.user for m in observers]
    if len(observers) < 2:
        return 0
    late_open, late_close = _late_dates(collaborative, today)
    before = Wave.objects.create(
        collaborative=collaborative,
        instrument=tool,
        name="Observations before",
        kind=Wave.Kind.EARLY,
        opens_on=collaborative.start_date,
        closes_on=collaborative.start_date + dt.timedelta(days=40),
        double_coding_share=25,
    )
    after = Wave.objects.create(
        collaborative=collaborative,
        instrument=tool,
        name="Observations after",
        kind=Wave.Kind.LATE,
        opens_on=late_open,
        closes_on=late_close,
        double_coding_share=25,
    )
    classrooms = list(Classroom.objects.filter(program__in=[t.program for t in teams]).order_by("code"))
    made = 0
    demo_observer = next((u for u in observers if u.username == "observer"), observers[0])
    pending_left = 2
    for index, room in enumerate(classrooms):
        level = rng.uniform(2.4, 3.4)
        participating = room.participation == Classroom.Participation.PARTICIPATING
        for wave, gain in ((before, 0.0), (after, 0.8 if participating else 0.25)):
            day = min(wave.opens_on + dt.timedelta(days=index % 28), today - dt.timedelta(days=1))
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + index % 3, 0)))
            first_observer = observers[index % 2]
            if wave is after and first_observer == demo_observer and pending_left:
                pending_left -= 1
                Observation.objects.create(
                    wave=wave,
                    classroom=room,
                    observer=demo_observer,
                    starts_at=timezone.make_aware(
                        dt.datetime.combine(today + dt.timedelta(days=2 + index), dt.time(9))
                    ),
                )
                made += 1
                continue
            scores = [min(5, max(1, round(level + gain + rng.gauss(0, 0.6)))) for _ in items]
            first = Observation.objects.create(
                wave=wave,
                classroom=room,
                observer=first_observer,
                starts_at=starts,
                status=Observation.Status.SUBMITTED,
                submitted_at=starts + dt.timedelta(hours=3),
            )
            ObservationScore.objects.bulk_create(
                [
                    ObservationScore(observation=first, item=i, value=v)
                    for i, v in zip(items, scores, strict=True)
                ]
            )
            made += 1
            if rng.random() < wave.double_coding_share / 100 + 0.05:
                second_observer = observers[(index + 1) % 2]
                noisy = 0.45 if second_observer.username != "observer" else 0.2
                twin = Observation.objects.create(
                    wave=wave,
                    classroom=room,
                    observer=second_observer,
                    starts_at=starts,
                    second_of=first,
                    status=Observation.Status.SUBMITTED,
                    submitted_at=starts + dt.timedelta(hours=4),
                )
                ObservationScore.objects.bulk_create(
                    [
                        ObservationScore(
                            observation=twin,
                            item=i,
                            value=min(5, max(1, v + (rng.choice([-1, 1]) if rng.random() < noisy else 0))),
                        )
                        for i, v in zip(items, scores, strict=True)
                    ]
                )
                made += 1
    return made


def _interviews(collaborative: Collaborative, rng: random.Random, today: dt.date) -> int:
    codes = {
        name: Code.objects.create(
            collaborative=collaborative, name=name, mechanism=mechanism, definition=definition
        )
        for name, mechanism, definition, _passages in CODES
    }
    interviews = []
    for index, (informant, label, text) in enumerate(INTERVIEWS):
        interviews.append(
            Interview.objects.create(
                collaborative=collaborative,
                informant=informant,
                label=label,
                held_on=min(collaborative.end_date, today) - dt.timedelta(days=30 - 5 * index),
                text=text,
            )
        )
    made = 0
    for name, _mechanism, _definition, passages in CODES:
        for passage in passages:
            interview = next(i for i in interviews if passage in i.text)
            excerpt = Excerpt.objects.create(interview=interview, text=passage)
            excerpt.codes.add(codes[name])
            made += 1
    return made
