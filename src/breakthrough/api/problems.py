"""Every error as a problem details object (RFC 9457): type, title, status, detail, and messages by field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from breakthrough.core.forms import errors_by_field
from breakthrough.core.services import ConcurrentEdit

PROBLEM_TYPE = "urn:breakthrough:problem:"
MEDIA_TYPE = "application/problem+json"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(
            detail
            or _("Someone else saved this since you read it. Read it again (a new ETag) and send it then.")
        )


_SLUGS = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    412: "stale",
    415: "unsupported-media-type",
    429: "rate-limited",
}


def _titles() -> dict[int, str]:
    # Titles are translated at request time, in the caller's language.
    return {
        400: _("The request is not valid"),
        401: _("Authentication needed"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        412: _("Precondition failed"),
        415: _("Unsupported media type"),
        429: _("Too many requests"),
    }


def _join(prefix: str, key: object) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field": [messages]}``, nested fields joined with dots
    (``values.0.numerator``); what names no field is ``__all__``."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "__all__" if key in ("non_field_errors", "__all__") else _join(prefix, key)
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list) and any(isinstance(v, dict | list) for v in detail):
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, _join(prefix, index)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "__all__": [str(v) for v in items]} if items else {}


def problem(status_code: int, detail: str, errors: dict[str, list[str]] | None = None) -> Response:
    slug = _SLUGS.get(status_code, "error")
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug,
        "title": _titles().get(status_code, _("Error")),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=MEDIA_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConcurrentEdit):
        exc = PreconditionFailed()
    if isinstance(exc, DjangoValidationError):
        errors = {k: [str(m) for m in v] for k, v in errors_by_field(exc).items()}
        return problem(400, _("Some values are not valid; see the messages by field."), errors)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("There is nothing here, or it is not yours to see."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You may read this but not change it."))
    if not isinstance(exc, exceptions.APIException):
        return None  # a real fault: Django's 500 handler, logged without the request body
    headers = {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait) + 1)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    status_code = exc.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status_code = 401
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = _("Some values are not valid; see the messages by field.")
    else:
        detail = str(exc.detail)
    response = problem(status_code, detail, errors)
    for key, value in headers.items():
        response[key] = value
    return response
