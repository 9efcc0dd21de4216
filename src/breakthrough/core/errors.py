"""The site's answer to an error no view handled (``handler500`` in the root urls).

A database that went away fails first where the request first touches it, often in a middleware (the session,
the signed-in person) before any view runs; Django turns that into this handler's answer. So the "try again"
page is given here too, not only by ``DatabaseUnavailableMiddleware`` for errors inside views.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from breakthrough.core.middleware import _is_unavailable, try_again_response


def server_error(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]  # Django calls the handler while the exception is being handled
    if exception is not None and _is_unavailable(exception):
        return try_again_response(request)
    return defaults.server_error(request)
