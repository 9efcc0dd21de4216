"""`breakthrough retention apply`: a closed collaborative's names, emails and free text are pseudonymised
after RETENTION_DAYS; study data stays by code; --dry-run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.test import override_settings
from django.utils import timezone

from breakthrough.cli import main
from breakthrough.collaboratives.models import Collaborative
from breakthrough.commands.retention import REMOVED
from breakthrough.core.models import User
from breakthrough.study import services
from breakthrough.study.models import Interview, Response
from tests.study.helpers import make_study

pytestmark = pytest.mark.django_db


def _close_long_ago(collab):
    Collaborative.objects.filter(pk=collab.pk).update(
        end_date=timezone.localdate() - dt.timedelta(days=400), sustainment_open=False
    )


def _answer(wave, user):
    raw = {f"item-{i.pk}": "4" for i in wave.instrument.items.all()}
    return services.response_submit_signed_in(wave=wave, user=user, raw=raw, language="en")


@override_settings(RETENTION_DAYS=365)
def test_a_closed_collaborative_is_pseudonymised_and_its_study_data_kept(cast):
    study = make_study(cast)
    response = _answer(study["wave"], cast.teacher)
    _close_long_ago(cast.collaborative)
    dry = CliRunner().invoke(main, ["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would pseudonymise" in dry.output
    assert User.objects.get(pk=cast.teacher.pk).email == cast.teacher.email  # nothing changed yet

    run = CliRunner().invoke(main, ["retention", "apply"])
    assert run.exit_code == 0, run.output
    teacher = User.objects.get(pk=cast.teacher.pk)
    assert (teacher.username, teacher.first_name, teacher.email) == (f"former-{teacher.pk}", "", "")
    assert not teacher.has_usable_password()
    assert Interview.objects.get().text == "[removed after the retention period]"
    kept = Response.objects.get(pk=response.pk)
    assert kept.respondent_key == response.respondent_key  # the study code stays
    assert kept.answers.count() == study["wave"].instrument.items.count()
    # Project staff of the other, open collaborative keep their name.
    assert User.objects.get(pk=cast.staff_other.pk).username == "staff_other"


@override_settings(RETENTION_DAYS=365)
def test_an_open_or_recent_collaborative_is_left_alone(cast):
    make_study(cast)
    run = CliRunner().invoke(main, ["retention", "apply"])
    assert run.exit_code == 0, run.output
    assert "No collaborative is past its retention period." in run.output
    assert User.objects.get(pk=cast.teacher.pk).username == "teacher"


def test_zero_days_keeps_everything(cast):
    _close_long_ago(cast.collaborative)
    run = CliRunner().invoke(main, ["retention", "apply"])
    assert "RETENTION_DAYS is 0" in run.output
    assert User.objects.get(pk=cast.teacher.pk).username == "teacher"


SECRET = "Mateo-Quintana-at-12-Elm"  # a child's name and address typed where it should not have been


def _text_everywhere(cast):
    """The secret typed into every free-text field a team, a coach or staff can write, through the services
    (so it is in the audit records' copies too), and signed in once (the sign-in history)."""
    from axes.models import AccessLog

    from breakthrough.assessments.models import Assessment
    from breakthrough.community.services import post_reply, thread_start
    from breakthrough.dashboards.models import ChartPhase
    from breakthrough.measures.services import report_open, report_save
    from breakthrough.pdsa.models import Storyboard
    from breakthrough.pdsa.services import cycle_update
    from tests.factories import make_cycle, make_incident, make_measure

    make_measure(cast.collaborative)
    period = cast.collaborative.periods.order_by("month").first()
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    report_save(report=report, by=cast.teacher, entries={}, narrative=f"{SECRET} had a hard week.")
    cycle = make_cycle(cast.team_a, cast.teacher, objective=f"Help {SECRET}")
    cycle_update(cycle=cycle, by=cast.teacher, do_observations=f"{SECRET} joined circle time.")
    Storyboard.objects.create(team=cast.team_a, aim="Calmer transitions", summary=SECRET)
    incident = make_incident(cast.team_a, cast.teacher, period.month)
    incident.follow_up = f"Called {SECRET}'s mother"
    incident.save()
    Assessment.objects.create(
        team=cast.team_a, period=period, source="faculty", score=2, reason=SECRET, rated_by=cast.faculty
    )
    thread = thread_start(
        collaborative=cast.collaborative, space="all", title=f"About {SECRET}", body=SECRET, by=cast.teacher
    )
    post_reply(thread=thread, body=f"Re {SECRET}", by=cast.director)
    ChartPhase.objects.create(
        team=cast.team_a,
        measure=cast.collaborative.measures.first(),
        starts=period.month,
        reason=SECRET,
        accepted_by=cast.faculty,
    )
    AccessLog.objects.create(
        username="teacher", ip_address="203.0.113.9", user_agent="Firefox", attempt_time=timezone.now()
    )


def _where(secret: str) -> list[str]:
    """Every table and column of the whole database that still holds ``secret`` (text and JSON columns)."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        columns = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(
                f, (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)
            )
        ]
        for row in model._base_manager.values(*columns) if columns else []:
            found += [f"{model._meta.label}.{k}" for k, v in row.items() if secret in str(v)]
    return sorted(set(found))


@override_settings(RETENTION_DAYS=365)
def test_free_text_is_gone_from_every_table_and_every_audit_copy(cast):
    _text_everywhere(cast)
    assert "measures.MonthlyReport.narrative" in _where(SECRET)  # the scan sees what it looks for
    assert "core.AuditRecord.after" in _where(SECRET)
    assert _where("203.0.113.9") == ["axes.AccessLog.ip_address"]
    _close_long_ago(cast.collaborative)
    run = CliRunner().invoke(main, ["retention", "apply"])
    assert run.exit_code == 0, run.output
    assert _where(SECRET) == []
    assert _where("203.0.113.9") == []
    assert _where(cast.teacher.email) == []
    # What was blank stays blank, and the structure of the work stays.
    from breakthrough.pdsa.models import PDSACycle

    cycle = PDSACycle.objects.get()
    assert (cycle.objective, cycle.do_observations, cycle.do_surprises) == (REMOVED, REMOVED, "")
    assert cycle.ramp.change_idea is not None
