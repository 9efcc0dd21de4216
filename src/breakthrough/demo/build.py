"""Build the live demo collaborative: 8 programs, their teams, months of data, PDSA ramps, events.

The demo is alive on the day it is built: the collaborative starts seven months before the month of
``today``, so a newcomer lands in month 8 of 12 with last month's report due, reports waiting for review,
a call next week and fresh comments. Every date is shifted from that one start date.
Everything is drawn from ``random.Random(seed)``, so one seed and one day always give the same collaborative.
Measure values follow a pattern per team (a sustained shift after learning session 2, flat, noisy,
a slow trend), so the run and control charts have real signals to find.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import (
    Classroom,
    Collaborative,
    Membership,
    Period,
    Phase,
    Program,
    Role,
    Team,
    add_months,
)
from breakthrough.collaboratives.services import collaborative_create, neutral_classroom_code
from breakthrough.core.models import User
from breakthrough.demo import content, values
from breakthrough.demo.comments import build_comments
from breakthrough.demo.community import build_community_demo
from breakthrough.demo.fieldwork import build_fieldwork_demo
from breakthrough.demo.intake import build_intake_demo
from breakthrough.demo.notifications import build_notifications_demo
from breakthrough.demo.study import build_study_demo
from breakthrough.events.models import Attendance, Event
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from breakthrough.measures.services import measure_create, measure_revise
from breakthrough.pdsa.models import PDSACycle, Ramp
from breakthrough.study.services import demo_study_code_key

DEMO_SLUG = "demo-sel"
DEMO_PASSWORD = "breakthrough-demo"
LIVE_MONTH = 8  # the month of the collaborative a newcomer lands in (of 12)
PATTERNS = ["shift", "flat", "noisy", "shift", "trend", "shift", "flat", "noisy"]

# The printed sign-ins: one per role (username → role shown).
SIGN_INS = {
    "staff": "Project staff",
    "faculty": "Faculty",
    "teacher": "Teacher (Sunflower Early Learning Center)",
    "director": "Director (Sunflower Early Learning Center)",
    "family": "Family member (Sunflower Early Learning Center)",
    "evaluator": "Evaluator",
    "observer": "Observer (blind)",
    "viewer": "Viewer (funder)",
}


def demo_start(today: dt.date, month: int = LIVE_MONTH) -> dt.date:
    """The first day of the demo collaborative built on ``today``: today falls in its ``month`` (1–12)."""
    return add_months(today.replace(day=1), 1 - month)


def demo_exists() -> bool:
    return Collaborative.objects.filter(slug=DEMO_SLUG).exists()


@dataclass
class _Demo:
    rng: random.Random
    collab: Collaborative
    today: dt.date
    periods: list[Period] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    members: dict[int, list[tuple[User, str]]] = field(default_factory=dict)
    ideas: list[ChangeIdea] = field(default_factory=list)
    staff: User | None = None
    faculty: list[User] = field(default_factory=list)
    usernames: set[str] = field(default_factory=set)

    month: int = LIVE_MONTH  # the month of the collaborative that today falls in (13: the year is over)
    seed: int = 0

    @property
    def now_index(self) -> int:
        """The index of today's month among the periods (12 when the year is over)."""
        return self.month - 1

    def past(self, moment: dt.date) -> dt.date:
        """``moment``, or yesterday if it would fall on or after today."""
        return min(moment, self.today - dt.timedelta(days=1))


def build_live(*, seed: int, today: dt.date, month: int = LIVE_MONTH) -> _Demo:
    """Build the live collaborative as of ``today``, in its ``month`` (2–12; 13: the month after the year
    is over); the same seed and day give the same collaborative (``demo.waves.build_demo`` adds the earlier
    wave it was started from)."""
    if not 2 <= month <= 13:
        raise ValueError("month must be between 2 and 13")
    rng = random.Random(seed)
    demo_study_code_key(seed)  # the same seed, the same study codes (the key is the study's own)
    staff = _user(None, "staff", "Morgan", "Ellis")
    collab = collaborative_create(
        by=staff,
        name="Boston SEL Breakthrough Collaborative (demo)",
        slug=DEMO_SLUG,
        topic="Children's social and emotional learning",
        start_date=demo_start(today, month),
        description="A demonstration collaborative. Programs, people and data are fictional; "
        "measures are illustrative.",
    )
    demo = _Demo(rng=rng, collab=collab, today=today, staff=staff, month=month, seed=seed)
    demo.periods = list(collab.periods.order_by("month"))
    _people_of_collaborative(demo)
    _framework(demo)
    _programs_and_teams(demo)
    measures = _measures(demo)
    _reports(demo, measures)
    _pdsa(demo)
    _events(demo)
    _assessments(demo)
    build_comments(demo.teams, demo.faculty, demo.members, demo.rng, demo.today)
    build_study_demo(collab, rng, today=today)
    build_intake_demo(collab, random.Random(f"{seed}:intake"), today=today)
    build_community_demo(collab, rng, today=today)
    build_notifications_demo(collab, today=today)
    build_fieldwork_demo(collab, today=today)
    return demo


def _user(demo: _Demo | None, username: str, first: str, last: str, language: str = "") -> User:
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        preferred_language=language,
    )
    user.password = _demo_password_hash()
    user.save()
    if demo is not None:
        demo.usernames.add(username)
    return user


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)  # hashed once: every demo account shares it


def _person(demo: _Demo, language: str = "") -> User:
    while True:
        first, last = demo.rng.choice(content.FIRST_NAMES), demo.rng.choice(content.LAST_NAMES)
        username = f"{first}.{last}".lower().replace("-", "")
        if username not in demo.usernames:
            return _user(demo, username, first, last, language)


def _member(demo: _Demo, user: User, role: str, team: Team | None = None) -> None:
    Membership.objects.create(user=user, collaborative=demo.collab, team=team, role=role)


def _people_of_collaborative(demo: _Demo) -> None:
    _member(demo, demo.staff, Role.PROJECT_STAFF)
    _member(demo, _person(demo), Role.PROJECT_STAFF)
    demo.faculty = [_user(demo, "faculty", "Renee", "Okonkwo"), _person(demo), _person(demo)]
    for person in demo.faculty:
        _member(demo, person, Role.FACULTY)
    _member(demo, _user(demo, "evaluator", "Dana", "Whitfield"), Role.EVALUATOR)
    _member(demo, _user(demo, "observer", "Lee", "Marchetti"), Role.OBSERVER)
    _member(demo, _person(demo), Role.OBSERVER)
    _member(demo, _user(demo, "viewer", "Harper", "Stone"), Role.VIEWER)


def _framework(demo: _Demo) -> None:
    for p_order, (primary_name, secondaries) in enumerate(content.FRAMEWORK):
        primary = PrimaryDriver.objects.create(collaborative=demo.collab, name=primary_name, order=p_order)
        for s_order, (secondary_name, ideas) in enumerate(secondaries):
            secondary = SecondaryDriver.objects.create(primary=primary, name=secondary_name, order=s_order)
            for i_order, idea in enumerate(ideas):
                demo.ideas.append(ChangeIdea.objects.create(secondary=secondary, name=idea, order=i_order))


def _programs_and_teams(demo: _Demo) -> None:
    qris_date = dt.date(2024, 6, 1)
    for index, (name, kind, hood, street, capacity, qris, rooms) in enumerate(content.PROGRAMS):
        setting = Program.Setting.HOME if kind == Program.Kind.FAMILY_CHILD_CARE else Program.Setting.CENTER
        program = Program.objects.create(
            name=name,
            kind=kind,
            setting=setting,
            street_address=street,
            neighborhood=hood,
            city="Boston",
            state="MA",
            postal_code=f"021{20 + index:02d}",
            licensed_capacity=capacity,
            qris_level=qris,
            qris_date=qris_date,
            license_number=f"DEMO-{1000 + index}",
            registered_in=demo.collab,
        )
        team = Team.objects.create(collaborative=demo.collab, program=program, name=f"{name} team")
        demo.teams.append(team)
        participating = max(1, len(rooms) // 2 + (index % 2))
        for r_index, (room, age) in enumerate(rooms):
            Classroom.objects.create(
                program=program,
                name=room,
                code=neutral_classroom_code(random.Random(f"{demo.collab.slug}/{name}/{room}")),
                age_group=age,
                children_enrolled=demo.rng.randint(6, 18) if age == "preschool" else demo.rng.randint(4, 9),
                participation=Classroom.Participation.PARTICIPATING
                if r_index < participating
                else Classroom.Participation.SPREAD,
            )
        demo.members[team.pk] = _team_people(demo, team, index, participating)


def _team_people(demo: _Demo, team: Team, index: int, teachers: int) -> list[tuple[User, str]]:
    first = index == 0  # the first team holds the named sign-ins
    people = [
        (_user(demo, "director", "Alicia", "Moreno") if first else _person(demo), Role.DIRECTOR),
        (_user(demo, "teacher", "Jordan", "Reyes") if first else _person(demo), Role.TEACHER),
    ]
    people += [(_person(demo), Role.TEACHER) for _ in range(min(teachers, 3) - 1)]
    if demo.rng.random() < 0.6:
        people.append((_person(demo), Role.ASSISTANT_TEACHER))
    language = "es" if first or demo.rng.random() < 0.4 else ""
    people.append(
        (
            _user(demo, "family", "Marisol", "Fuentes", "es") if first else _person(demo, language),
            Role.FAMILY_MEMBER,
        )
    )
    if (demo.rng.random() < 0.5 or len(people) < 4) and len(people) < 7:
        people.append((_person(demo), Role.FAMILY_MEMBER))
    for user, role in people:
        _member(demo, user, role, team)
    _member(demo, people[0][0], Role.TEAM_LEAD, team)
    _member(demo, demo.faculty[index % len(demo.faculty)], Role.FACULTY, team)
    return people


def _measures(demo: _Demo) -> list[Measure]:
    drivers = list(demo.collab.primary_drivers.order_by("order"))
    measures = []
    for order, row in enumerate(content.MEASURES):
        code, name, kind, unit, better, goal, multiplier, driver, definition, num, den = row
        measures.append(
            measure_create(
                by=demo.staff,
                effective_from=demo.collab.start_date,
                collaborative=demo.collab,
                code=code,
                name=name,
                kind=kind,
                better=better,
                order=order,
                primary_driver=drivers[driver],
                # Incidents are counted from the teams' incident reports on each newly opened month; the
                # months built here keep their historical values (the reports are made before the incidents).
                numerator_source=Measure.NumeratorSource.INCIDENT_REPORTS
                if code == "incidents"
                else Measure.NumeratorSource.ENTERED,
                is_illustrative=True,
                definition={
                    "definition": definition,
                    "numerator_definition": num,
                    "denominator_definition": den,
                    "unit": unit,
                    "multiplier": multiplier,
                    "goal": Decimal(goal),
                },
            )
        )
    # One definition changed mid-way, so charts show a version boundary.
    measure_revise(
        measure=measures[2],
        by=demo.staff,
        effective_from=demo.periods[min(6, demo.now_index - 2)].month,
        change_reason="Text messages in the family's app now count as notes home.",
        definition=content.MEASURES[2][8] + " Messages through the program's family app count.",
    )
    for position, (statement, code, target) in enumerate(content.AIMS):
        Aim.objects.create(
            collaborative=demo.collab,
            statement=statement,
            order=position,
            measure=next(m for m in measures if m.code == code),
            target_value=Decimal(target) if target else None,
            target_date=demo.collab.end_date,
        )
    return measures


def _reports(demo: _Demo, measures: list[Measure]) -> None:
    """Reports for the months that are over: reviewed up to the month before last; last month's report is
    submitted and waiting for review (or, on the first team, still to send while it is not yet late)."""
    versions = {m.pk: list(MeasureVersion.objects.filter(measure=m)) for m in measures}
    rows = []
    last = demo.now_index - 1  # the month that ended most recently
    for t_index, team in enumerate(demo.teams):
        pattern = PATTERNS[t_index % len(PATTERNS)]
        reviewer = demo.faculty[t_index % len(demo.faculty)]
        submitter = demo.members[team.pk][0][0]
        size = len(demo.members[team.pk])
        trend = max(1, demo.now_index - 1)  # a trend team improves steadily up to last month
        flat = (
            {
                m.pk: values.flat_year(
                    f"{demo.seed}:flat:{t_index}:{m.code}", m.code, len(demo.periods), demo.now_index, size
                )
                for m in measures
            }
            if pattern == "flat"
            else {}
        )
        for month, period in enumerate(demo.periods[: last + 1]):
            if demo.rng.random() < 0.05 and (month < last or demo.month > 12) and t_index and not flat:
                continue  # a missing month: no report at all (not on the first team, the one signed in)
            late = demo.rng.random() < 0.12
            if month == last and demo.today <= period.due_date and (t_index == 0 or demo.rng.random() < 0.3):
                continue  # the demo's own team (and a few others) still have last month's report to send
            day = period.due_date + dt.timedelta(
                days=demo.rng.randint(3, 12) if late else -demo.rng.randint(1, 8)
            )
            submitted = timezone.make_aware(dt.datetime.combine(demo.past(day), dt.time(16, 30)))
            over = month < last or demo.month > 12  # when the year is over, every report has been reviewed
            reviewed = over and submitted.date() + dt.timedelta(days=3) < demo.today
            report = MonthlyReport.objects.create(
                team=team,
                period=period,
                status=MonthlyReport.Status.REVIEWED if reviewed else MonthlyReport.Status.SUBMITTED,
                submitted_by=submitter,
                submitted_at=submitted,
                reviewed_by=reviewer if reviewed else None,
                reviewed_at=submitted + dt.timedelta(days=3) if reviewed else None,
                narrative=f"{team.program.name}: month {month + 1} of testing.",
            )
            MonthlyReport.objects.filter(pk=report.pk).update(
                created_at=submitted - dt.timedelta(days=5), updated_at=report.reviewed_at or submitted
            )
            for measure in measures:
                version = max(
                    (v for v in versions[measure.pk] if v.effective_from <= period.month),
                    key=lambda v: v.number,
                )
                blank = demo.rng.random() < 0.03 and t_index > 0 and not flat
                if blank:
                    entry = {}
                else:
                    entry = (
                        flat[measure.pk][month]
                        if flat
                        else values.entry(demo.rng, measure.code, pattern, month, size, trend)
                    )
                rows.append(MeasureValue(report=report, measure=measure, measure_version=version, **entry))
    MeasureValue.objects.bulk_create(rows)


def _pdsa(demo: _Demo) -> None:
    """Ramps from month 2 to today's month; a cycle is done only once its dates are past, and each cycle's
    last change (updated_at) is the last thing done on it, not the day the demo was built."""
    rng, months, cur = demo.rng, [p.month for p in demo.periods], min(demo.now_index, 11)
    for team in demo.teams:
        people = [u for u, _ in demo.members[team.pk]]
        n_cycles = 0
        target = rng.randint(15, 23)
        while n_cycles < target:
            idea = rng.choice(demo.ideas)
            month = 1 + n_cycles * cur // target  # the cycles spread evenly from month 2 to today's month
            ramp = Ramp.objects.create(
                team=team, change_idea=idea, title=idea.name, created_at=_aware(months[month])
            )
            length = min(rng.choice([1, 2, 2, 3, 3, 4, 5]), target - n_cycles)
            for number in range(1, length + 1):
                month = 1 + n_cycles * cur // target
                offset = rng.randint(0, 12)
                start = months[month] + dt.timedelta(days=offset)
                if start >= demo.today:  # planned this month: in the days just before today
                    start = demo.today - dt.timedelta(days=offset % 10 + 1)
                last = number == length
                decision = rng.choice(["adopt", "adopt", "abandon"]) if last else "adapt"
                objective, question, prediction = content.PLAN_TEMPLATES[min(number - 1, 2)]
                finished = not (last and month >= cur - 1 and rng.random() < 0.5)
                finished = finished and start + dt.timedelta(days=11) < demo.today
                cycle = PDSACycle.objects.create(
                    ramp=ramp,
                    number=number,
                    created_by=rng.choice(people),
                    created_at=_aware(start),
                    objective=objective.format(idea=idea.name),
                    questions=question,
                    prediction=prediction,
                    plan_who=rng.choice(["Lead teacher", "Both teachers", "Director and one teacher"]),
                    plan_what=content.PLAN_WHAT,  # the team's words (the ramp's title names the idea)
                    plan_where="Participating classrooms",
                    plan_when="Mornings, one week",
                    data_to_collect="A tally on the classroom log each day.",
                    planned_start=start,
                    planned_end=start + dt.timedelta(days=7),
                    do_observations=rng.choice(content.DO_NOTES) if finished else "",
                    done_on=start + dt.timedelta(days=7) if finished else None,
                    study_results=rng.choice(content.STUDY_NOTES) if finished else "",
                    decision=decision if finished else "",
                    next_step="Test it on a larger scale." if decision != "abandon" else "Try another idea.",
                    acted_on=start + dt.timedelta(days=10) if finished else None,
                    is_shared=finished and rng.random() < 0.6,
                    shared_at=_aware(start + dt.timedelta(days=11)) if finished else None,
                )
                changed = _aware(start + dt.timedelta(days=11 if finished else 0))
                PDSACycle.objects.filter(pk=cycle.pk).update(updated_at=changed)
                n_cycles += 1


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _events(demo: _Demo) -> None:
    rng = demo.rng
    phases = {p.kind: p for p in demo.collab.phases.all()}
    engagement = {team.pk: rng.uniform(0.55, 0.95) for team in demo.teams}
    everyone = [(u, role, team) for team in demo.teams for u, role in demo.members[team.pk]]
    rows: list[Attendance] = []

    def attend(event: Event, people: list[tuple[User, str, Team]]) -> None:
        if event.ends_at.date() >= demo.today:
            return  # attendance is taken at events that are over
        for user, _role, team in people:
            present = rng.random() < engagement[team.pk]
            rows.append(
                Attendance(
                    event=event,
                    user=user,
                    recorded_by=demo.staff,
                    status=Attendance.Status.PRESENT if present else Attendance.Status.ABSENT,
                )
            )

    for number, kind in enumerate(
        [Phase.Kind.LEARNING_SESSION_1, Phase.Kind.LEARNING_SESSION_2, Phase.Kind.LEARNING_SESSION_3], start=1
    ):
        phase = phases[kind]
        event = Event.objects.create(
            collaborative=demo.collab,
            kind=Event.Kind.LEARNING_SESSION,
            title=f"Learning session {number}",
            starts_at=_at(phase.start_date, 9),
            ends_at=_at(phase.end_date, 15),
            location="Community college conference center, Boston",
        )
        attend(event, everyone)
    groups = {
        Event.RoleGroup.DIRECTORS: {Role.DIRECTOR},
        Event.RoleGroup.TEACHERS: {Role.TEACHER, Role.ASSISTANT_TEACHER},
        Event.RoleGroup.FAMILIES: {Role.FAMILY_MEMBER},
    }
    for month, period in enumerate(demo.periods):
        # This month's call is next week, whatever the day the demo is built.
        on = (
            demo.today + dt.timedelta(days=7)
            if month == demo.now_index
            else period.month + dt.timedelta(days=14)
        )
        call = Event.objects.create(
            collaborative=demo.collab,
            kind=Event.Kind.COLLABORATIVE_CALL,
            title=f"Collaborative call {month + 1}",
            starts_at=_at(on, 13),
            ends_at=_at(on, 14),
            location="Video call",
        )
        attend(call, [p for p in everyone if p[1] in {Role.DIRECTOR, Role.TEACHER}])
        if month % 2 == 1:
            for group, roles in groups.items():
                day = period.month + dt.timedelta(days=20)
                event = Event.objects.create(
                    collaborative=demo.collab,
                    kind=Event.Kind.AFFINITY_CALL,
                    role_group=group,
                    title=f"{Event.RoleGroup(group).label} call",
                    starts_at=_at(day, 18),
                    ends_at=_at(day, 19),
                    location="Video call",
                )
                attend(event, [p for p in everyone if p[1] in roles])
    for t_index, team in enumerate(demo.teams):
        for month in (2, 5, 8, 10):
            day = demo.periods[month].month + dt.timedelta(days=6)
            meeting = Event.objects.create(
                collaborative=demo.collab,
                kind=Event.Kind.TEAM_MEETING,
                team=team,
                title="Team meeting",
                starts_at=_at(day, 15),
                ends_at=_at(day, 16),
                location=team.program.name,
            )
            attend(meeting, [p for p in everyone if p[2] == team])
        day = demo.periods[3].month + dt.timedelta(days=9)
        Event.objects.create(
            collaborative=demo.collab,
            kind=Event.Kind.FACULTY_CONSULTATION,
            team=team,
            title=f"Consultation with {demo.faculty[t_index % len(demo.faculty)].get_full_name()}",
            starts_at=_at(day, 11),
            ends_at=_at(day, 12),
            location="Video call",
        )
    Attendance.objects.bulk_create(rows)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _assessments(demo: _Demo) -> None:
    rows: list[Assessment] = []
    for t_index, team in enumerate(demo.teams):
        pattern = PATTERNS[t_index % len(PATTERNS)]
        faculty = demo.faculty[t_index % len(demo.faculty)]
        director = demo.members[team.pk][0][0]
        for month, period in enumerate(demo.periods[1 : demo.now_index], start=1):
            growth = {"shift": 0.3, "trend": 0.25, "flat": 0.12, "noisy": 0.18}[pattern]
            score = _half_steps(1.0 + growth * month + demo.rng.gauss(0, 0.2))
            rows.append(
                Assessment(
                    team=team,
                    period=period,
                    source=Assessment.Source.FACULTY,
                    score=score,
                    rated_by=faculty,
                    reason=_reason(score),
                )
            )
            self_score = _half_steps(float(score) + demo.rng.choice([0, 0.5, 0.5, 1.0]))
            rows.append(
                Assessment(
                    team=team,
                    period=period,
                    source=Assessment.Source.TEAM,
                    score=self_score,
                    rated_by=director,
                )
            )
    Assessment.objects.bulk_create(rows)


def _half_steps(score: float) -> Decimal:
    return Decimal(str(min(5.0, max(1.0, round(score * 2) / 2))))


def _reason(score: Decimal) -> str:
    if score < 2:
        return "The team is organised and has chosen its first changes; testing has barely started."
    if score < 3:
        return "Cycles are running and data come in, but results have not moved yet."
    if score < 4:
        return "Process measures improve; the team learns from each cycle."
    return "Goals met on several measures and the changes are part of daily practice."


def demo_summary() -> dict[str, Any]:
    collab = Collaborative.objects.get(slug=DEMO_SLUG)
    return {
        "programs": Program.objects.filter(teams__collaborative=collab).count(),
        "classrooms": Classroom.objects.filter(program__teams__collaborative=collab).count(),
        "teams": collab.teams.count(),
        "people": User.objects.filter(memberships__collaborative=collab).distinct().count(),
        "reports": MonthlyReport.objects.filter(team__collaborative=collab).count(),
        "cycles": PDSACycle.objects.filter(ramp__team__collaborative=collab).count(),
        "events": collab.events.count(),
    }
