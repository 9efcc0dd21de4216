"""Fieldwork for the demo: session observations, TA contacts, adaptations, child outcomes (all fictional).

Call ``build_fieldwork_demo(collaborative, today=…)`` after the events, teams, classrooms and people exist.
It draws from its own random generator (seeded by the collaborative's slug), so the rest of the demo is the
same with or without it. Only what is over by ``today`` is recorded:

- every learning session and every other collaborative call that is over is observed by the evaluator on
  the shipped protocol; its items score a little higher as the year goes on, and the speaking turns shift
  from faculty and staff toward the programs' staff and families (the "power shift");
- 3–8 TA contacts per team with varied topics, minutes and modes, given by the team's faculty or staff;
- up to four adaptations of the model (English and Spanish), those dated before today;
- a pre score for 8–15 children of every participating classroom, and a post score near the end (or a week
  ago, in a live demo) for about nine in ten of them, with a modest average gain.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from breakthrough.collaboratives.models import Classroom, Collaborative, Membership, Role, Team
from breakthrough.events.models import Event
from breakthrough.fieldwork.models import (
    Adaptation,
    ChildScore,
    SessionObservation,
    SessionScore,
    SessionVoice,
    Speaker,
    TAContact,
)
from breakthrough.study.models import Instrument

PROTOCOL = "ls-observation"
CHILD_TOOL = "child-sel-rating"

# Subscale → (score at the start, gain over the year) on the protocol's 1–4 scale.
GROWTH = {"within": (2.3, 1.1), "across": (1.7, 1.5), "voice": (1.5, 1.7)}
# Speaker → (turns in a learning session at the start, at the end).
TURNS = {
    Speaker.FACULTY: (62, 30),
    Speaker.PROJECT_STAFF: (18, 10),
    Speaker.DIRECTOR: (12, 20),
    Speaker.TEACHER: (16, 38),
    Speaker.FAMILY: (3, 17),
}
TOPICS = [
    (TAContact.Topic.DATA_COLLECTION, 4),
    (TAContact.Topic.PDSA_DESIGN, 4),
    (TAContact.Topic.MEASURES, 3),
    (TAContact.Topic.LEADERSHIP, 2),
    (TAContact.Topic.FAMILY_ENGAGEMENT, 2),
    (TAContact.Topic.OTHER, 1),
]
MODES = [
    (TAContact.Mode.VIDEO, 5),
    (TAContact.Mode.PHONE, 2),
    (TAContact.Mode.EMAIL, 3),
    (TAContact.Mode.IN_PERSON, 2),
]
NOTES = {
    TAContact.Topic.DATA_COLLECTION: "Set up the daily check-in tally sheet with the teachers.",
    TAContact.Topic.PDSA_DESIGN: "Narrowed the next test to one room and one week.",
    TAContact.Topic.MEASURES: "Read the run chart together; no signal yet.",
    TAContact.Topic.LEADERSHIP: "Director and team lead planned coverage for the team meeting.",
    TAContact.Topic.FAMILY_ENGAGEMENT: "Ideas to bring the family member's view into the next test.",
    TAContact.Topic.OTHER: "Questions about the learning session's agenda.",
}
# (day of the collaborative, component, what changed en/es, why en/es)
ADAPTATIONS = [
    (
        40,
        Adaptation.Component.CALLS,
        "Collaborative calls moved from 1 pm to 6 pm and shortened to 45 minutes.",
        "Las llamadas del colaborativo pasaron de la 1 p. m. a las 6 p. m. y se acortaron a 45 minutos.",
        "Teachers could not leave their classrooms at nap time to join.",
        "Los maestros no podían dejar sus salones a la hora de la siesta para conectarse.",
    ),
    (
        95,
        Adaptation.Component.PDSA_FORMS,
        "The PDSA form gained a Spanish version and a shorter prediction field.",
        "El formulario PDSA tiene ahora una versión en español y un campo de predicción más corto.",
        "Family members and two teachers wrote their plans in Spanish.",
        "Los familiares y dos maestras escribían sus planes en español.",
    ),
    (
        150,
        Adaptation.Component.LEARNING_SESSIONS,
        "Learning session 2 added a storyboard walk where teams visit each other's tables.",
        "La sesión de aprendizaje 2 añadió un recorrido de carteles en el que los equipos visitan "
        "las mesas de otros.",
        "Teams asked for more time to learn from one another.",
        "Los equipos pidieron más tiempo para aprender unos de otros.",
    ),
    (
        230,
        Adaptation.Component.DATA_COLLECTION,
        "Family child care homes report the check-in measure every two weeks instead of daily.",
        "Los hogares de cuidado infantil familiar informan la medida de bienvenida cada dos semanas "
        "en lugar de a diario.",
        "A provider working alone could not tally every day.",
        "Una proveedora que trabaja sola no podía contar todos los días.",
    ),
]


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def build_fieldwork_demo(collaborative: Collaborative, *, today: dt.date) -> dict[str, int]:
    rng = random.Random(f"{collaborative.slug}/fieldwork")
    start, end = collaborative.start_date, collaborative.end_date
    span = max(1, (end - start).days)
    evaluator = _first(collaborative, Role.EVALUATOR)
    staff = _first(collaborative, Role.PROJECT_STAFF)
    teams = list(Team.objects.filter(collaborative=collaborative).order_by("pk"))
    counts = {
        "session_observations": _sessions(collaborative, evaluator, rng, today, start, span),
        "ta_contacts": _ta(collaborative, teams, staff, rng, today, start),
        "adaptations": _adaptations(collaborative, staff, today, start),
        "child_scores": _children(collaborative, teams, evaluator, rng, today, start, end),
    }
    return counts


def _first(collaborative: Collaborative, role: str) -> Any:
    member = (
        Membership.objects.filter(collaborative=collaborative, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member else None


def _sessions(
    collaborative: Collaborative,
    evaluator: Any,
    rng: random.Random,
    today: dt.date,
    start: dt.date,
    span: int,
) -> int:
    protocol = Instrument.objects.get(slug=PROTOCOL)
    subscale_of = {item.pk: sub.code for sub in protocol.subscales.all() for item in sub.items.all()}
    items = list(protocol.items.order_by("number"))
    events = Event.objects.filter(
        collaborative=collaborative,
        kind__in=[Event.Kind.LEARNING_SESSION, Event.Kind.COLLABORATIVE_CALL],
        ends_at__date__lt=today,
    ).order_by("starts_at")
    calls = 0
    scores: list[SessionScore] = []
    voices: list[SessionVoice] = []
    made = 0
    for event in events:
        if event.kind == Event.Kind.COLLABORATIVE_CALL:
            calls += 1
            if calls % 3 != 1:  # every third call is observed
                continue
        t = (event.starts_at.date() - start).days / span
        session = event.kind == Event.Kind.LEARNING_SESSION
        observation = SessionObservation.objects.create(
            event=event,
            instrument=protocol,
            observer=evaluator,
            observed_on=event.starts_at.date(),
            cross_team_exchanges=_clamp((4 + 14 * t if session else 1 + 5 * t) + rng.gauss(0, 1.5), 0, 60),
            notes="",
            revision=1,
        )
        made += 1
        for item in items:
            low, gain = GROWTH[subscale_of[item.pk]]
            value = _clamp(low + gain * t + rng.gauss(0, 0.45), 1, 4)
            scores.append(SessionScore(observation=observation, item=item, value=value))
        scale = 1.0 if session else 0.35  # a call is shorter: fewer turns
        for role, (first, last) in TURNS.items():
            turns = _clamp(scale * (first + (last - first) * t) * rng.uniform(0.85, 1.15), 0, 500)
            voices.append(SessionVoice(observation=observation, role=role, turns=turns))
    SessionScore.objects.bulk_create(scores)
    SessionVoice.objects.bulk_create(voices)
    return made


def _ta(
    collaborative: Collaborative,
    teams: list[Team],
    staff: Any,
    rng: random.Random,
    today: dt.date,
    start: dt.date,
) -> int:
    faculty_of = {
        m.team_id: m.user
        for m in Membership.objects.filter(collaborative=collaborative, role=Role.FACULTY, team__isnull=False)
        .select_related("user")
        .order_by("pk")
    }
    days = max(1, (today - start).days - 1)
    rows = []
    for team in teams:
        for _n in range(rng.randint(3, 8)):
            topic = rng.choices([t for t, _w in TOPICS], weights=[w for _t, w in TOPICS])[0]
            mode = rng.choices([m for m, _w in MODES], weights=[w for _m, w in MODES])[0]
            minutes = rng.choice([10, 15, 20, 30, 30, 45, 60, 90]) if mode != TAContact.Mode.EMAIL else 10
            provider = faculty_of.get(team.pk) if rng.random() < 0.7 and team.pk in faculty_of else staff
            rows.append(
                TAContact(
                    team=team,
                    date=start + dt.timedelta(days=rng.randrange(days)),
                    topic=topic,
                    minutes=minutes,
                    mode=mode,
                    provider=provider,
                    note=NOTES[topic],
                    revision=1,
                )
            )
    TAContact.objects.bulk_create(rows)
    return len(rows)


def _adaptations(collaborative: Collaborative, staff: Any, today: dt.date, start: dt.date) -> int:
    rows = [
        Adaptation(
            collaborative=collaborative,
            date=start + dt.timedelta(days=day),
            component=component,
            what_changed=what_en,
            what_changed_en=what_en,
            what_changed_es=what_es,
            why=why_en,
            why_en=why_en,
            why_es=why_es,
            recorded_by=staff,
            revision=1,
        )
        for day, component, what_en, what_es, why_en, why_es in ADAPTATIONS
        if start + dt.timedelta(days=day) < today
    ]
    Adaptation.objects.bulk_create(rows)
    return len(rows)


def _children(
    collaborative: Collaborative,
    teams: list[Team],
    evaluator: Any,
    rng: random.Random,
    today: dt.date,
    start: dt.date,
    end: dt.date,
) -> int:
    tool = Instrument.objects.get(slug=CHILD_TOOL)
    pre_on = start + dt.timedelta(days=30)
    post_on = min(end - dt.timedelta(days=30), today - dt.timedelta(days=7))
    if pre_on >= today:
        return 0
    with_post = post_on >= pre_on + dt.timedelta(days=90)
    rooms = Classroom.objects.filter(
        program__in=[t.program_id for t in teams], participation=Classroom.Participation.PARTICIPATING
    ).order_by("program_id", "pk")
    rows = []
    number = 0
    for room in rooms:
        for _k in range(rng.randint(8, 15)):
            number += 1
            code = f"C{number:04d}"
            pre = _clamp(rng.gauss(24, 7), 0, 48)
            rows.append(_score(collaborative, room, tool, code, "pre", pre, pre_on, evaluator))
            if with_post and rng.random() < 0.88:
                post = _clamp(pre + rng.gauss(3, 4), 0, 48)
                rows.append(_score(collaborative, room, tool, code, "post", post, post_on, evaluator))
    ChildScore.objects.bulk_create(rows)
    return len(rows)


def _score(
    collaborative: Collaborative,
    room: Classroom,
    tool: Instrument,
    code: str,
    point: str,
    value: int,
    day: dt.date,
    by: Any,
) -> ChildScore:
    return ChildScore(
        collaborative=collaborative,
        classroom=room,
        instrument=tool,
        child_code=code,
        time_point=point,
        score=float(value),
        assessed_on=day,
        entered_by=by,
        revision=1,
    )
