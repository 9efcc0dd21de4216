"""Study codes have their own stored key (SECRET_KEY may rotate), and a survey answered twice at once
gives the loser a clear "already answered", never an IntegrityError."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import threading

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from breakthrough.study import services
from breakthrough.study.models import Response, StudyCodeSecret
from tests.study.helpers import make_study


def _answers(wave, value="4"):
    return {f"item-{i.pk}": value for i in wave.instrument.items.all()}


def _submit(wave, user):
    return services.response_submit_signed_in(wave=wave, user=user, raw=_answers(wave), language="en")


@pytest.mark.django_db
def test_rotating_secret_key_changes_no_code_and_allows_no_second_answer(cast):
    cache.delete(services.STUDY_CODE_KEY_CACHE)
    wave = make_study(cast)["wave"]
    _submit(wave, cast.teacher)
    code = Response.objects.get().respondent_key
    with override_settings(SECRET_KEY="a-rotated-secret-key-" + "x" * 40):
        cache.delete(services.STUDY_CODE_KEY_CACHE)
        assert services.study_code_of(cast.teacher) == code
        with pytest.raises(ValidationError) as err:
            services.response_submit_signed_in(
                wave=wave, user=cast.teacher, raw=_answers(wave), language="en"
            )
    assert "already answered" in str(err.value)
    assert Response.objects.count() == 1
    assert StudyCodeSecret.objects.count() == 1


@pytest.mark.django_db
def test_the_key_is_made_once_and_is_not_secret_key(cast):
    cache.delete(services.STUDY_CODE_KEY_CACHE)
    assert not StudyCodeSecret.objects.exists()
    key = services.study_code_key(fresh=True)
    assert StudyCodeSecret.objects.get().key == key
    assert len(key) >= 48
    assert key != settings.SECRET_KEY
    assert services.study_code_key() == key


@pytest.mark.django_db
def test_migrating_a_database_with_codes_keeps_them(cast):
    wave = make_study(cast)["wave"]
    old_code = (
        "M-"
        + hmac.new(
            settings.SECRET_KEY.encode(), f"study-{cast.teacher.pk}".encode(), hashlib.sha256
        ).hexdigest()[:10]
    )
    Response.objects.create(
        wave=wave,
        user=cast.teacher,
        program=cast.team_a.program,
        role="teacher",
        on_team=True,
        respondent_key=old_code,
        language="en",
    )
    StudyCodeSecret.objects.all().delete()
    cache.delete(services.STUDY_CODE_KEY_CACHE)
    migration = importlib.import_module("breakthrough.study.migrations.0006_study_code_secret")
    migration.seed_from_the_key_existing_codes_used(apps, None)
    assert services.study_code_of(cast.teacher) == old_code


@pytest.mark.django_db
def test_the_loser_of_a_race_gets_already_answered(cast, monkeypatch):
    """The race made deterministic: the first check sees no response, the insert then meets the winner's."""
    wave = make_study(cast)["wave"]
    _submit(wave, cast.teacher)
    real = Response.objects.filter

    class Blind:
        def __init__(self, qs):
            self.qs = qs

        def exists(self):
            return False

    monkeypatch.setattr(Response.objects, "filter", lambda *a, **k: Blind(real(*a, **k)))
    with pytest.raises(ValidationError) as err:
        _submit(wave, cast.teacher)
    assert "already answered" in str(err.value)
    monkeypatch.undo()
    assert Response.objects.filter(wave=wave).count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_submits_give_one_response_and_seven_clear_refusals(cast):
    wave = make_study(cast)["wave"]
    services.study_code_key(fresh=True)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait(timeout=30)
            services.response_submit_signed_in(
                wave=wave, user=cast.teacher, raw=_answers(wave), language="en"
            )
            result = "saved"
        except ValidationError as exc:
            result = "already" if "already answered" in str(exc) else f"other: {exc}"
        except Exception as exc:
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if connection.vendor == "sqlite":  # SQLite serialises writers; a writer may also time out waiting
        assert all(o in {"saved", "already"} or "locked" in o for o in outcomes), outcomes
    else:
        assert sorted(outcomes) == ["already"] * 7 + ["saved"], outcomes
    assert outcomes.count("saved") == 1
    assert Response.objects.filter(wave=wave).count() == 1
