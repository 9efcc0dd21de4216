"""The API's HTML pages: a person's tokens (made, shown once, revoked) and the browsable API docs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from breakthrough.api.forms import TokenForm
from breakthrough.api.models import ApiToken
from breakthrough.api.tokens import token_create, token_revoke


@never_cache  # the page that shows a new token once must not be kept by a browser or proxy
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user),  # one's own, and only one's own
        "now": timezone.now(),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another's token is a 404
    try:
        token_revoke(token=token, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token is revoked; it no longer works."))
    return redirect("api:tokens")


@login_required
def docs(request: HttpRequest) -> HttpResponse:
    """The schema, browsable (Swagger UI, vendored in static/): calls from it use the page's session."""
    return render(request, "api/docs.html")
