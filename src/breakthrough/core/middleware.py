from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation

logger = logging.getLogger(__name__)


class PreferredLanguageMiddleware:
    """A signed-in person with a preferred language reads the site in it, unless they switched language here.

    With no preference, the browser's Accept-Language decides (LocaleMiddleware).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.preferred_language and not chosen:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class RefuseNulCharactersMiddleware:
    """A NUL character in any query or form field (or its name) is refused with a 400 that names the field.

    No field of the platform takes one, PostgreSQL can't store one in text, and a service fed one would fail
    deep inside the database. Refusing it at the door keeps every page from answering such input with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._field_with_nul(request)
        if field is not None:
            context = {"field": field.replace("\x00", "")[:80]}
            return render(request, "core/bad_input.html", context, status=400)
        return self.get_response(request)

    @staticmethod
    def _field_with_nul(request: HttpRequest) -> str | None:
        if "\x00" in request.path:
            return "URL"
        sources = [request.GET]
        if request.method == "POST" and request.content_type in FORM_TYPES:
            sources.append(request.POST)
        for source in sources:
            for name, values in source.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return name
        for name, uploads in request.FILES.lists() if request.method == "POST" else ():
            if any("\x00" in (upload.name or "") for upload in uploads):
                return name
        return None


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


KEPT_HIDDEN = ("revision",)  # sent back as they came, so a second try meets the same optimistic lock
NEVER_KEPT = ("csrfmiddlewaretoken", "password", "token", "otp")


def _is_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


class DatabaseUnavailableMiddleware:
    """While the database is away: a 503 "try again" page in the site's layout, translated, rendered without
    a query, that gives back what the person typed (a form to send again, or to copy from).

    The view's transaction was rolled back, so nothing of the failed save is written; the next request
    opens a new connection (Django drops a broken one at the end of each request), so the site recovers
    without a restart.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _is_unavailable(exception):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        return try_again_response(request)


def try_again_response(request: HttpRequest) -> HttpResponse:
    fields: list[tuple[str, str]] = []
    hidden: list[tuple[str, str]] = []
    if request.method == "POST" and request.content_type in FORM_TYPES:
        for name, values in request.POST.lists():
            if any(word in name.lower() for word in NEVER_KEPT):
                continue
            target = hidden if name in KEPT_HIDDEN or name.endswith("-revision") else fields
            target.extend((name, value) for value in values)
    context = {"fields": fields, "hidden": hidden, "path": request.path, "csrf_token": get_token(request)}
    html = get_template("core/try_again.html").render(context)  # no request: no context processor queries
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a session that cannot be saved (the database went away after the view's
    transaction committed) leaves the answer as it is: the save happened, the person must not see an error."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except DatabaseError as exc:
            logger.warning("the session could not be saved: %s", type(exc).__name__)
            return response
