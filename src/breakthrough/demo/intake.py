"""Intake for the demo: the readiness rubric, the application every demo program sent (accepted, rated by
two project staff, readiness that varies), two applications waiting (one in Spanish), one declined, the
open call for applications and the community planning meeting.

Call ``build_intake_demo(collaborative, rng, today=…)`` after the programs, teams, framework and measures
exist. It draws only from its own ``rng``, so the rest of the demo is the same with or without it.
Everything is fictional.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from breakthrough.collaboratives.models import Collaborative, Membership, Program, Role
from breakthrough.core.models import User
from breakthrough.intake.models import (
    Application,
    ApplicationCall,
    PlanningMeeting,
    PlanningParticipant,
    ReadinessCriterion,
    ReadinessLevel,
    ReadinessRating,
    ReadinessRubric,
)
from breakthrough.measures.models import Measure

LEVELS = [(1, "Not yet", "Todavía no"), (2, "Beginning", "Inicial"), (3, "Developing", "En desarrollo")]
LEVELS += [(4, "Established", "Consolidado")]

# (name en, name es, description en, description es, level descriptions en (1–4), level descriptions es)
CRITERIA = [
    (
        "Leadership commitment",
        "Compromiso de la dirección",
        "The director gives the team time to meet and covers classrooms during sessions.",
        "La dirección da al equipo tiempo para reunirse y cubre los salones durante las sesiones.",
        [
            "No time set aside yet.",
            "Time promised, no coverage plan.",
            "Monthly meeting time and coverage for learning sessions.",
            "Protected weekly time; the director joins the team.",
        ],
        [
            "Todavía no hay tiempo reservado.",
            "Tiempo prometido, sin plan de cobertura.",
            "Tiempo de reunión mensual y cobertura para las sesiones de aprendizaje.",
            "Tiempo semanal protegido; la dirección forma parte del equipo.",
        ],
    ),
    (
        "A cross-role team",
        "Un equipo de varias funciones",
        "Teachers, an administrator and at least one family member would form the team.",
        "El equipo tendría maestras o maestros, una persona de la administración y al menos un familiar.",
        [
            "One person named.",
            "Staff only.",
            "Staff and a family member named.",
            "Teachers, an administrator and two family members committed.",
        ],
        [
            "Una sola persona.",
            "Solo personal.",
            "Personal y un familiar.",
            "Maestras o maestros, administración y dos familiares comprometidos.",
        ],
    ),
    (
        "Using data",
        "Uso de datos",
        "The program can collect a few numbers every month and look at them together.",
        "El programa puede reunir algunos datos cada mes y revisarlos en equipo.",
        [
            "No data collected now.",
            "Data for licensing only.",
            "Some monthly data, rarely discussed.",
            "Monthly data the staff already discuss.",
        ],
        [
            "Hoy no se reúnen datos.",
            "Datos solo para la licencia.",
            "Algunos datos mensuales, que pocas veces se comentan.",
            "Datos mensuales que el personal ya comenta.",
        ],
    ),
    (
        "Family partnership",
        "Colaboración con las familias",
        "Families already take part in the program's decisions.",
        "Las familias ya participan en las decisiones del programa.",
        [
            "Families are informed only.",
            "Occasional surveys.",
            "A family committee meets.",
            "Families share decisions regularly.",
        ],
        [
            "Solo se informa a las familias.",
            "Encuestas ocasionales.",
            "Se reúne un comité de familias.",
            "Las familias comparten las decisiones con regularidad.",
        ],
    ),
    (
        "Staff stability",
        "Estabilidad del personal",
        "The staff who would test changes are likely to stay through the year.",
        "Es probable que el personal que pondría a prueba los cambios se quede todo el año.",
        [
            "Most rooms changed staff this year.",
            "High turnover in some rooms.",
            "Some turnover.",
            "Stable staff in every room.",
        ],
        [
            "La mayoría de los salones cambió de personal este año.",
            "Mucha rotación en algunos salones.",
            "Algo de rotación.",
            "Personal estable en todos los salones.",
        ],
    ),
]

# The level each program's reviewers lean to, one per program in the build's order; the higher ones are the
# teams whose measures shift or trend (build.PATTERNS), so "does readiness predict engagement?" has a story.
LEANING = [3.6, 2.2, 2.6, 3.2, 3.0, 3.4, 1.8, 2.4]
LANGUAGES_SPOKEN = [
    "English, Spanish",
    "English",
    "Spanish, Haitian Creole, English",
    "English, Cape Verdean Creole",
]
MOTIVATIONS = [
    "Our teachers want better ways to support children who struggle with big feelings.",
    "We have had more challenging behaviors this year and want to understand why.",
    "Families asked us for more partnership on children's social and emotional growth.",
]
TEAMS = "The director, two lead teachers, an assistant teacher and a parent from our family committee."

PENDING = [
    (
        "Pequeños Pasos Family Child Care",
        Program.Kind.FAMILY_CHILD_CARE,
        "27 Centre Street",
        "Lucía Ramírez",
        "es",
        1,
        8,
        "Español, inglés",
        "Queremos aprender con otros programas cómo acompañar las emociones de los niños pequeños.",
        "Yo como directora, mi asistente y dos madres de familia.",
    ),
    (
        "Riverside Community Preschool",
        Program.Kind.CHILD_CARE_CENTER,
        "300 River Street",
        "Dana Okafor",
        "en",
        5,
        68,
        "English, Vietnamese",
        "We are opening two new preschool rooms and want the teachers to start with strong routines.",
        "Our director, three teachers and a family liaison.",
    ),
]
DECLINED = (
    "Bright Steps Academy",
    Program.Kind.CHILD_CARE_CENTER,
    "9 Hill Road",
    "Chris Doyle",
    "We would like the training for our staff.",
    "The director.",
    "No team could be formed this year and no family member was named; invited to apply to the next wave.",
)


def build_intake_demo(collaborative: Collaborative, rng: random.Random, *, today: dt.date) -> None:
    staff = [
        m.user
        for m in Membership.objects.filter(collaborative=collaborative, role=Role.PROJECT_STAFF)
        .select_related("user")
        .order_by("pk")
    ][:2]
    criteria = _rubric(collaborative)
    start = collaborative.start_date
    _call(collaborative, today)
    for index, team in enumerate(collaborative.teams.select_related("program").order_by("pk")):
        application = _accepted(collaborative, team, index, start, staff[0], rng)
        _rate(application, criteria, staff, LEANING[index % len(LEANING)], rng)
    for days, row in zip((3, 9), PENDING, strict=True):
        name, kind, street, director, language, rooms, children, spoken, why, who = row
        application = Application.objects.create(
            collaborative=collaborative,
            program_name=name,
            program_kind=kind,
            street_address=street,
            city="Boston",
            state="MA",
            director_name=director,
            email=f"{director.split()[0].lower()}@example.org",
            language=language,
            classrooms=rooms,
            children_enrolled=children,
            languages_spoken=spoken,
            motivation=why,
            team_members=who,
            submitted_at=_moment(today - dt.timedelta(days=days)),
        )
        if language == "en":  # the older one has its first reviewer's ratings; the Spanish one none yet
            _rate(application, criteria, staff[:1], 2.8, rng)
    _declined(collaborative, start, staff[0], criteria, rng)
    _meeting(collaborative, start)


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _rubric(collaborative: Collaborative) -> list[tuple[ReadinessCriterion, dict[int, ReadinessLevel]]]:
    rubric = ReadinessRubric.objects.create(
        collaborative=collaborative, name_en="Program readiness", name_es="Preparación del programa"
    )
    criteria = []
    for order, (name, name_es, text, text_es, levels_en, levels_es) in enumerate(CRITERIA):
        criterion = ReadinessCriterion.objects.create(
            rubric=rubric,
            name_en=name,
            name_es=name_es,
            description_en=text,
            description_es=text_es,
            order=order,
        )
        levels = {}
        for (score, label, label_es), about, about_es in zip(LEVELS, levels_en, levels_es, strict=True):
            levels[score] = ReadinessLevel.objects.create(
                criterion=criterion,
                score=score,
                label_en=label,
                label_es=label_es,
                description_en=about,
                description_es=about_es,
            )
        criteria.append((criterion, levels))
    return criteria


def _call(collaborative: Collaborative, today: dt.date) -> None:
    ApplicationCall.objects.create(
        collaborative=collaborative,
        applications_open=True,
        closes_on=today + dt.timedelta(days=30),
        introduction_en="Applications are open for programs that would join the next wave. "
        "A director can apply in English or Spanish.",
        introduction_es="Se reciben solicitudes de programas que se sumarían a la próxima etapa. "
        "La dirección puede presentar la solicitud en inglés o en español.",
    )


def _accepted(
    collaborative: Collaborative, team: object, index: int, start: dt.date, by: User, rng: random.Random
) -> Application:
    program = team.program  # type: ignore[attr-defined]
    director = (
        Membership.objects.filter(team=team, role=Role.DIRECTOR).select_related("user").order_by("pk").first()
    )
    person = director.user if director else by
    rooms = list(program.classrooms.all())
    return Application.objects.create(
        collaborative=collaborative,
        program_name=program.name,
        program_kind=program.kind,
        street_address=program.street_address,
        city=program.city,
        state=program.state,
        postal_code=program.postal_code,
        director_name=person.get_full_name() or person.username,
        email=person.email,
        phone=f"617-555-01{index:02d}",
        language="es" if index % 3 == 0 else "en",
        classrooms=len(rooms),
        children_enrolled=sum(r.children_enrolled or 0 for r in rooms) or 1,
        languages_spoken=rng.choice(LANGUAGES_SPOKEN),
        motivation=rng.choice(MOTIVATIONS),
        team_members=TEAMS,
        status=Application.Status.ACCEPTED,
        submitted_at=_moment(start - dt.timedelta(days=75 - 3 * index)),
        decided_at=_moment(start - dt.timedelta(days=40)),
        decided_by=by,
        decision_note="Accepted for the collaborative.",
        program=program,
        team=team,
    )


def _rate(
    application: Application,
    criteria: list[tuple[ReadinessCriterion, dict[int, ReadinessLevel]]],
    raters: list[User],
    leaning: float,
    rng: random.Random,
) -> None:
    for criterion, levels in criteria:
        for rater in raters:
            score = min(4, max(1, round(leaning + rng.uniform(-0.9, 0.9))))
            ReadinessRating.objects.create(
                application=application,
                criterion=criterion,
                level=levels[score],
                rater=rater,
                note="" if rng.random() < 0.7 else "Discussed with the director on the phone.",
            )


def _declined(
    collaborative: Collaborative,
    start: dt.date,
    by: User,
    criteria: list[tuple[ReadinessCriterion, dict[int, ReadinessLevel]]],
    rng: random.Random,
) -> None:
    name, kind, street, director, why, who, note = DECLINED
    application = Application.objects.create(
        collaborative=collaborative,
        program_name=name,
        program_kind=kind,
        street_address=street,
        city="Boston",
        state="MA",
        director_name=director,
        email=f"{director.split()[0].lower()}@example.org",
        language="en",
        classrooms=3,
        children_enrolled=40,
        motivation=why,
        team_members=who,
        status=Application.Status.DECLINED,
        submitted_at=_moment(start - dt.timedelta(days=70)),
        decided_at=_moment(start - dt.timedelta(days=40)),
        decided_by=by,
        decision_note=note,
    )
    _rate(application, criteria, [by], 1.4, rng)


def _meeting(collaborative: Collaborative, start: dt.date) -> None:
    meeting = PlanningMeeting.objects.create(
        collaborative=collaborative,
        held_on=start - dt.timedelta(days=24),
        place="Dudley Branch Library, community room",
        focus_areas_en="Calmer classrooms through warm relationships; teaching children words for feelings; "
        "partnership with families; fairness in who is sent out of the room.",
        focus_areas_es="Salones más tranquilos gracias a relaciones cálidas; enseñar a los niños palabras "
        "para sus emociones; colaboración con las familias; equidad en a quién se saca del salón.",
        rationale_en="Directors reported more challenging behaviors since the pandemic, and families wanted "
        "to be partners rather than be told after an incident. The group chose drivers that teams can test "
        "within a month in their own rooms, and measures they can count without new paperwork.",
        rationale_es="Las direcciones informaron más conductas desafiantes desde la pandemia, y las familias "
        "querían ser socias en lugar de enterarse después de un incidente. El grupo eligió factores "
        "impulsores que los equipos pueden poner a prueba en un mes en sus propios salones, e indicadores "
        "que pueden contar sin papeleo nuevo.",
    )
    meeting.drivers.set(collaborative.primary_drivers.active().order_by("order", "pk")[:4])
    meeting.measures.set(
        Measure.objects.active().filter(collaborative=collaborative, team=None).order_by("pk")[:5]
    )
    counts = [
        (Role.DIRECTOR, 7),
        (Role.TEACHER, 12),
        (Role.ASSISTANT_TEACHER, 4),
        (Role.FAMILY_MEMBER, 9),
        ("community_partner", 3),
        (Role.PROJECT_STAFF, 2),
        (Role.FACULTY, 2),
        (Role.EVALUATOR, 1),
    ]
    for role, count in counts:
        PlanningParticipant.objects.create(meeting=meeting, role=role, count=count)
