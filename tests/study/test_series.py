"""The bridge: subscale scores with reverse keying and the minimum-answered rule."""

from __future__ import annotations

import math

import pytest
from django.utils import timezone

from breakthrough.study import series, services
from breakthrough.study.models import Answer, Instrument, Response
from tests.conftest import ship_migrations_data

pytestmark = pytest.mark.django_db


def test_subscale_scores_reverse_key_and_need_the_minimum_answered(cast):
    ship_migrations_data()  # a browser test before, in this worker, flushed the shipped instruments
    instrument = Instrument.objects.get(slug="psych-safety")  # 7 items, 2/4/6 reversed, at least 5 answered
    today = timezone.localdate()
    wave = services.wave_create(
        by=None,
        collaborative=cast.collaborative,
        instrument=instrument,
        name="W",
        kind="early",
        opens_on=today,
        closes_on=today,
    )
    items = list(instrument.items.order_by("number"))
    full = Response.objects.create(wave=wave, role="teacher", respondent_key="A")
    for item in items:
        Answer.objects.create(response=full, item=item, value=2 if item.reverse_keyed else 4)
    short = Response.objects.create(wave=wave, role="teacher", respondent_key="B")
    for item in items[:4]:
        Answer.objects.create(response=short, item=item, value=5)
    scores = series.subscale_scores(wave)["subscales"][0]["scores"]
    assert scores[0] == pytest.approx(4.0)  # reversed 2 on 1–5 is 4
    assert math.isnan(scores[1])  # 4 answered, 5 needed


def test_equity_profile_rates_and_rate_ratio(cast):
    import datetime as dt

    from breakthrough.incidents.models import Child, Incident

    for k in range(20):
        Child.objects.create(team=cast.team_a, code=f"C{k}", demographics={"g": "A" if k < 10 else "B"})
    for code in ["C0", "C0", "C1", "C2", "C3", "C10", "C11"]:
        Incident.objects.create(
            team=cast.team_a,
            reported_by=cast.teacher,
            child_code=code,
            occurred_on=dt.date(2026, 2, 3),
            activity="a",
            behavior="b",
            outcome="suspension" if code == "C10" else "none",
        )
    rows = {r["group"]: r for r in series.equity_profile([cast.team_a], "g", threshold=5)["rows"]}
    assert rows["A"]["rate"] == pytest.approx(0.5)
    assert rows["A"]["rate_ratio"] == pytest.approx(0.5 / 0.2)
    assert rows["A"]["risk"] == pytest.approx(0.4)
    assert rows["A"]["risk_ratio"] == pytest.approx(0.4 / 0.2)
    assert rows["B"]["suspensions"] == 1  # the child's enrolled group, when the incident recorded none
