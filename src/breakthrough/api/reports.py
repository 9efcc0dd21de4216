"""Monthly reports through the API: read, open a month, save a draft, submit. The measures app's services
decide (the same rules as the form); If-Match carries the revision the caller read."""

from __future__ import annotations

from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from breakthrough.api import serializers as s
from breakthrough.api.http import ETAG, IF_MATCH, etag_of, filter_parameters, revision_from
from breakthrough.api.views import ScopedViewSet
from breakthrough.collaboratives.access import can_change, get_object_for_user
from breakthrough.collaboratives.models import Period, Team
from breakthrough.measures.models import MonthlyReport
from breakthrough.measures.services import report_open, report_save, report_submit

FILTERS = {
    "collaborative": "team__collaborative_id",
    "team": "team_id",
    "since": "period__month",
    "until": "period__month",
}


@extend_schema_view(
    list=extend_schema(parameters=filter_parameters(*FILTERS)),
    retrieve=extend_schema(parameters=[ETAG]),
)
class ReportViewSet(ScopedViewSet):
    """Monthly reports with their values: read them; open, save and submit your team's."""

    model = MonthlyReport
    serializer_class = s.ReportSerializer
    filters = FILTERS
    http_method_names = ["get", "post", "patch", "head", "options"]

    def visible(self) -> models.QuerySet:
        return (
            MonthlyReport.objects.visible_to(self.request.user)
            .select_related("period")
            .prefetch_related("values__measure", "values__measure_version")
        )

    def _answer(self, report: MonthlyReport, code: int = status.HTTP_200_OK) -> Response:
        report = self.visible().get(pk=report.pk)  # fresh, with its values
        return Response(s.ReportSerializer(report).data, status=code, headers={"ETag": etag_of(report)})

    @extend_schema(
        request=s.ReportOpenSerializer,
        responses={200: s.ReportSerializer, 201: s.ReportSerializer},
        description="Open a team's report for a month (started as a draft on first open, as on the page).",
    )
    def create(self, request: Request) -> Response:
        entry = s.ReportOpenSerializer(data=request.data)
        entry.is_valid(raise_exception=True)
        user = request.user
        team = get_object_for_user(user, Team, entry.validated_data["team"])
        periods = Period.objects.filter(collaborative=team.collaborative)
        period = periods.filter(pk=entry.validated_data["period"]).first()
        if period is None:
            message = _("This is not a reporting period of the team's collaborative.")
            raise ValidationError({"period": [message]})
        report = MonthlyReport.objects.filter(team=team, period=period).first()
        may_write = can_change(user, team)
        if report is None and (not may_write or period.month > timezone.localdate()):
            raise Http404  # not started, and this person cannot start it (a future month is not open yet)
        created = report is None
        if may_write and (report is None or report.status == MonthlyReport.Status.DRAFT):
            report = report_open(team=team, period=period, by=user)
        assert report is not None
        return self._answer(report, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=s.ReportSaveSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: s.ReportSerializer},
        description=(
            "Save a draft: the narrative and any measures' entries (each replaces that measure's row). "
            "Nothing is written if any entry is refused; the errors name `<measure code>.<field>`."
        ),
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        report = get_object_for_user(request.user, MonthlyReport, pk, write=True)
        body = s.ReportSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revision = revision_from(request, report)
        by_code = {v.measure.code: v.measure_id for v in report.values.select_related("measure")}
        entries, unknown = {}, {}
        for entry in body.validated_data.get("values", []):
            code = entry["measure"]
            if code not in by_code:
                unknown[code] = [_("This measure is not on this report.")]
                continue
            entries[by_code[code]] = {k: entry.get(k) for k in ("numerator", "denominator", "value")}
        if unknown:
            raise ValidationError(unknown)
        report_save(
            report=report,
            by=request.user,
            entries=entries,
            narrative=body.validated_data.get("narrative"),
            revision=revision,
        )
        return self._answer(report)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH, ETAG],
        responses={200: s.ReportSerializer},
        description="Submit a draft (as the form's Submit button); the team may pull it back until reviewed.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        report = get_object_for_user(request.user, MonthlyReport, pk, write=True)
        revision = revision_from(request, report)
        with transaction.atomic():
            report_submit(report=report, by=request.user, revision=revision)
        return self._answer(report)
