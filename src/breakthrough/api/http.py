"""What every endpoint shares: pagination, the list filters (a Form, as the pages' filters are) and ETags."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from breakthrough.api.problems import PreconditionFailed

MAX_ID = 2**31 - 1  # an id beyond any row (and beyond what every database's integer holds)


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ListFilter(forms.Form):
    """The filters a list takes. Each view says which of its fields they apply to."""

    collaborative = forms.IntegerField(
        label=_("collaborative"), required=False, min_value=1, max_value=MAX_ID
    )
    team = forms.IntegerField(label=_("team"), required=False, min_value=1, max_value=MAX_ID)
    since = forms.DateField(label=_("since"), required=False, input_formats=["%Y-%m-%d"])
    until = forms.DateField(label=_("until"), required=False, input_formats=["%Y-%m-%d"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end of the range comes before its start."))
        return data


FILTER_HELP = {
    "collaborative": "Only rows of this collaborative (its id).",
    "team": "Only rows of this team (its id).",
    "since": "Only rows dated on or after this day (YYYY-MM-DD).",
    "until": "Only rows dated on or before this day (YYYY-MM-DD).",
}


def filter_parameters(*names: str) -> list[OpenApiParameter]:
    kinds = {"collaborative": OpenApiTypes.INT, "team": OpenApiTypes.INT}
    return [
        OpenApiParameter(name, kinds.get(name, OpenApiTypes.DATE), description=FILTER_HELP[name])
        for name in names
    ]


def apply_filters(queryset: models.QuerySet, params: Any, paths: dict[str, str]) -> models.QuerySet:
    """Filter a list by the query string; ``paths`` maps each filter the view takes to its lookup.

    A bad value is a 400 naming the parameter, never a 500.
    """
    form = ListFilter(params)
    if not form.is_valid():
        raise exceptions.ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    lookups = {"collaborative": "", "team": "", "since": "__gte", "until": "__lte"}
    for name, path in paths.items():
        value = form.cleaned_data.get(name)
        if value is not None:
            queryset = queryset.filter(**{f"{path}{lookups[name]}": value})
    return queryset


# --- ETag and If-Match: the same optimistic locking as the pages (``revision``). ---

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag you read. If someone saved since, the change is refused with 412.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=True,
    description="The object's revision: send it back in If-Match when you change it.",
)


def etag_of(obj: models.Model) -> str:
    return f'"{obj.revision}"'  # type: ignore[attr-defined]


def revision_from(request: Any, obj: models.Model) -> int | None:
    """The revision the caller read (from If-Match), or None if they sent none. A stale one is a 412."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    current = etag_of(obj)
    if "*" in tags:
        return obj.revision  # type: ignore[attr-defined, no-any-return]
    if current not in tags:
        raise PreconditionFailed()
    return obj.revision  # type: ignore[attr-defined, no-any-return]
