"""The API's read endpoints. Each list is a queryset of the permission module (``visible_to``, reach);
each object is fetched through ``get_object_for_user``, as the pages do."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from breakthrough.api import aggregates
from breakthrough.api import serializers as s
from breakthrough.api.http import ETAG, apply_filters, etag_of, filter_parameters
from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.access import (
    PARTICIPANTS,
    READERS,
    collaborative_ids_where,
    collaboratives_where,
    get_object_for_user,
    programs_visible_to,
    reach_of,
    teams_seen_by,
)
from breakthrough.collaboratives.models import Collaborative, Period, Program, Team
from breakthrough.events.models import Attendance, Event
from breakthrough.measures.models import Measure
from breakthrough.pdsa.models import PDSACycle


class ScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # A list of what the person may see, filtered by the query string, and one object by id.

    model: ClassVar[type[models.Model]]
    filters: ClassVar[dict[str, str]] = {}
    lookup_value_regex = "[0-9]{1,9}"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            cls.queryset = cls.model._default_manager.none()  # for the schema: the id's type

    def visible(self) -> models.QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> models.QuerySet:
        queryset = self.visible()
        if getattr(self, "action", None) == "list":
            queryset = apply_filters(queryset, self.request.query_params, self.filters)
        return queryset.order_by(*self.model._meta.ordering, "pk")

    def get_object(self) -> Any:
        obj = get_object_for_user(self.request.user, self.model, self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return Response(self.get_serializer(obj).data, headers={"ETag": etag_of(obj)})


def resource[V: type[ScopedViewSet]](cls: V) -> V:
    """Document a viewset's list filters and its ETag in the schema."""
    return extend_schema_view(  # type: ignore[no-any-return]
        list=extend_schema(parameters=filter_parameters(*cls.filters)),
        retrieve=extend_schema(parameters=[ETAG]),
    )(cls)


@resource
class CollaborativeViewSet(ScopedViewSet):
    """The collaboratives you take part in (observers see none: they are blind to the improvement work)."""

    model = Collaborative
    serializer_class = s.CollaborativeSerializer

    def visible(self) -> models.QuerySet:
        return collaboratives_where(self.request.user, READERS).filter(archived_at__isnull=True)

    @extend_schema(
        responses={200: aggregates.AggregatesSerializer},
        description="The pooled monthly figure of each shared measure: for viewers (funders) and oversight "
        "roles; months with too few teams are suppressed for viewers.",
    )
    @action(detail=True, methods=["get"])
    def aggregates(self, request: Request, pk: str) -> Response:
        collaborative = self.get_object()
        if not aggregates.may_read(request.user, collaborative):
            raise Http404
        return Response(aggregates.AggregatesSerializer(aggregates.figures(request.user, collaborative)).data)


@resource
class PeriodViewSet(ScopedViewSet):
    """The monthly reporting periods, with their due dates."""

    model = Period
    serializer_class = s.PeriodSerializer
    filters = {"collaborative": "collaborative_id", "since": "month", "until": "month"}

    def visible(self) -> models.QuerySet:
        return Period.objects.filter(collaborative_id__in=collaborative_ids_where(self.request.user, READERS))


@resource
class ProgramViewSet(ScopedViewSet):
    """Programs and their classrooms; a classroom's participation only for those who may learn it."""

    model = Program
    serializer_class = s.ProgramSerializer

    def visible(self) -> models.QuerySet:
        return programs_visible_to(self.request.user).active().prefetch_related("classrooms")

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user
        taking_part = Team.objects.filter(collaborative_id__in=collaborative_ids_where(user, PARTICIPANTS))
        programs = set(taking_part.values_list("program_id", flat=True))
        return {**super().get_serializer_context(), "participation_programs": programs}


@resource
class TeamViewSet(ScopedViewSet):
    """The teams whose work you see: your own, or every team of a collaborative you oversee."""

    model = Team
    serializer_class = s.TeamSerializer
    filters = {"collaborative": "collaborative_id"}

    def visible(self) -> models.QuerySet:
        return teams_seen_by(self.request.user)


@resource
class MeasureViewSet(ScopedViewSet):
    """The shared measures (and a team's own), each with its versioned operational definitions."""

    model = Measure
    serializer_class = s.MeasureSerializer
    filters = {"collaborative": "collaborative_id", "team": "team_id"}

    def visible(self) -> models.QuerySet:
        return Measure.objects.visible_to(self.request.user).active().prefetch_related("versions")


@resource
class CycleViewSet(ScopedViewSet):
    """PDSA cycles: your team's, and those other teams shared with the collaborative."""

    model = PDSACycle
    serializer_class = s.CycleSerializer
    filters = {
        "collaborative": "ramp__team__collaborative_id",
        "team": "ramp__team_id",
        "since": "created_at__date",
        "until": "created_at__date",
    }

    def visible(self) -> models.QuerySet:
        return PDSACycle.objects.visible_to(self.request.user).active().select_related("ramp")


@resource
class EventViewSet(ScopedViewSet):
    """Learning sessions, calls and meetings."""

    model = Event
    serializer_class = s.EventSerializer
    filters = {
        "collaborative": "collaborative_id",
        "team": "team_id",
        "since": "starts_at__date",
        "until": "starts_at__date",
    }

    def visible(self) -> models.QuerySet:
        return Event.objects.visible_to(self.request.user).active()


@resource
class AttendanceViewSet(ScopedViewSet):
    """One's own attendance; everyone's in the collaboratives one oversees (as ``can_view``, "personal")."""

    model = Attendance
    serializer_class = s.AttendanceSerializer
    filters = {
        "collaborative": "event__collaborative_id",
        "team": "event__team_id",
        "since": "event__starts_at__date",
        "until": "event__starts_at__date",
    }

    def visible(self) -> models.QuerySet:
        user = self.request.user
        if user.is_superuser:
            return Attendance.objects.all()
        reach = reach_of(user)
        member_of = {collab for collab, _role, _team in reach.rows}
        return Attendance.objects.filter(
            models.Q(user=user, event__collaborative_id__in=member_of)
            | models.Q(event__collaborative_id__in=reach.oversee)
        )


@resource
class AssessmentViewSet(ScopedViewSet):
    """Monthly ratings on the collaborative assessment scale (faculty's and the team's own)."""

    model = Assessment
    serializer_class = s.AssessmentSerializer
    filters = {
        "collaborative": "team__collaborative_id",
        "team": "team_id",
        "since": "period__month",
        "until": "period__month",
    }

    def visible(self) -> models.QuerySet:
        user = self.request.user
        queryset = Assessment.objects.active().select_related("period")
        return queryset if user.is_superuser else queryset.filter(reach_of(user).team_q("team__"))
