"""What the API shows of each row. Reads only: writes go through the apps' services (see reports.py)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import Classroom, Collaborative, Period, Program, Team
from breakthrough.events.models import Attendance, Event
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from breakthrough.measures.services import counted_field
from breakthrough.pdsa.models import PDSACycle


class CollaborativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collaborative
        fields = ["id", "name", "slug", "topic", "description", "start_date", "end_date", "report_due_day"]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "collaborative", "month", "due_date"]


class ClassroomSerializer(serializers.ModelSerializer):
    participation = serializers.SerializerMethodField(
        help_text="participating or spread; null for whoever may not learn it (observers)."
    )

    class Meta:
        model = Classroom
        fields = ["id", "code", "name", "age_group", "children_enrolled", "participation"]

    @extend_schema_field(serializers.ChoiceField(choices=Classroom.Participation.choices, allow_null=True))
    def get_participation(self, classroom: Classroom) -> str | None:
        return classroom.participation if self.context.get("sees_participation") else None


class ProgramSerializer(serializers.ModelSerializer):
    classrooms = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["id", "name", "kind", "setting", "city", "state", "licensed_capacity", "classrooms"]

    @extend_schema_field(ClassroomSerializer(many=True))
    def get_classrooms(self, program: Program) -> list[dict[str, Any]]:
        sees = program.pk in self.context.get("participation_programs", set())
        rooms = [c for c in program.classrooms.all() if c.archived_at is None]
        return ClassroomSerializer(rooms, many=True, context={"sees_participation": sees}).data  # type: ignore[return-value]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "collaborative", "program", "name", "aim_statement"]


class MeasureVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureVersion
        fields = [
            "id",
            "number",
            "effective_from",
            "definition",
            "numerator_definition",
            "denominator_definition",
            "unit",
            "multiplier",
            "goal",
            "change_reason",
        ]


class MeasureSerializer(serializers.ModelSerializer):
    versions = MeasureVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "collaborative",
            "code",
            "name",
            "kind",
            "better",
            "requirement",
            "team",
            "numerator_source",
            "is_illustrative",
            "versions",
        ]


class ValueSerializer(serializers.ModelSerializer):
    measure_code = serializers.CharField(source="measure.code", read_only=True)
    unit = serializers.CharField(source="measure_version.unit", read_only=True)
    counted = serializers.SerializerMethodField(
        help_text="The entry the platform fills from its own records (never typed), or null."
    )

    class Meta:
        model = MeasureValue
        fields = ["measure", "measure_code", "measure_version", "unit", "numerator", "denominator", "value"]
        fields += ["counted"]

    @extend_schema_field(serializers.ChoiceField(choices=["numerator", "value"], allow_null=True))
    def get_counted(self, value: MeasureValue) -> str | None:
        return counted_field(value)


class ReportSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="period.month", read_only=True)
    values = ValueSerializer(many=True, read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "team",
            "period",
            "month",
            "status",
            "narrative",
            "submitted_at",
            "reviewed_at",
            "revision",
            "values",
        ]


class EntrySerializer(serializers.Serializer):
    measure = serializers.CharField(max_length=32, help_text="The measure's code, e.g. `checkin`.")
    numerator = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, allow_null=True)
    denominator = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, allow_null=True)


class ReportSaveSerializer(serializers.Serializer):
    """A draft's changes: each entry replaces that measure's row (leave a field out to blank it)."""

    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    values = EntrySerializer(many=True, required=False)


class ReportOpenSerializer(serializers.Serializer):
    team = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    period = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CycleSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="ramp.team_id", read_only=True)
    change_idea = serializers.IntegerField(source="ramp.change_idea_id", read_only=True)
    stage = serializers.CharField(read_only=True)

    class Meta:
        model = PDSACycle
        fields = [
            "id",
            "team",
            "ramp",
            "change_idea",
            "number",
            "stage",
            "objective",
            "questions",
            "prediction",
            "plan_who",
            "plan_what",
            "plan_where",
            "plan_when",
            "data_to_collect",
            "planned_start",
            "planned_end",
            "do_observations",
            "do_surprises",
            "done_on",
            "study_results",
            "study_learning",
            "decision",
            "next_step",
            "acted_on",
            "is_shared",
            "created_at",
        ]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id",
            "collaborative",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "role_group",
            "team",
            "description",
        ]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "event", "user", "status"]


class AssessmentSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="period.month", read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "team", "period", "month", "source", "score", "reason"]
