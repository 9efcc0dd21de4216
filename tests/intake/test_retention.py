"""After the retention period, an application keeps its program and numbers but no contact details or text;
readiness stays computable."""

from __future__ import annotations

from click.testing import CliRunner
from django.test import override_settings

from breakthrough.cli import main
from breakthrough.commands.retention import REMOVED
from breakthrough.core.models import AuditRecord
from breakthrough.intake import services
from breakthrough.intake.models import ReadinessRating
from breakthrough.intake.selectors import readiness_by_application
from tests.intake.helpers import level, make_application, make_rubric
from tests.test_retention import _close_long_ago


@override_settings(RETENTION_DAYS=365)
def test_contact_details_and_notes_are_removed_and_readiness_stays(cast):
    (criterion,) = make_rubric(cast.collaborative, tops=(4,))
    application = make_application(cast.collaborative)
    services.ratings_save(
        application=application,
        ratings={criterion.pk: (level(criterion, 3).pk, "Called Rosa")},
        by=cast.staff,
    )
    services.application_decline(application=application, by=cast.staff, note="Rosa will apply next year")
    _close_long_ago(cast.collaborative)
    run = CliRunner().invoke(main, ["retention", "apply"])
    assert run.exit_code == 0, run.output
    application.refresh_from_db()
    for field in ("director_name", "email", "phone", "motivation", "team_members", "decision_note"):
        assert getattr(application, field) == REMOVED, field
    assert (application.program_name, application.classrooms, application.children_enrolled) == (
        "Little Oaks Learning Center",
        4,
        52,
    )
    assert ReadinessRating.objects.get().note == REMOVED
    assert readiness_by_application(cast.collaborative) == {application.pk: 75.0}  # 3 of 4
    copies = AuditRecord.objects.filter(app_label="intake").values_list("before", "after")
    assert "rosa@example.org" not in str(list(copies))
    assert "Rosa" not in str(list(copies))
