"""Project staff rate an application against the rubric and accept it: the program and its team are made
through the collaboratives services, in one transaction, audited, and linked to the application."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import Program, Role, Team
from breakthrough.core.models import AuditRecord
from breakthrough.intake import services
from breakthrough.intake.models import Application, ReadinessRating
from breakthrough.intake.selectors import readiness_by_program
from tests.factories import make_member, make_program, make_user
from tests.intake.helpers import level, make_application, make_rubric


@pytest.fixture
def review(cast):
    criteria = make_rubric(cast.collaborative, tops=(4, 4, 3))
    second = make_user("second_staff")
    make_member(second, Role.PROJECT_STAFF, cast.collaborative)
    return {"criteria": criteria, "application": make_application(cast.collaborative), "second": second}


def rate_on_page(client, application, criteria, scores, note=""):
    data = {}
    for criterion, score in zip(criteria, scores, strict=True):
        data[f"rate-level_{criterion.pk}"] = str(level(criterion, score).pk)
        data[f"rate-note_{criterion.pk}"] = note
    return client.post(reverse("intake:detail", args=[application.pk]), data)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_staff_rate_and_one_accepts(cast, review):
    application, criteria = review["application"], review["criteria"]
    staff, second = signed_in(cast.staff), signed_in(review["second"])
    assert rate_on_page(staff, application, criteria, [3, 2, 3], note="Strong director").status_code == 302
    assert rate_on_page(second, application, criteria, [4, 3, 2]).status_code == 302
    assert ReadinessRating.objects.filter(application=application).count() == 6
    response = staff.post(
        reverse("intake:decide", args=[application.pk]),
        {"decide-decision": "accept", "decide-note": "Welcome", "decide-team_name": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert (application.decided_by, application.decision_note) == (cast.staff, "Welcome")
    program = Program.objects.get(name="Little Oaks Learning Center")
    assert (program.registered_in, program.kind, program.city) == (
        cast.collaborative,
        "child_care_center",
        "Boston",
    )
    team = Team.objects.get(program=program)
    assert (team.collaborative, team.name) == (cast.collaborative, "Little Oaks Learning Center team")
    assert (application.program, application.team) == (program, team)
    audited = set(AuditRecord.objects.filter(by=cast.staff).values_list("model_name", "object_id"))
    assert {
        ("program", str(program.pk)),
        ("team", str(team.pk)),
        ("application", str(application.pk)),
    } <= audited
    # By hand: criterion means (3+4)/2 = 3.5, (2+3)/2 = 2.5, (3+2)/2 = 2.5; sum 8.5 over maxima 4+4+3 = 11;
    # 8.5 / 11 × 100 = 77.2727…
    assert readiness_by_program(cast.collaborative) == {program.pk: pytest.approx(850 / 11, abs=1e-9)}
    page = staff.get(reverse("intake:detail", args=[application.pk])).content.decode()
    assert "readiness 77 %" in page
    assert "Strong director" in page


def test_a_second_rating_by_the_same_person_replaces_theirs_and_is_audited(cast, review):
    application, criteria = review["application"], review["criteria"]
    staff = signed_in(cast.staff)
    rate_on_page(staff, application, criteria, [1, 1, 1])
    rate_on_page(staff, application, criteria, [4, 1, 1])
    assert ReadinessRating.objects.filter(application=application).count() == 3
    changed = AuditRecord.objects.filter(model_name="readinessrating", action=AuditRecord.Action.UPDATE).get()
    assert changed.before["level_id"] == level(criteria[0], 1).pk
    assert changed.after["level_id"] == level(criteria[0], 4).pk


def test_a_level_of_another_criterion_names_the_field_and_saves_nothing(cast, review):
    application, (first, second, _third) = review["application"], review["criteria"]
    with pytest.raises(ValidationError) as caught:
        services.ratings_save(
            application=application,
            ratings={first.pk: (level(first, 2).pk, ""), second.pk: (level(first, 3).pk, "")},
            by=cast.staff,
        )
    assert f"level_{second.pk}" in caught.value.message_dict
    assert not ReadinessRating.objects.exists()


def test_accepting_is_all_or_nothing(cast, review):
    application = review["application"]
    make_program(name="Little Oaks Learning Center", registered_in=cast.collaborative)  # the name is taken
    with pytest.raises(ValidationError) as caught:
        services.application_accept(application=application, by=cast.staff)
    assert "program_name" in caught.value.message_dict
    assert Program.objects.filter(name="Little Oaks Learning Center").count() == 1
    assert not Team.objects.filter(program__name="Little Oaks Learning Center").exists()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.program is None


def test_declining_needs_a_note_and_a_decision_is_final(cast, review):
    application = review["application"]
    staff = signed_in(cast.staff)
    url = reverse("intake:decide", args=[application.pk])
    response = staff.post(url, {"decide-decision": "decline", "decide-note": ""})
    assert response.status_code == 400
    assert "Say why the application is declined" in response.content.decode()
    assert staff.post(url, {"decide-decision": "decline", "decide-note": "Not this year"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    with pytest.raises(ValidationError):
        services.application_accept(application=application, by=cast.staff)
    assert not Program.objects.filter(name=application.program_name).exists()


@pytest.mark.parametrize("person", ["faculty", "teacher", "director", "evaluator", "observer", "viewer"])
def test_applications_stay_with_project_staff(cast, review, person):
    client = signed_in(getattr(cast, person))
    application = review["application"]
    assert client.get(reverse("intake:detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("intake:list")).status_code == 403
    response = client.post(reverse("intake:decide", args=[application.pk]), {"decide-decision": "accept"})
    assert response.status_code == 404
    assert Application.objects.get().status == Application.Status.SUBMITTED


def test_staff_of_another_collaborative_do_not_see_these_applications(cast, review):
    client = signed_in(cast.staff_other)
    assert client.get(reverse("intake:detail", args=[review["application"].pk])).status_code == 404
    assert "Little Oaks" not in client.get(reverse("intake:list")).content.decode()


def test_evaluators_read_readiness_without_contact_details(cast, review):
    application, criteria = review["application"], review["criteria"]
    for criterion, score in zip(criteria, [4, 2, 3], strict=True):
        ReadinessRating.objects.create(
            application=application, criterion=criterion, level=level(criterion, score), rater=cast.staff
        )
    services.application_accept(application=application, by=cast.staff)
    page = signed_in(cast.evaluator).get(reverse("intake:readiness")).content.decode()
    # By hand: (4 + 2 + 3) / (4 + 4 + 3) × 100 = 81.818… → "81.8 %".
    assert "Little Oaks Learning Center" in page
    assert "81.8 %" in page
    for private in ("rosa@example.org", "617-555-0100", "Rosa Delgado", "12 Elm Street"):
        assert private not in page
