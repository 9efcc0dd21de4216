from __future__ import annotations

from breakthrough.core.audit import history
from breakthrough.core.models import AuditRecord
from breakthrough.core.services import archive, restore
from breakthrough.pdsa.services import cycle_update
from tests.factories import make_cycle


def test_a_change_records_who_when_and_what_before(cast):
    cycle = make_cycle(cast.team_a, cast.teacher, prediction="Most children join in")
    cycle_update(cycle=cycle, by=cast.director, prediction="All children join in")
    record = history(cycle).first()
    assert record.by == cast.director
    assert record.action == AuditRecord.Action.UPDATE
    assert record.before["prediction"] == "Most children join in"
    assert record.after["prediction"] == "All children join in"
    assert record.changed_fields == ["prediction"]


def test_archiving_keeps_the_row_and_can_be_undone(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    archive(obj=cycle.ramp, by=cast.staff)
    assert type(cycle.ramp).objects.active().count() == 0
    assert type(cycle.ramp).objects.count() == 1
    restore(obj=cycle.ramp, by=cast.staff)
    assert type(cycle.ramp).objects.active().count() == 1
    assert [r.action for r in history(cycle.ramp)][:2] == ["restore", "archive"]
