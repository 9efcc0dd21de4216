"""Accepting and removing a chart phase: validated, audited, archived (never deleted)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from breakthrough.core.audit import history
from breakthrough.dashboards.services import chart_phase_accept, chart_phase_remove


def test_accept_needs_a_reason_and_a_first_of_month(cast, dash):
    with pytest.raises(ValidationError) as err:
        chart_phase_accept(team=cast.team_a, measure=dash["measure"], starts=dt.date(2026, 5, 1), reason=" ",
                           by=cast.staff)  # fmt: skip
    assert "reason" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        chart_phase_accept(team=cast.team_a, measure=dash["measure"], starts=dt.date(2026, 5, 2), reason="x",
                           by=cast.staff)  # fmt: skip
    assert "starts" in err.value.message_dict


def test_accept_and_remove_are_audited(cast, dash):
    phase = chart_phase_accept(
        team=cast.team_a,
        measure=dash["measure"],
        starts=dt.date(2026, 5, 1),
        reason="New routine",
        by=cast.staff,
    )
    chart_phase_remove(phase=phase, by=cast.faculty)
    assert phase.is_archived
    assert [r.action for r in history(phase)][-2:] in (["create", "archive"], ["archive", "create"])
