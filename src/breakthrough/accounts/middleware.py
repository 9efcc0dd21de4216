"""Two-factor sign-in: a person with a device confirms it after the password; those who need one set it up."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from breakthrough.accounts import twofactor

SESSION_NO_DEVICE = "_two_factor_no_device"


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: an unverified person who has a device is sent to enter a code; one
    whose roles require two-factor sign-in and who has none is sent to set it up. Nothing else opens first."""

    OPEN = ("accounts:two-factor-verify", "accounts:two-factor-setup", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():  # type: ignore[union-attr]
            target = self._where_to(request)
            if target and request.path not in {reverse(name) for name in self.OPEN}:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _where_to(self, request: HttpRequest) -> str | None:
        if request.path.startswith(("/static/", "/i18n/", "/health/")):
            return None
        if not request.session.get(SESSION_NO_DEVICE):
            if twofactor.has_device(request.user):
                return "accounts:two-factor-verify"
            request.session[SESSION_NO_DEVICE] = True  # checked once a session for the many without one
        if twofactor.is_required(request.user):
            return "accounts:two-factor-setup"
        return None
