"""Launching a collaborative: the timeline from a few dates, copying an earlier wave, the page and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from breakthrough.cli import main
from breakthrough.collaboratives.models import Collaborative, Membership, Phase, Role
from breakthrough.collaboratives.services import timeline_from_dates
from breakthrough.events.models import Event
from breakthrough.framework.models import ChangeIdea
from breakthrough.measures.models import Measure
from tests.factories import make_change_idea, make_measure

D = dt.date


def test_eight_phases_from_the_learning_session_dates():
    phases = timeline_from_dates(
        start=D(2027, 1, 4),
        learning_sessions=[D(2027, 2, 3), D(2027, 5, 5), D(2027, 9, 8)],
        action_periods_end=D(2027, 11, 30),
        end=D(2027, 12, 31),
    )
    k = Phase.Kind
    assert phases == [
        (k.PRE_WORK, D(2027, 1, 4), D(2027, 2, 2)),
        (k.LEARNING_SESSION_1, D(2027, 2, 3), D(2027, 2, 4)),
        (k.ACTION_PERIOD_1, D(2027, 2, 5), D(2027, 5, 4)),
        (k.LEARNING_SESSION_2, D(2027, 5, 5), D(2027, 5, 6)),
        (k.ACTION_PERIOD_2, D(2027, 5, 7), D(2027, 9, 7)),
        (k.LEARNING_SESSION_3, D(2027, 9, 8), D(2027, 9, 9)),
        (k.ACTION_PERIOD_3, D(2027, 9, 10), D(2027, 11, 30)),
        (k.SUSTAINMENT, D(2027, 12, 1), D(2027, 12, 31)),
    ]


def test_sessions_out_of_order_are_refused_naming_the_field():
    with pytest.raises(ValidationError) as err:
        timeline_from_dates(
            start=D(2027, 1, 4),
            learning_sessions=[D(2027, 5, 5), D(2027, 2, 3), D(2027, 9, 8)],
            action_periods_end=D(2027, 11, 30),
            end=D(2027, 12, 31),
        )
    assert list(err.value.message_dict) == ["learning_sessions"]


@pytest.mark.django_db
def test_cli_creates_and_copies_from_an_earlier_collaborative(cast):
    source = cast.collaborative
    make_change_idea(source)
    make_measure(source)
    make_change_idea(source, team=cast.team_a)  # a team's own idea: not copied
    result = CliRunner().invoke(
        main,
        [
            "collaborative",
            "create",
            "--name",
            "Wave 2",
            "--slug",
            "wave-2",
            "--starts",
            "2027-01-04",
            "--learning-sessions",
            "2027-02-03,2027-05-05,2027-09-08",
            "--ends",
            "2027-12-31",
            "--copy-from",
            source.slug,
            "--staff",
            "staff",
        ],
    )
    assert result.exit_code == 0, result.output
    wave = Collaborative.objects.get(slug="wave-2")
    assert wave.phases.count() == 8
    assert wave.periods.count() == 12
    assert wave.periods.get(month=D(2027, 1, 1)).due_date == D(2027, 2, 10)
    assert ChangeIdea.objects.filter(secondary__primary__collaborative=wave).count() == 1
    measure = Measure.objects.get(collaborative=wave)
    version = measure.versions.get()
    assert (version.number, version.effective_from) == (1, D(2027, 1, 1))
    assert Membership.objects.filter(collaborative=wave, user=cast.staff, role=Role.PROJECT_STAFF).exists()
    assert "12 monthly periods" in result.output


@pytest.mark.django_db
def test_cli_names_a_bad_date():
    result = CliRunner().invoke(
        main,
        [
            "collaborative",
            "create",
            "--name",
            "X",
            "--slug",
            "x",
            "--starts",
            "2027-01-04",
            "--learning-sessions",
            "2027-02-03,soon,2027-09-08",
            "--ends",
            "2027-12-31",
        ],
    )
    assert result.exit_code != 0
    assert "'soon' is not a date" in result.output


@pytest.mark.django_db
def test_the_page_previews_then_creates_and_makes_the_creator_staff(cast):
    client = Client()
    client.force_login(cast.staff)
    data = {
        "name": "Wave 3",
        "slug": "wave-3",
        "topic_en": "SEL",
        "start_date": "2027-01-04",
        "ls1": "2027-02-03",
        "ls2": "2027-05-05",
        "ls3": "2027-09-08",
        "action_periods_end": "2027-11-30",
        "end_date": "2027-12-31",
        "report_due_day": "15",
        "copy_from": cast.collaborative.pk,
    }
    page = client.post(reverse("launch:new"), data | {"preview": "1"}).content.decode()
    assert "12 monthly reporting periods" in page
    assert not Collaborative.objects.filter(slug="wave-3").exists()  # nothing saved before confirming
    response = client.post(reverse("launch:new"), data | {"confirm": "1"})
    wave = Collaborative.objects.get(slug="wave-3")
    assert response.status_code == 302
    assert wave.periods.get(month=D(2027, 3, 1)).due_date == D(2027, 4, 15)
    assert Membership.objects.filter(collaborative=wave, user=cast.staff, role=Role.PROJECT_STAFF).exists()


@pytest.mark.django_db
def test_the_page_names_the_wrong_field(cast):
    client = Client()
    client.force_login(cast.staff)
    data = {
        "name": "W",
        "slug": cast.collaborative.slug,
        "topic_en": "SEL",
        "start_date": "2027-01-04",
        "ls1": "2027-02-03",
        "ls2": "2027-05-05",
        "ls3": "2027-09-08",
        "action_periods_end": "2027-11-30",
        "end_date": "2027-11-30",
        "report_due_day": "10",
    }
    page = client.post(reverse("launch:new"), data | {"preview": "1"}).content.decode()
    assert "Sustainment ends after the last action period." in page


@pytest.mark.django_db
def test_collaborative_wide_events_are_copied_moved_by_the_start_difference(cast):
    import django.utils.timezone as tz

    starts = tz.make_aware(dt.datetime(2026, 3, 3, 15))
    Event.objects.create(
        collaborative=cast.collaborative,
        kind=Event.Kind.COLLABORATIVE_CALL,
        title="Call",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    from breakthrough.launch.services import launch

    wave, copied = launch(
        by=cast.staff,
        copy_from=cast.collaborative,
        name="W",
        slug="w",
        topic="SEL",
        start_date=D(2027, 1, 1),
        learning_sessions=[D(2027, 2, 3), D(2027, 5, 5), D(2027, 9, 8)],
        action_periods_end=D(2027, 11, 30),
        end_date=D(2027, 12, 31),
    )
    event = Event.objects.get(collaborative=wave)
    assert event.starts_at == starts + (D(2027, 1, 1) - cast.collaborative.start_date)
    assert copied["events"] == 1


@pytest.mark.django_db
def test_a_superuser_starts_the_first_collaborative_of_an_installation():
    from breakthrough.core.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("collaboratives:setup")).content.decode()
    assert reverse("launch:new") in page
    data = {
        "name": "First",
        "slug": "first",
        "topic_en": "SEL",
        "start_date": "2027-01-04",
        "ls1": "2027-02-03",
        "ls2": "2027-05-05",
        "ls3": "2027-09-08",
        "action_periods_end": "2027-11-30",
        "end_date": "2027-12-31",
        "report_due_day": "10",
        "confirm": "1",
    }
    assert client.post(reverse("launch:new"), data).status_code == 302
    first = Collaborative.objects.get(slug="first")
    assert Membership.objects.filter(collaborative=first, user=admin, role=Role.PROJECT_STAFF).exists()


@pytest.mark.django_db
def test_a_short_name_with_spaces_says_what_to_type_and_capitals_are_lowered(cast):
    client = Client()
    client.force_login(cast.staff)
    data = {
        "name": "Wave 4",
        "topic_en": "SEL",
        "start_date": "2027-01-04",
        "ls1": "2027-02-03",
        "ls2": "2027-05-05",
        "ls3": "2027-09-08",
        "action_periods_end": "2027-11-30",
        "end_date": "2027-12-31",
        "report_due_day": "15",
    }
    page = client.post(reverse("launch:new"), data | {"slug": "SEL wave 4", "preview": "1"}).content.decode()
    assert "Use only lowercase letters, digits and hyphens (no spaces or accents), e.g. sel-wave-2." in page
    assert "Enter a valid" not in page
    client.post(reverse("launch:new"), data | {"slug": "SEL-Wave-4", "confirm": "1"})
    assert Collaborative.objects.filter(slug="sel-wave-4").exists()
