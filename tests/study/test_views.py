"""Study pages with the named cast: answering, scores, blind observations, equity, interviews."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from breakthrough.collaboratives.models import Classroom
from breakthrough.core.models import AuditRecord
from breakthrough.incidents import services as incident_services
from breakthrough.incidents.models import Child
from breakthrough.study import redcap, series, services
from breakthrough.study.models import (
    Answer,
    Excerpt,
    Instrument,
    Item,
    Observation,
    Response,
    SurveyLink,
    hash_token,
)
from tests.conftest import ship_migrations_data
from tests.factories import make_classroom, make_member, make_program, make_user
from tests.study.helpers import make_study

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def study(cast):
    return make_study(cast)


def all_answers(wave, value="4"):
    return {f"item-{i.pk}": value for i in wave.instrument.items.all()}


# --- instruments ---


def test_three_illustrative_instruments_ship_in_english_and_spanish_with_reverse_keys():
    shipped = Instrument.objects.filter(illustrative=True, kind=Instrument.Kind.SURVEY)
    assert set(shipped.values_list("slug", flat=True)) == {
        "psych-safety",
        "learning-climate",
        "self-efficacy",
    }
    for instrument in shipped:
        items = list(instrument.items.all())
        assert all(i.text_en and i.text_es for i in items)
        assert any(i.reverse_keyed for i in items)
        assert instrument.subscales.exists()
        assert all(sub.items.exists() for sub in instrument.subscales.all())


def test_a_proprietary_instrument_keeps_no_item_text():
    tool = Instrument.objects.create(name="Tool", slug="tool", proprietary=True)
    item = Item(instrument=tool, number=1, code="t1", text_en="A copyrighted sentence")
    with pytest.raises(Exception, match="proprietary"):
        item.full_clean()


# --- answering ---


def test_a_family_answers_by_link_in_spanish_once(study):
    token, link = study["token"], study["link"]
    assert SurveyLink.objects.get(pk=link.pk).token_hash == hash_token(token)
    assert token not in str(list(SurveyLink.objects.values()))
    url = reverse("study:answer-by-link", args=[token])
    page = Client().get(url)
    assert page.status_code == 200
    assert "Si cometo un error aquí" in page.content.decode()
    assert 'lang="es"' in page.content.decode()
    answers = all_answers(study["wave"], "2")
    first = next(iter(answers))
    del answers[first]  # one item skipped: still accepted (none is required)
    done = Client().post(url, answers)
    assert done.status_code == 200
    response = Response.objects.get(link=link)
    assert response.on_team is False
    assert response.user is None
    assert response.language == "es"
    assert Answer.objects.filter(response=response).count() == 6
    again = Client().post(url, all_answers(study["wave"]))
    assert Response.objects.filter(link=link).count() == 1
    assert "ya se usó" in again.content.decode().lower()  # the link was made in Spanish
    assert not AuditRecord.objects.filter(model_name__in=["response", "answer"]).exists()


def test_a_required_item_left_blank_keeps_what_was_typed(study):
    item = study["wave"].instrument.items.first()
    item.required = True
    item.save()
    answers = all_answers(study["wave"], "5")
    answers[f"item-{item.pk}"] = ""
    page = Client().post(reverse("study:answer-by-link", args=[study["token"]]), answers)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'aria-invalid="true"' in html
    assert "checked" in html
    assert not Response.objects.exists()


def test_a_team_member_answers_signed_in_once_and_response_rates_count_it(study, cast):
    url = reverse("study:answer", args=[study["wave"].pk])
    teacher = client_for(cast.teacher)
    assert teacher.post(url, all_answers(study["wave"])).status_code == 302
    assert Response.objects.get(wave=study["wave"]).on_team
    assert teacher.get(url).status_code == 200
    assert teacher.post(url, all_answers(study["wave"])).status_code == 400
    rates = series.response_rates(study["wave"])
    teacher_row = next(
        r for r in rates if r["role"] == "Teacher" and r["program"] == cast.team_a.program.name
    )
    assert teacher_row["answered"] == 1
    assert teacher_row["invited"] == 1
    family_row = next(r for r in rates if r["role"] == "Family member" and r["invited"] == 2)
    assert family_row["answered"] == 0


def test_a_closed_wave_refuses_answers(study):
    wave = study["wave"]
    wave.closes_on = timezone.localdate() - dt.timedelta(days=1)
    wave.save()
    page = Client().get(reverse("study:answer-by-link", args=[study["token"]]))
    assert "cerrada" in page.content.decode().lower()  # the link speaks Spanish


def test_evaluator_makes_links_and_sees_them_once(study, cast):
    page = client_for(cast.evaluator).post(
        reverse("study:wave-links", args=[study["wave"].pk]),
        {
            "group": "staff",
            "program": study["program"].pk,
            "role": "staff",
            "language": "en",
            "respondent_keys": "S-1\nS-2",
        },
    )
    assert page.status_code == 200
    assert page.content.decode().count("/study/s/") == 2
    again = client_for(cast.evaluator).post(
        reverse("study:wave-links", args=[study["wave"].pk]),
        {
            "group": "staff",
            "program": study["program"].pk,
            "role": "staff",
            "language": "en",
            "respondent_keys": "S-1",
        },
    )
    assert again.status_code == 400
    assert "S-1" in again.content.decode()


def test_evaluator_sets_up_a_wave(cast):
    ship_migrations_data()  # a browser test before, in this worker, flushed the shipped instruments
    instrument = Instrument.objects.get(slug="self-efficacy")
    page = client_for(cast.evaluator).post(
        reverse("study:wave-create"),
        {
            "collaborative": cast.collaborative.pk,
            "instrument": instrument.pk,
            "name_en": "Late survey",
            "kind": "late",
            "opens_on": "2026-06-01",
            "closes_on": "2026-05-01",
            "groups": ["team", "families"],
            "double_coding_share": 20,
        },
    )
    assert page.status_code == 200
    assert "cannot close before" in page.content.decode()


# --- scores ---


def _fill_two_waves(study, cast, n=14):
    rng = random.Random(1)
    early = study["wave"]
    late = services.wave_create(
        by=None,
        collaborative=cast.collaborative,
        instrument=early.instrument,
        name="Late survey",
        kind="late",
        opens_on=early.opens_on,
        closes_on=early.closes_on,
    )
    items = list(early.instrument.items.all())
    for k in range(n):
        base = rng.choice([2, 3, 4])
        for wave, shift in ((early, 0), (late, 1)):
            response = Response.objects.create(
                wave=wave,
                program=study["program"],
                role="teacher" if k % 2 else "family",
                on_team=k % 2 == 1,
                respondent_key=f"K{k}",
            )
            for item in items:
                if rng.random() < 0.05:
                    continue
                v = min(5, max(1, base + shift + rng.choice([-1, 0, 0, 1])))
                Answer.objects.create(response=response, item=item, value=6 - v if item.reverse_keyed else v)
    return early, late


def test_scores_page_shows_reliability_change_and_suppressed_cells(study, cast):
    early, late = _fill_two_waves(study, cast)
    page = client_for(cast.evaluator).get(reverse("study:wave-scores", args=[late.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cronbach" in html
    assert "Hedges" in html
    assert "Wilcoxon" in html
    change = series.change(early, late)[0]["overall"]
    assert change["n"] == 14
    assert change["diff"] > 0.5
    rel = series.reliability(late)[0]
    assert 0 < rel["alpha"] <= 1
    assert len(rel["items"]) == 7


def test_small_cells_are_suppressed(study, cast):
    early, _late = _fill_two_waves(study, cast, n=6)  # 3 teachers and 3 families in one program
    table = series.by_program_and_role(early, threshold=5)
    assert all(cell["hidden"] for row in table["rows"] for cell in row["cells"])


# --- REDCap ---

HEADER = ",".join(f'"{c}"' for c in redcap.COLUMNS)


def _row(name, kind="radio", label="Question", choices="1, No | 2, Sometimes | 3, Yes", annotation=""):
    cells = [name, "form", "", kind, label, choices] + [""] * 11 + [annotation]
    return ",".join(f'"{c}"' for c in cells)


def test_redcap_import_makes_items_subscales_and_round_trips(cast):
    data = "\n".join(
        [
            HEADER,
            _row("record_id", "text", "Record ID", ""),
            _row("q1", annotation="@SUBSCALE=calm"),
            _row("q2", annotation="@REVERSE @SUBSCALE=calm"),
        ]
    )
    instrument = redcap.instrument_import(by=cast.evaluator, data=data, name="Imported", kind="survey")
    assert [i.code for i in instrument.items.all()] == ["q1", "q2"]
    q2 = instrument.items.get(code="q2")
    assert q2.reverse_keyed
    assert q2.scale_max == 3
    assert instrument.subscales.get().items.count() == 2
    exported = redcap.instrument_export(instrument)
    assert next(csv.reader(io.StringIO(exported))) == redcap.COLUMNS
    again = redcap.instrument_import(by=cast.evaluator, data=exported, name="Again", kind="survey")
    assert again.items.count() == 2
    assert again.items.get(code="q2").reverse_keyed


def test_redcap_import_is_atomic_and_names_the_row_and_column(cast):
    data = "\n".join([HEADER, _row("q1"), _row("q2", choices="a, b"), _row("Bad Name")])
    client = client_for(cast.evaluator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        reverse("study:instrument-import"),
        {"file": SimpleUploadedFile("dd.csv", data.encode()), "name": "Broken", "kind": "survey"},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Row 3, column “Choices, Calculations, OR Slider Labels”" in html
    assert "Row 4, column “Variable / Field Name”" in html
    assert not Instrument.objects.filter(name="Broken").exists()


def test_redcap_export_of_a_proprietary_tool_has_no_text(study, cast):
    page = client_for(cast.evaluator).get(
        reverse("study:instrument-export", args=[study["obs_wave"].instrument.pk])
    )
    assert "Item 1" in page.content.decode()


# --- observations ---


def _score(client, observation, value="2", submit=True):
    data = {f"item-{i.pk}": value for i in observation.wave.instrument.items.all()}
    if submit:
        data["submit"] = "1"
    return client.post(reverse("study:observation-detail", args=[observation.pk]), data)


def test_observer_scores_blind_and_cannot_change_after_submitting(study, cast):
    observer = client_for(cast.observer)
    observation = study["observation"]
    assert _score(observer, observation, submit=True).status_code == 302
    observation.refresh_from_db()
    assert observation.status == "submitted"
    assert observation.scores.count() == 4
    assert _score(observer, observation).status_code == 403


def test_incomplete_scores_cannot_be_submitted(study, cast):
    observation = study["observation"]
    data = {"submit": "1"}
    page = client_for(cast.observer).post(reverse("study:observation-detail", args=[observation.pk]), data)
    assert page.status_code == 400
    observation.refresh_from_db()
    assert observation.status == "scheduled"


def test_an_observer_never_learns_participation_team_roles_or_improvement_work(study, cast):
    forbidden = [
        "articipat",
        "Spread",
        cast.team_a.name,
        cast.team_b.name,
        "Sunflower room",
        "Teacher",
        "Director",
        "PDSA",
        "Monthly report",
        "team member",
    ]
    observer = client_for(cast.observer)
    pages = [reverse("study:home"), reverse("study:observation-detail", args=[study["observation"].pk])]
    _score(observer, study["observation"], submit=False)
    pages.append(reverse("study:observation-detail", args=[study["observation"].pk]))
    for url in pages:
        page = observer.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert study["classroom"].code in html
        for word in forbidden:
            assert word not in html, (url, word)
    from tests.test_url_permissions import all_rules

    fieldwork = None  # the fieldwork pages (session observations, child scores) are closed to observers too
    for name, (module, rule) in all_rules().items():
        if not name.startswith(("study:", "fieldwork:")):
            continue
        if "observer" in rule.allowed:
            continue
        objs = study
        if name.startswith("fieldwork:"):
            fieldwork = fieldwork or module.setup(cast)
            objs = fieldwork
        response = getattr(observer, rule.method)(reverse(name, kwargs=rule.kwargs(objs)), rule.data(objs))
        assert response.status_code in (403, 404), name
    assert fieldwork is not None


def test_double_coding_reliability_and_flags(study, cast):
    second = make_user("observer2")
    make_member(second, "observer", cast.collaborative)
    wave = study["obs_wave"]
    rng = random.Random(2)
    for _k in range(6):
        room = make_classroom(study["program"])
        first = services.observation_schedule(
            by=None,
            wave=wave,
            classroom=room,
            observer=cast.observer,
            starts_at=timezone.now(),
            second_observer=second,
        )
        twin = first.second_codings.get()
        for obs in (first, twin):
            raw = {
                f"item-{i.pk}": str(
                    rng.choice([2, 3]) if obs is twin and rng.random() < 0.3 else 2 + (i.number % 2)
                )
                for i in wave.instrument.items.all()
            }
            services.observation_score(observation=obs, by=None, raw=raw, submit=True)
    irr = series.inter_rater(wave)
    assert irr["n_pairs"] == 6
    assert len(irr["items"]) == 4
    assert {o["observer"] for o in irr["observers"]} == {cast.observer, second}
    page = client_for(cast.evaluator).get(reverse("study:wave-scores", args=[wave.pk]))
    assert "Inter-rater" in page.content.decode()


def test_spread_difference_in_differences(study, cast):
    before = study["obs_wave"]
    after = services.wave_create(
        by=None,
        collaborative=cast.collaborative,
        instrument=before.instrument,
        name="After",
        kind="late",
        opens_on=before.opens_on + dt.timedelta(days=90),
        closes_on=before.closes_on + dt.timedelta(days=90),
    )
    rng = random.Random(3)
    for k in range(8):
        participating = k % 2 == 0
        room = make_classroom(
            study["program"],
            participation=Classroom.Participation.PARTICIPATING
            if participating
            else Classroom.Participation.SPREAD,
        )
        for wave, gain in ((before, 0), (after, 1 if participating else 0)):
            obs = services.observation_schedule(
                by=None, wave=wave, classroom=room, observer=cast.observer, starts_at=timezone.now()
            )
            raw = {
                f"item-{i.pk}": str(min(3, 1 + gain + rng.choice([0, 1])))
                for i in wave.instrument.items.all()
            }
            services.observation_score(observation=obs, by=None, raw=raw, submit=True)
    result = series.spread(before, after)
    assert (
        result["method"] == "lmer"
        or result["method"] in {"ols", "reml", "mixed"}
        or result["did"] is not None
    )
    assert result["did"] > 0
    assert result["n_classrooms"] >= 8


# --- equity (of the incidents reported in the incidents app) ---


def test_equity_profile_suppresses_small_groups(study, cast):
    for k in range(30):
        Child.objects.create(team=cast.team_a, code=f"C{k}", demographics={"race": "A" if k < 27 else "B"})
    for k in range(8):
        incident_services.incident_report(
            by=cast.teacher,
            team=cast.team_a,
            demographics={"race": "A"},
            child_code=f"C{k}",
            occurred_on=dt.date(2026, 3, 1 + k),
            activity="x",
            behavior="y",
        )
    page = client_for(cast.evaluator).get(reverse("study:equity"))
    html = page.content.decode()
    assert "suppressed (small group)" in html
    assert "2026-03" in html


# --- interviews ---


def test_excerpts_are_coded_and_exported_by_code(study, cast):
    evaluator = client_for(cast.evaluator)
    url = reverse("study:interview-detail", args=[study["interview"].pk])
    bad = evaluator.post(url, {"text": "Not in the text", "codes": [study["code"].pk]})
    assert bad.status_code == 400
    assert "Not in the text" in bad.content.decode()
    assert evaluator.post(url, {"text": "felt safe", "codes": [study["code"].pk]}).status_code == 302
    assert Excerpt.objects.get().codes.get() == study["code"]
    export = evaluator.get(reverse("study:excerpts-export")).content.decode()
    assert "Safety" in export
    assert "felt safe" in export


def test_the_transcript_marks_coded_passages_with_their_codes(study, cast):
    from breakthrough.study.models import Code
    from breakthrough.study.views.interviews import transcript_segments

    evaluator = client_for(cast.evaluator)
    url = reverse("study:interview-detail", args=[study["interview"].pk])
    trust = Code.objects.create(collaborative=cast.collaborative, name="Trust", mechanism="safety")
    # "We felt safe to try.": "felt safe" (3–12) coded Safety, "safe to try" (8–19) coded Trust by selection.
    assert evaluator.post(url, {"text": "felt safe", "codes": [study["code"].pk]}).status_code == 302
    assert evaluator.post(url, {"text": "safe to try", "start": "8", "codes": [trust.pk]}).status_code == 302
    pieces = transcript_segments(study["interview"].text, list(Excerpt.objects.all()))
    assert [(p["text"], p["codes"]) for p in pieces] == [
        ("We ", []),
        ("felt ", ["Safety"]),
        ("safe", ["Safety", "Trust"]),
        (" to try", ["Trust"]),
        (".", []),
    ]
    page = evaluator.get(url).content.decode()
    assert '<mark title="Safety, Trust">safe</mark>' in page
    bad = evaluator.post(url, {"text": "safe to try", "start": "0", "codes": [trust.pk]})
    assert bad.status_code == 400
    assert "select it again" in bad.content.decode()
    assert Excerpt.objects.count() == 2


def test_a_viewer_sees_only_suppressed_aggregates(study, cast):
    _fill_two_waves(study, cast, n=3)
    html = client_for(cast.viewer).get(reverse("study:home")).content.decode()
    assert "Survey results in aggregate" in html
    assert "suppressed" in html
    assert "Set up a wave" not in html
    assert "FAM-001" not in html
    # No classroom code in the page text (a random CSRF token in an attribute may hold "K1").
    assert not re.search(
        r"\bK1\b", re.sub(r"<[^>]*>", " ", html)
    )  # no classroom code in the text (a CSRF token may hold "K1")


def test_evaluator_schedules_a_double_coded_observation(study, cast):
    second = make_user("observer2")
    make_member(second, "observer", cast.collaborative)
    url = reverse("study:observation-schedule", args=[study["obs_wave"].pk])
    evaluator = client_for(cast.evaluator)
    page = evaluator.post(
        url,
        {
            "classroom": study["classroom"].pk,
            "observer": cast.observer.pk,
            "second_observer": second.pk,
            "starts_at": "2026-12-01T09:30",
        },
    )
    assert page.status_code == 302
    assert Observation.objects.filter(classroom=study["classroom"]).count() == 3
    outside = make_classroom(make_program())  # a program of no team of this collaborative
    refused = evaluator.post(
        url, {"classroom": outside.pk, "observer": cast.observer.pk, "starts_at": "2026-12-01T09:30"}
    )
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.content.decode()


def test_evaluator_sends_links_by_email_and_reminds(study, cast, settings):
    from django.core import mail

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    client = client_for(cast.evaluator)
    page = client.post(
        reverse("study:wave-links", args=[study["wave"].pk]),
        {
            "group": "families",
            "program": study["program"].pk,
            "role": "family",
            "language": "en",
            "respondent_keys": "FAM-301 ana@example.org\nFAM-302",
        },
    ).content.decode()
    assert page.count("/study/s/") == 2  # both shown once, to copy or print
    assert "sent by email" in page
    assert "ana@example.org" in page  # the evaluator sees the address
    (sent,) = mail.outbox
    assert sent.to == ["ana@example.org"]
    assert "/study/s/" in sent.body
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        response = client.post(reverse("study:wave-remind", args=[study["wave"].pk]), follow=True)
    text = response.content.decode()  # without a worker, in the request
    assert "1 reminder sent by email" in text
    assert "2 people without an email address are marked as reminded" in text
    assert len(mail.outbox) == 2
    bad = client.post(
        reverse("study:wave-links", args=[study["wave"].pk]),
        {
            "group": "families",
            "program": study["program"].pk,
            "role": "family",
            "language": "en",
            "respondent_keys": "FAM-303 one@example.org two@example.org",
        },
    )
    assert bad.status_code == 400
    assert "Line 1" in bad.content.decode()
    assert "ana@example.org" not in client_for(cast.teacher).get(reverse("study:home")).content.decode()


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens connections, as in production
@pytest.mark.xdist_group("worker")
def test_the_bulk_reminder_runs_on_the_worker_and_the_wave_page_follows_it(cast):
    study = make_study(cast)
    services.links_create(
        by=cast.evaluator,
        wave=study["wave"],
        group=services.group_for(cast.collaborative, "families"),
        program=study["program"],
        role="family",
        language="es",
        respondent_keys=["FAM-401", "FAM-402"],
        emails={"FAM-401": "luz@example.org"},
        link_url=lambda token: f"http://testserver/study/s/{token}/",
    )
    mail.outbox = []
    client = client_for(cast.evaluator)
    page = client.post(reverse("study:wave-remind", args=[study["wave"].pk]), follow=True)
    assert page.headers["Refresh"] == "3"
    assert "being sent in the background" in page.content.decode()
    assert mail.outbox == []  # nothing is sent by the request
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    (sent,) = mail.outbox
    assert sent.to == ["luz@example.org"]
    assert "/study/s/" in sent.body
    assert sent.subject.startswith("Recordatorio")  # in the link's language
    done = client.get(reverse("study:wave-detail", args=[study["wave"].pk]))
    text = done.content.decode()
    assert "Refresh" not in done.headers
    assert "1 reminder sent by email" in text
    assert "people without an email address are marked as reminded" in text
    again = client.get(reverse("study:wave-detail", args=[study["wave"].pk])).content.decode()
    assert "reminder sent by email" not in again  # said once
