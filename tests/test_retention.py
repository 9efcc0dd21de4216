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
