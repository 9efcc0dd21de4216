"""Reporting a behavior incident, with the named cast."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.incidents.models import DemographicCategory, Incident

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def categories(cast):
    return [
        DemographicCategory.objects.create(
            collaborative=cast.collaborative, code="race", name="Race", options=["A", "B"]
        )
    ]


def test_teacher_reports_an_incident_with_demographics_as_data(categories, cast):
    page = client_for(cast.teacher).post(
        reverse("study:incident-new"),
        {
            "child_code": "C-17",
            "occurred_on": "2026-03-02",
            "activity": "Circle",
            "behavior": "Hitting",
            "outcome": "none",
            "demo-race": "B",
        },
    )
    assert page.status_code == 302
    incident = Incident.objects.get()
    assert incident.demographics == {"race": "B"}
    assert incident.team == cast.team_a
    bad = client_for(cast.teacher).post(
        reverse("study:incident-new"),
        {
            "child_code": "C-18",
            "occurred_on": "2026-03-02",
            "activity": "Circle",
            "behavior": "Hitting",
            "outcome": "none",
            "demo-race": "Z",
        },
    )
    assert bad.status_code == 200
    assert "Choose one of the options" in bad.content.decode()


def test_an_incident_dated_tomorrow_is_refused_beside_the_date(cast, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 3, 10, 15, tzinfo=dt.UTC), tick=False)
    fields = {"child_code": "C-19", "activity": "Circle", "behavior": "Hitting", "outcome": "none"}
    page = client_for(cast.teacher).post(
        reverse("study:incident-new"), fields | {"occurred_on": "2026-03-11"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "An incident is reported after it happened" in html
    assert html.index("An incident is reported after it happened") > html.index('name="occurred_on"') - 2000
    assert not Incident.objects.exists()
    today = client_for(cast.teacher).post(
        reverse("study:incident-new"), fields | {"occurred_on": "2026-03-10"}
    )
    assert today.status_code == 302
