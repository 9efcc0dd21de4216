"""The session, TA and adaptation pages: bad input named beside its field, rights on writes, edits audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.core.models import AuditRecord
from breakthrough.events.models import Event
from breakthrough.fieldwork.models import Adaptation, SessionObservation, SessionVoice, TAContact
from tests.fieldwork.helpers import make_event, make_fieldwork, protocol, scores

pytestmark = pytest.mark.django_db


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def fw(cast):
    return make_fieldwork(cast)


def ta_data(cast, **over):
    data = {
        "team": cast.team_a.pk,
        "date": "2026-03-02",
        "topic": "measures",
        "minutes": "30",
        "mode": "phone",
    }
    return {f"new-{k}": v for k, v in (data | over).items()}


def test_a_ta_contact_with_zero_minutes_is_refused_beside_minutes_and_not_saved(cast, fw):
    url = reverse("fieldwork:ta", args=[cast.collaborative.slug])
    page = client_for(cast.faculty).post(url, ta_data(cast, minutes="0"))
    assert page.status_code == 400
    assert page.context["form"].errors == {"minutes": ["Ensure this value is greater than or equal to 1."]}
    assert TAContact.objects.count() == 1  # the fixture's only
    assert client_for(cast.faculty).post(url, ta_data(cast)).status_code == 302
    assert TAContact.objects.get(topic="measures").provider == cast.faculty


def test_a_ta_contact_outside_the_collaborative_s_dates_names_the_date(cast, fw):
    url = reverse("fieldwork:ta", args=[cast.collaborative.slug])
    page = client_for(cast.staff).post(url, ta_data(cast, date="2020-01-01"))
    assert page.status_code == 400
    assert list(page.context["form"].errors) == ["date"]


@pytest.mark.parametrize("person", ["teacher", "viewer", "observer", "family"])
def test_only_faculty_staff_and_evaluators_record_ta(cast, fw, person):
    url = reverse("fieldwork:ta", args=[cast.collaborative.slug])
    assert client_for(getattr(cast, person)).post(url, ta_data(cast)).status_code in (403, 404)
    assert TAContact.objects.count() == 1


def test_ta_filters_by_team_topic_and_month_with_totals(cast, fw):
    for team, topic, day, minutes in [
        (cast.team_a, "measures", dt.date(2026, 3, 5), 20),
        (cast.team_b, "measures", dt.date(2026, 3, 9), 45),
        (cast.team_b, "leadership", dt.date(2026, 4, 1), 60),
    ]:
        TAContact.objects.create(
            team=team, topic=topic, date=day, minutes=minutes, mode="video", provider=cast.staff
        )
    url = reverse("fieldwork:ta", args=[cast.collaborative.slug])
    page = client_for(cast.evaluator).get(url, {"topic": "measures", "month": "2026-03"})
    assert page.context["totals"] == {"n": 2, "minutes": 65}
    page = client_for(cast.evaluator).get(url, {"team": cast.team_b.pk})
    assert page.context["totals"] == {"n": 2, "minutes": 105}
    assert "2 contacts, 105 minutes in all" in page.content.decode()
    page = client_for(cast.evaluator).get(url, {"month": "March"})
    assert page.context["filters"].errors == {"month": ["Enter a month as YYYY-MM."]}


def test_a_ta_edit_is_audited_and_only_its_provider_or_staff_may_make_it(cast, fw):
    contact = fw["contact"]
    url = reverse("fieldwork:ta-edit", args=[contact.pk])
    data = {
        "team": cast.team_a.pk,
        "date": "2026-02-10",
        "topic": "pdsa_design",
        "minutes": "55",
        "mode": "video",
    }
    assert client_for(cast.evaluator).post(url, data | {"revision": contact.revision}).status_code == 403
    assert client_for(cast.faculty).post(url, data | {"revision": contact.revision}).status_code == 302
    record = AuditRecord.objects.filter(model_name="tacontact", object_id=str(contact.pk)).first()
    assert (record.by, record.before["minutes"], record.after["minutes"]) == (cast.faculty, 40, 55)


def test_an_adaptation_without_its_reason_is_refused_beside_why(cast, fw):
    url = reverse("fieldwork:adaptations", args=[cast.collaborative.slug])
    data = {
        "new-date": "2026-03-01",
        "new-component": "coaching",
        "new-what_changed_en": "Coaching twice a month",
    }
    page = client_for(cast.evaluator).post(url, data)
    assert page.status_code == 400
    assert list(page.context["form"].errors) == ["why_en"]
    assert (
        client_for(cast.faculty).post(url, data | {"new-why_en": "x"}).status_code == 403
    )  # faculty read only
    page = client_for(cast.evaluator).post(
        url, data | {"new-why_en": "More time", "new-why_es": "Más tiempo"}
    )
    assert page.status_code == 302
    assert Adaptation.objects.get(component="coaching").why_es == "Más tiempo"


def test_adaptations_read_in_spanish_where_staff_wrote_spanish(cast, fw):
    row = fw["adaptation"]
    row.what_changed_es = "Las llamadas pasaron a la tarde"
    row.save()
    page = client_for(cast.faculty, "es").get(
        reverse("fieldwork:adaptations", args=[cast.collaborative.slug])
    )
    html = page.content.decode()
    assert "Las llamadas pasaron a la tarde" in html
    assert "Teachers could not leave their rooms" in html  # no Spanish written: the English falls back
    assert "Adaptaciones del modelo" in html


def test_a_session_observation_form_names_the_bad_item_and_turn_count(cast, fw):
    ls2 = make_event(
        cast.collaborative, Event.Kind.LEARNING_SESSION, dt.date(2026, 5, 12), "Learning session 2"
    )
    url = reverse("fieldwork:session-new", args=[cast.collaborative.slug])
    base = {
        "event": ls2.pk,
        "instrument": protocol().pk,
        "observed_on": "2026-05-12",
        "cross_team_exchanges": "4",
    }
    bad = scores(within_listen=3) | {
        f"item-{protocol().items.get(code='across_ask').pk}": "9",
        "turns-teacher": "-3",
    }
    page = client_for(cast.evaluator).post(url, base | bad)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Choose one of the answers." in html
    assert "Enter a number of turns between 0 and 2000." in html
    assert SessionObservation.objects.count() == 1
    page = client_for(cast.evaluator).post(
        url, base | {"cross_team_exchanges": "-1"} | scores(within_listen=3)
    )
    assert list(page.context["form"].errors) == ["cross_team_exchanges"]
    page = client_for(cast.evaluator).post(url, base | scores(within_listen=3) | {"turns-teacher": "14"})
    assert page.status_code == 302
    saved = SessionObservation.objects.get(event=ls2)
    assert list(SessionVoice.objects.filter(observation=saved).values_list("role", "turns")) == [
        ("teacher", 14)
    ]


def test_a_meeting_of_one_team_is_not_a_session_to_observe(cast, fw):
    meeting = Event.objects.create(
        collaborative=cast.collaborative,
        kind=Event.Kind.TEAM_MEETING,
        team=cast.team_a,
        title="Team meeting",
        starts_at=fw["event"].starts_at,
        ends_at=fw["event"].ends_at,
    )
    url = reverse("fieldwork:session-new", args=[cast.collaborative.slug])
    data = {
        "event": meeting.pk,
        "instrument": protocol().pk,
        "observed_on": "2026-02-10",
        "cross_team_exchanges": "0",
    }
    page = client_for(cast.evaluator).post(url, data | scores(within_listen=3))
    assert list(page.context["form"].errors) == ["event"]


def test_a_changed_score_is_audited_and_faculty_read_the_observation_only(cast, fw):
    obs = fw["observation"]
    url = reverse("fieldwork:session-detail", args=[obs.pk])
    data = {
        "event": obs.event_id,
        "instrument": obs.instrument_id,
        "observed_on": "2026-02-10",
        "cross_team_exchanges": "3",
        "revision": obs.revision,
    } | scores(within_listen=4, within_roles=2)
    assert client_for(cast.faculty).post(url, data).status_code == 403
    faculty_page = client_for(cast.faculty).get(url)
    assert faculty_page.status_code == 200
    assert "<form" not in faculty_page.content.decode().split("<main", 1)[-1]
    assert client_for(cast.evaluator).post(url, data).status_code == 302
    record = AuditRecord.objects.filter(model_name="sessionscore", action="update").first()
    assert (record.before["value"], record.after["value"]) == (3, 4)
    # The faculty turns (12) were left blank: removed, their last value kept in the trail.
    cleared = AuditRecord.objects.filter(model_name="sessionvoice", action="update").first()
    assert (cleared.before["turns"], cleared.after["turns"]) == (12, None)


def test_the_sessions_page_lists_scores_in_order_for_faculty(cast, fw):
    page = client_for(cast.faculty).get(reverse("fieldwork:sessions", args=[cast.collaborative.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Learning session 1" in html
    assert "Relational dynamics within teams" in html
    assert "2.50" in html  # within: (3 + 2)/2
