"""Answering a survey: team members signed in, everyone else by their personal link, once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from breakthrough.core.forms import errors_by_field
from breakthrough.study import services
from breakthrough.study.models import Wave
from breakthrough.study.views._common import answer_context, open_waves_for_member


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A team member answers an open survey wave inside the platform."""
    wave = Wave.objects.active().filter(pk=pk).first()
    if wave is None or not any(row["wave"] == wave for row in open_waves_for_member(request.user)):
        raise Http404
    language = translation.get_language() or "en"
    if request.method == "POST":
        try:
            services.response_submit_signed_in(
                wave=wave, user=request.user, raw=request.POST, language=language[:2]
            )
        except ValidationError as exc:
            ctx = answer_context(wave, language, request.POST, errors_by_field(exc))
            return render(request, "study/answer.html", ctx, status=400)
        messages.success(request, _("Thank you! Your answers are saved."))
        return redirect("study:home")
    return render(request, "study/answer.html", answer_context(wave, language, {}, {}))


@never_cache
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Someone without an account answers through their personal link, in their language, once."""
    link = services.link_for_token(token)
    if link is None:
        raise Http404
    language = request.GET.get("lang") or request.POST.get("lang") or link.language
    language = language if language in ("en", "es") else "en"
    with translation.override(language):
        request.LANGUAGE_CODE = language
        if link.used_at is not None:
            return render(request, "study/answered.html", {"already": True})
        if not link.wave.is_open():
            return render(request, "study/answered.html", {"closed": True})
        if request.method == "POST":
            try:
                services.response_submit_by_link(link=link, raw=request.POST, language=language)
            except ValidationError as exc:
                errors = errors_by_field(exc)
                ctx = answer_context(link.wave, language, request.POST, errors) | {"by_link": True}
                return render(request, "study/answer.html", ctx, status=400)
            return render(request, "study/answered.html", {"done": True})
        ctx = answer_context(link.wave, language, {}, {}) | {"by_link": True}
        return render(request, "study/answer.html", ctx)
