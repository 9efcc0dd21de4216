from __future__ import annotations

import importlib
from decimal import Decimal

import pytest

from breakthrough.assessments.models import AssessmentLevel

LEVELS = importlib.import_module("breakthrough.assessments.migrations.0004_default_scale").LEVELS


@pytest.fixture
def levels(db):
    """The scale as the data migration writes it (a transactional test's flush removes it)."""
    for score, label, description in LEVELS:
        AssessmentLevel.objects.update_or_create(
            score=Decimal(score), defaults={"label": label, "description": description}
        )
    return AssessmentLevel.objects.all()
