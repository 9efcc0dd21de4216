from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


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
