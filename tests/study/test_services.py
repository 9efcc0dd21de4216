"""Study writes: links, answers, observations, excerpts, REDCap parsing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from breakthrough.study import redcap, services
from breakthrough.study.models import Instrument, RespondentGroup, Response, SurveyLink, hash_token
from tests.factories import make_classroom, make_member, make_user
from tests.study.helpers import make_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(cast):
    return make_study(cast)


def test_links_are_for_staff_and_families_only(study, cast):
    with pytest.raises(ValidationError) as err:
        services.links_create(
            by=None,
            wave=study["wave"],
            group=services.group_for(cast.collaborative, RespondentGroup.Kind.TEAM),
            program=study["program"],
            role="teacher",
            language="en",
            respondent_keys=["T-1"],
        )
    assert "group" in err.value.message_dict


def test_a_link_keeps_only_the_hash_of_its_token(study):
    link = SurveyLink.objects.get(pk=study["link"].pk)
    assert link.token_hash == hash_token(study["token"])
    assert services.link_for_token(study["token"]) == link
    assert services.link_for_token(study["token"] + "x") is None


def test_a_link_answers_once(study):
    services.response_submit_by_link(link=study["link"], raw={}, language="es")
    with pytest.raises(ValidationError, match="already"):
        services.response_submit_by_link(link=study["link"], raw={}, language="es")
    assert Response.objects.count() == 1


def test_an_answer_off_the_scale_is_refused(study):
    item = study["wave"].instrument.items.first()
    with pytest.raises(ValidationError) as err:
        services.response_submit_by_link(link=study["link"], raw={f"item-{item.pk}": "9"}, language="en")
    assert f"item-{item.pk}" in err.value.message_dict


def test_only_team_members_answer_signed_in(study, cast):
    with pytest.raises(ValidationError):
        services.response_submit_signed_in(wave=study["wave"], user=cast.evaluator, raw={}, language="en")
    response = services.response_submit_signed_in(
        wave=study["wave"], user=cast.director, raw={}, language="en"
    )
    assert response.role == "director"
    assert response.respondent_key == services.study_code_of(cast.director)
    assert response.respondent_key.startswith("M-")  # a keyed hash of the account, never its id or name
    assert len(response.respondent_key) == 12


def test_a_closed_wave_takes_no_answers(study, cast):
    wave = study["wave"]
    wave.opens_on = timezone.localdate() + dt.timedelta(days=1)
    wave.closes_on = timezone.localdate() + dt.timedelta(days=9)
    wave.save()
    with pytest.raises(ValidationError, match="not open"):
        services.response_submit_signed_in(wave=wave, user=cast.teacher, raw={}, language="en")


def test_observations_need_observers_of_the_collaborative(study, cast):
    room = make_classroom(study["program"])
    kwargs = {"by": None, "wave": study["obs_wave"], "classroom": room, "starts_at": timezone.now()}
    with pytest.raises(ValidationError) as err:
        services.observation_schedule(observer=cast.teacher, **kwargs)
    assert "observer" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.observation_schedule(observer=cast.observer, second_observer=cast.observer, **kwargs)
    assert "second_observer" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.observation_schedule(**(kwargs | {"wave": study["wave"]}), observer=cast.observer)
    assert "wave" in err.value.message_dict
    other = make_user("observer3")
    make_member(other, "observer", cast.collaborative)
    first = services.observation_schedule(observer=cast.observer, second_observer=other, **kwargs)
    assert first.second_codings.get().observer == other


def test_an_excerpt_is_a_passage_of_its_interview(study, cast):
    with pytest.raises(ValidationError) as err:
        services.excerpt_add(by=None, interview=study["interview"], text="made up", codes=[])
    assert set(err.value.message_dict) == {"text", "codes"}
    excerpt = services.excerpt_add(
        by=None, interview=study["interview"], text="safe to try", codes=[study["code"]]
    )
    assert list(excerpt.codes.all()) == [study["code"]]


def test_a_selected_excerpt_is_the_interview_s_characters_where_it_was_selected(study, cast):
    interview = study["interview"]
    interview.text = "Safe to try. We felt safe to try again."
    interview.save()
    # "safe to try" occurs twice (at 0 with a capital, and at 21): the selection says which one.
    selected = services.excerpt_add(
        by=None, interview=interview, text=" safe to try", codes=[study["code"]], start=20
    )
    assert (selected.text, selected.start, selected.span()) == ("safe to try", 21, (21, 32))
    with pytest.raises(ValidationError) as err:
        services.excerpt_add(by=None, interview=interview, text="safe to try", codes=[study["code"]], start=3)
    assert "select it again" in err.value.message_dict["text"][0]
    pasted = services.excerpt_add(by=None, interview=interview, text="to try", codes=[study["code"]])
    assert pasted.start == 5  # its first occurrence
    # The interview's text edited later: the excerpt is found again, or reported as no longer in it.
    interview.text = "Now: We felt safe to try again."
    interview.save()
    selected.refresh_from_db()
    assert selected.span() == (13, 24)
    interview.text = "Rewritten."
    interview.save()
    selected.refresh_from_db()
    assert selected.span() is None


def test_a_code_is_unique_in_its_code_book(study, cast):
    with pytest.raises(ValidationError):
        services.code_create(by=None, collaborative=cast.collaborative, name="Safety")


@pytest.mark.parametrize(
    ("text", "message"),
    [("1, A", "at least two"), ("1 A | 2 B", "code, label"), ("x, A | 2, B", "whole numbers")],
)
def test_redcap_choices_are_checked(text, message):
    with pytest.raises(ValueError, match=message):
        redcap.parse_choices(text)


def test_redcap_header_must_be_the_18_columns():
    with pytest.raises(ValidationError, match="Row 1"):
        redcap.read_dictionary("Variable / Field Name,Form Name\nq1,f\n")


def test_a_proprietary_import_keeps_no_text(cast):
    header = ",".join(f'"{c}"' for c in redcap.COLUMNS)
    row = ",".join(f'"{c}"' for c in ["q1", "f", "", "radio", "Secret text", "1, Low | 2, High"] + [""] * 12)
    tool = redcap.instrument_import(
        by=None, data=f"{header}\n{row}\n", name="Tool", kind="observation", proprietary=True
    )
    item = tool.items.get()
    assert item.text_en == ""
    assert all(not c["en"] for c in item.labels)
    assert "Secret text" not in redcap.instrument_export(tool)
    assert Instrument.objects.get(pk=tool.pk).proprietary


def test_faculty_coaching_a_team_are_not_team_respondents(study, cast):
    make_member(cast.faculty, "faculty", cast.collaborative, cast.team_a)
    with pytest.raises(ValidationError):
        services.response_submit_signed_in(wave=study["wave"], user=cast.faculty, raw={}, language="en")


# --- links sent by email, and reminders ----------------------------------------------------------


@pytest.fixture
def outbox(settings):
    from django.core import mail

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    return mail.outbox


def url_of(token):
    return f"https://study.example.org/study/s/{token}/"


def token_in(message):
    return message.body.split("/study/s/")[1].split("/")[0]


def make_links(study, cast, language="es"):
    return services.links_create(
        by=cast.evaluator,
        wave=study["wave"],
        group=services.group_for(cast.collaborative, RespondentGroup.Kind.FAMILIES),
        program=study["program"],
        role="family",
        language=language,
        respondent_keys=["FAM-101", "FAM-102", "FAM-103"],
        emails={"FAM-101": "ana@example.org", "FAM-103": "li@example.org"},
        link_url=url_of,
    )


def test_a_link_made_with_an_email_is_sent_in_its_language(study, cast, outbox):
    from breakthrough.core.models import AuditRecord

    made = make_links(study, cast, language="es")
    assert [link.sent for link, _token in made] == [True, False, True]
    assert sorted(m.to[0] for m in outbox) == ["ana@example.org", "li@example.org"]
    message = next(m for m in outbox if m.to == ["ana@example.org"])
    assert message.subject.startswith("Tu encuesta")
    assert "Hola" in message.body
    assert services.link_for_token(token_in(message)) == made[0][0]
    assert made[0][0].contact.email == "ana@example.org"
    assert not SurveyLink.objects.filter(respondent_key="FAM-102", contact__isnull=False).exists()
    trail = [str(r.before) + str(r.after) for r in AuditRecord.objects.all()]
    assert not any("@example.org" in t for t in trail)  # the address is never in the audit trail


def test_a_wrong_email_address_is_refused(study, cast, outbox):
    with pytest.raises(ValidationError) as err:
        services.links_create(
            by=cast.evaluator,
            wave=study["wave"],
            group=services.group_for(cast.collaborative, RespondentGroup.Kind.FAMILIES),
            program=study["program"],
            role="family",
            language="en",
            respondent_keys=["FAM-201"],
            emails={"FAM-201": "not-an-address@"},
            link_url=url_of,
        )
    assert "FAM-201" in str(err.value.message_dict["respondent_keys"])
    assert outbox == []
    assert not SurveyLink.objects.filter(respondent_key="FAM-201").exists()


def test_remind_emails_a_fresh_link_to_unanswered_links_with_an_address(study, cast, outbox):
    made = {link.respondent_key: (link, token) for link, token in make_links(study, cast, language="en")}
    answered, _token = made["FAM-103"]
    services.response_submit_by_link(link=answered, raw={}, language="en")
    outbox.clear()
    done = services.links_remind(by=cast.evaluator, wave=study["wave"], link_url=url_of)
    # FAM-101 by email; FAM-102 and the helper's FAM-001 have no address; FAM-103 has answered
    assert done == services.Reminded(emailed=1, by_hand=2, failed=0)
    (message,) = outbox
    assert message.to == ["ana@example.org"]
    assert message.subject.startswith("Reminder")
    assert "replaces" in message.body
    first, old_token = made["FAM-101"]
    assert services.link_for_token(old_token) is None  # only the newest link works
    assert services.link_for_token(token_in(message)) == first
    for key in ("FAM-101", "FAM-102"):
        assert SurveyLink.objects.get(wave=study["wave"], respondent_key=key).reminded_at is not None
    assert SurveyLink.objects.get(pk=answered.pk).reminded_at is None


def test_a_reminder_that_cannot_be_sent_changes_nothing(study, cast, outbox, monkeypatch):
    made = {link.respondent_key: (link, token) for link, token in make_links(study, cast, language="en")}

    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", down)
    done = services.links_remind(by=cast.evaluator, wave=study["wave"], link_url=url_of)
    assert done.failed == 2
    link, token = made["FAM-101"]
    assert services.link_for_token(token) == link  # the earlier link still works
    assert SurveyLink.objects.get(pk=link.pk).reminded_at is None
