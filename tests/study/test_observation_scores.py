"""Observation scores are changed in place, every change audited with its value before and after."""

from __future__ import annotations

import pytest

from breakthrough.core.models import AuditRecord
from breakthrough.study import services
from breakthrough.study.models import ObservationScore
from tests.study.helpers import make_study

pytestmark = pytest.mark.django_db


def _raw(obs, values):
    items = list(obs.wave.instrument.items.active().order_by("number"))
    return {f"item-{item.pk}": str(v) for item, v in zip(items, values, strict=False) if v is not None}


def _score_audits(obs):
    return AuditRecord.objects.filter(app_label="study", model_name="observationscore").order_by("pk")


def test_a_changed_score_keeps_its_row_and_its_earlier_value_in_the_audit_trail(cast):
    obs = make_study(cast)["observation"]
    services.observation_score(observation=obs, by=cast.observer, raw=_raw(obs, [1, 2, 3, 1]), submit=False)
    first = {s.item_id: (s.pk, s.value) for s in ObservationScore.objects.filter(observation=obs)}
    assert len(first) == 4
    assert _score_audits(obs).filter(action=AuditRecord.Action.CREATE).count() == 4

    services.observation_score(observation=obs, by=cast.observer, raw=_raw(obs, [1, 3, 3, 1]), submit=True)
    after = {s.item_id: (s.pk, s.value) for s in ObservationScore.objects.filter(observation=obs)}
    assert {k: pk for k, (pk, _v) in after.items()} == {k: pk for k, (pk, _v) in first.items()}  # same rows
    assert sorted(v for _pk, v in after.values()) == [1, 1, 3, 3]
    (change,) = _score_audits(obs).filter(action=AuditRecord.Action.UPDATE)
    assert change.before["value"] == 2
    assert change.after["value"] == 3
    assert change.by == cast.observer
    assert change.collaborative_id == cast.collaborative.pk


def test_an_unchanged_save_writes_no_score_audit(cast):
    obs = make_study(cast)["observation"]
    raw = _raw(obs, [1, 2, 3, 1])
    services.observation_score(observation=obs, by=cast.observer, raw=raw, submit=False)
    services.observation_score(observation=obs, by=cast.observer, raw=raw, submit=False)
    assert _score_audits(obs).count() == 4


def test_a_score_cleared_in_a_draft_leaves_its_last_value_in_the_audit_trail(cast):
    obs = make_study(cast)["observation"]
    services.observation_score(observation=obs, by=cast.observer, raw=_raw(obs, [1, 2, 3, 1]), submit=False)
    services.observation_score(
        observation=obs, by=cast.observer, raw=_raw(obs, [1, 2, None, 1]), submit=False
    )
    assert ObservationScore.objects.filter(observation=obs).count() == 3
    (cleared,) = _score_audits(obs).filter(action=AuditRecord.Action.UPDATE)
    assert cleared.before["value"] == 3
    assert cleared.after["value"] is None
