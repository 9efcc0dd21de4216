"""The collaborative's pooled monthly figures: what viewers (funders) may have, small cells suppressed.

The dashboards' own numbers and their one suppression path (``dashboards.rows.pooled`` over
``stats.suppression``), as the collaborative chart's CSV download gives them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from breakthrough.collaboratives.access import AGGREGATE_READERS, OVERSIGHT, has_any, roles_in
from breakthrough.collaboratives.models import Collaborative
from breakthrough.dashboards import panels, rows, selectors
from breakthrough.dashboards.labels import Reasons


class PointSerializer(serializers.Serializer):
    month = serializers.DateField()
    teams = serializers.IntegerField(allow_null=True, help_text="Teams reporting; null when suppressed.")
    value = serializers.FloatField(allow_null=True, help_text="The pooled value as charted; null if none.")
    centre = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField(help_text="Too few teams reported this month to show it to you.")


class MeasureFiguresSerializer(serializers.Serializer):
    measure = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    points = PointSerializer(many=True)


class AggregatesSerializer(serializers.Serializer):
    collaborative = serializers.IntegerField()
    threshold = serializers.IntegerField(help_text="Cells smaller than this are suppressed for viewers.")
    suppressed_for_you = serializers.BooleanField()
    measures = MeasureFiguresSerializer(many=True)


def may_read(user: Any, collaborative: Collaborative) -> bool:
    return bool(user.is_superuser or has_any(roles_in(user, collaborative), AGGREGATE_READERS))


def _number(value: Any) -> float | None:
    return None if value is None or value != value else float(value)  # NaN (no data) is null


def figures(user: Any, collaborative: Collaborative) -> dict[str, Any]:
    suppress = not user.is_superuser and not has_any(roles_in(user, collaborative), OVERSIGHT)
    measures = selectors.shared_measures(collaborative)
    found = []
    if measures:
        numbers, _charts = panels.collaborative_numbers(
            collaborative,
            measures,
            selectors.teams(collaborative),
            months=None,
            analyse=False,
            reporting=False,
        )
        if numbers.months:
            pooled = rows.pooled(collaborative, numbers, suppress=suppress, reasons=Reasons())
            for entry in pooled["table"]:
                points = [
                    {
                        "month": p["x"][:10],
                        "teams": None if p["suppressed"] else p["n"],
                        "value": None if p["suppressed"] else _number(p["y"]),
                        "centre": None if p["suppressed"] else _number(p["cl"]),
                        "suppressed": bool(p["suppressed"]),
                    }
                    for p in entry["points"]
                ]
                m = entry["measure"]
                found.append({"measure": m.id, "code": m.code, "name": m.name, "points": points})
    return {
        "collaborative": collaborative.pk,
        "threshold": collaborative.small_cell_threshold,
        "suppressed_for_you": suppress,
        "measures": found,
    }
