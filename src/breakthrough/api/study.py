"""The study's datasets for evaluators and project staff: instruments, waves, survey responses (by study
code, never by name) and observations (by classroom code; participation is never part of them)."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from breakthrough.api.views import ScopedViewSet, resource
from breakthrough.collaboratives.access import STUDY_TEAM, collaborative_ids_where, reach_of
from breakthrough.collaboratives.models import Role
from breakthrough.study.models import Instrument, Item, Observation, Response, Wave


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "number", "code", "section", "text_en", "text_es", "scale_min", "scale_max"]
        fields += ["reverse_keyed"]


class InstrumentSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()
    subscales = serializers.SerializerMethodField(help_text="Each subscale's code and its items' codes.")

    class Meta:
        model = Instrument
        fields = ["id", "slug", "name", "name_es", "kind", "items", "subscales"]

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, instrument: Instrument) -> Any:
        items = sorted((i for i in instrument.items.all() if i.archived_at is None), key=lambda i: i.number)
        return ItemSerializer(items, many=True).data

    @extend_schema_field(serializers.DictField(child=serializers.ListField(child=serializers.CharField())))
    def get_subscales(self, instrument: Instrument) -> dict[str, list[str]]:
        return {s.code: sorted(i.code for i in s.items.all()) for s in instrument.subscales.all()}


class WaveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Wave
        fields = ["id", "collaborative", "instrument", "name", "kind", "opens_on", "closes_on"]


class ScoreSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="The item's variable name.")
    value = serializers.IntegerField()


def _scores(rows: Any) -> list[dict[str, Any]]:
    return [{"item": row.item.code, "value": row.value} for row in sorted(rows, key=lambda r: r.item.number)]


class ResponseSerializer(serializers.ModelSerializer):
    answers = serializers.SerializerMethodField()
    # Not an enum: responses kept from before the language was recorded have it blank.
    language = serializers.CharField(read_only=True, help_text="`en`, `es`, or empty when not recorded.")

    class Meta:
        model = Response
        fields = ["id", "wave", "respondent_key", "role", "on_team", "program", "language", "submitted_at"]
        fields += ["answers"]

    @extend_schema_field(ScoreSerializer(many=True))
    def get_answers(self, response: Response) -> list[dict[str, Any]]:
        return _scores(response.answers.all())


class ObservationSerializer(serializers.ModelSerializer):
    classroom_code = serializers.CharField(source="classroom.code", read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = ["id", "wave", "classroom_code", "observer", "starts_at", "status", "submitted_at"]
        fields += ["second_of", "scores"]

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, observation: Observation) -> list[dict[str, Any]]:
        return _scores(observation.scores.all())


@resource
class InstrumentViewSet(ScopedViewSet):
    """The instrument library (evaluators, project staff and observers)."""

    model = Instrument
    serializer_class = InstrumentSerializer

    def visible(self) -> models.QuerySet:
        user = self.request.user
        if not (user.is_superuser or reach_of(user).roles & (STUDY_TEAM | {Role.OBSERVER})):
            return Instrument.objects.none()
        return Instrument.objects.active().prefetch_related("items", "subscales__items")


@resource
class WaveViewSet(ScopedViewSet):
    """Survey and observation waves (evaluators and project staff)."""

    model = Wave
    serializer_class = WaveSerializer
    filters = {"collaborative": "collaborative_id", "since": "opens_on", "until": "opens_on"}

    def visible(self) -> models.QuerySet:
        return Wave.objects.filter(
            collaborative_id__in=collaborative_ids_where(self.request.user, STUDY_TEAM)
        )


@resource
class ResponseViewSet(ScopedViewSet):
    """Survey responses with their item scores, by study code (evaluators and project staff)."""

    model = Response
    serializer_class = ResponseSerializer
    filters = {
        "collaborative": "wave__collaborative_id",
        "since": "submitted_at__date",
        "until": "submitted_at__date",
    }

    def visible(self) -> models.QuerySet:
        ids = collaborative_ids_where(self.request.user, STUDY_TEAM)
        return (
            Response.objects.active().filter(wave__collaborative_id__in=ids).prefetch_related("answers__item")
        )


@resource
class ObservationViewSet(ScopedViewSet):
    """Classroom observations with their item scores: an observer's own, or every one for the study team.
    A classroom is named by its code only; whether it takes part is not in this dataset."""

    model = Observation
    serializer_class = ObservationSerializer
    filters = {
        "collaborative": "wave__collaborative_id",
        "since": "starts_at__date",
        "until": "starts_at__date",
    }

    def visible(self) -> models.QuerySet:
        return (
            Observation.objects.visible_to(self.request.user)
            .active()
            .select_related("classroom")
            .prefetch_related("scores__item")
        )
