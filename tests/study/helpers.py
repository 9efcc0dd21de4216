"""Study objects for the named cast: an open survey wave, an observation wave with one assigned visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from breakthrough.collaboratives.models import Classroom
from breakthrough.demo.study import shipped_instruments
from breakthrough.incidents.models import DemographicCategory
from breakthrough.study import services
from breakthrough.study.models import Code, Instrument, Interview, Item, RespondentGroup
from tests.factories import make_classroom


def observation_tool() -> Instrument:
    tool, created = Instrument.objects.get_or_create(
        slug="obs-tool",
        defaults={"name": "Classroom practices (scores only)", "kind": "observation", "proprietary": True},
    )
    if created:
        for n in range(1, 5):
            Item.objects.create(instrument=tool, number=n, code=f"o{n}", scale_min=1, scale_max=3)
    return tool


def ensure_shipped() -> None:
    """Transactional (browser) tests flush the tables, data migrations' rows included: ship them again."""
    shipped_instruments()


def make_study(cast: Any) -> dict[str, Any]:
    ensure_shipped()
    today = timezone.localdate()
    collab = cast.collaborative
    survey = Instrument.objects.get(slug="psych-safety")
    wave = services.wave_create(
        by=None,
        collaborative=collab,
        instrument=survey,
        name="Early survey",
        kind="early",
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=20),
        groups=[services.group_for(collab, RespondentGroup.Kind.TEAM)],
    )
    program = cast.team_a.program
    program.street_address, program.city = "12 Elm Street", "Springfield"
    program.save()
    classroom = make_classroom(
        program, name="Sunflower room", participation=Classroom.Participation.PARTICIPATING
    )
    obs_wave = services.wave_create(
        by=None,
        collaborative=collab,
        instrument=observation_tool(),
        name="Observations before",
        kind="early",
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=20),
    )
    observation = services.observation_schedule(
        by=None,
        wave=obs_wave,
        classroom=classroom,
        observer=cast.observer,
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    ((link, token),) = services.links_create(
        by=None,
        wave=wave,
        group=services.group_for(collab, RespondentGroup.Kind.FAMILIES),
        program=program,
        role="family",
        language="es",
        respondent_keys=["FAM-001"],
    )
    interview = Interview.objects.create(
        collaborative=collab,
        informant="director",
        label="Director 1",
        held_on=today,
        text="We felt safe to try.",
    )
    code = Code.objects.create(collaborative=collab, name="Safety", mechanism="safety")
    DemographicCategory.objects.create(collaborative=collab, code="race", name="Race", options=["A", "B"])
    return {
        "wave": wave,
        "survey": survey,
        "obs_wave": obs_wave,
        "observation": observation,
        "classroom": classroom,
        "link": link,
        "token": token,
        "interview": interview,
        "code": code,
        "program": program,
    }
