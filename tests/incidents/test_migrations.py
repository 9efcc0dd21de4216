"""Moving the models from the study app keeps a database's rows (study 0005 and incidents 0001)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from breakthrough.core.models import AuditRecord
from breakthrough.incidents.models import Child, DemographicCategory, Incident

BEFORE = [("study", "0004_survey_link_contact")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_its_incidents_children_and_categories(cast):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)  # the database as it was while incidents were the study's
    assert "study_incident" in connection.introspection.table_names()
    content_type = old.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="incidents").delete()
    old_type, _new = content_type.objects.get_or_create(app_label="study", model="incident")
    category = old.get_model("study", "DemographicCategory").objects.create(
        collaborative_id=cast.collaborative.pk, code="race", name="Race", options=["A", "B"]
    )
    child = old.get_model("study", "Child").objects.create(
        team_id=cast.team_a.pk, code="K1", demographics={"race": "A"}
    )
    incident = old.get_model("study", "Incident").objects.create(
        team_id=cast.team_a.pk,
        reported_by_id=cast.teacher.pk,
        child_code="K1",
        occurred_on=dt.date(2026, 3, 2),
        activity="Circle",
        behavior="Hitting",
        demographics={"race": "A"},
    )
    AuditRecord.objects.create(
        action="create",
        app_label="study",
        model_name="incident",
        object_id=str(incident.pk),
        object_repr="K1",
    )

    _migrate(leaves)

    tables = connection.introspection.table_names()
    assert "incidents_incident" in tables
    assert "study_incident" not in tables
    assert DemographicCategory.objects.get(pk=category.pk).options == ["A", "B"]
    assert Child.objects.get(pk=child.pk).demographics == {"race": "A"}
    moved = Incident.objects.get(pk=incident.pk)
    assert (moved.team, moved.reported_by, moved.behavior) == (cast.team_a, cast.teacher, "Hitting")
    assert content_type.objects.get(pk=old_type.pk).app_label == "incidents"  # permissions and history follow
    assert AuditRecord.objects.get(model_name="incident", object_id=incident.pk).app_label == "incidents"
