"""A person's account: their sign-in history and two-factor sign-in (set up, confirm, recovery codes, off)."""

from __future__ import annotations

import base64

import segno
from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from breakthrough.accounts import twofactor
from breakthrough.accounts.forms import CodeForm
from breakthrough.accounts.middleware import SESSION_NO_DEVICE
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord
from breakthrough.core.personal_data import personal_data

HISTORY = 20


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if safe and target.startswith("/") else "/"


def sign_ins(username: str, limit: int = HISTORY) -> list[dict[str, object]]:
    """A person's latest sign-ins and failed attempts (django-axes' logs), newest first."""
    done = AccessLog.objects.filter(username=username).order_by("-attempt_time")[:limit]
    failed = AccessFailureLog.objects.filter(username=username).order_by("-attempt_time")[:limit]
    rows = [
        {"at": r.attempt_time, "ok": True, "ip": r.ip_address, "agent": r.user_agent[:80]} for r in done
    ] + [
        {
            "at": r.attempt_time,
            "ok": False,
            "ip": r.ip_address,
            "agent": r.user_agent[:80],
            "locked": r.locked_out,
        }
        for r in failed
    ]
    return sorted(rows, key=lambda r: r["at"], reverse=True)[:limit]  # type: ignore[arg-type,return-value]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "has_device": twofactor.totp_device(user) is not None,
        "required": twofactor.is_required(user),
        "sign_ins": sign_ins(user.get_username()),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the person signed in, as one JSON file."""
    dumps = {"indent": 2, "ensure_ascii": False}
    response = JsonResponse(personal_data(request.user), json_dumps_params=dumps)
    response["Content-Disposition"] = 'attachment; filename="breakthrough-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


def _qr_data_url(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#1b1b1b", light="#ffffff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan a QR code into an authenticator app and confirm one code; recovery codes are shown once."""
    user = request.user
    if twofactor.totp_device(user) is not None and not user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:two-factor-verify")
    device = twofactor.pending_totp_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(SESSION_NO_DEVICE, None)
            codes = twofactor.new_recovery_codes(user)
            audit_record(obj=user, by=user, action=AuditRecord.Action.TWO_FACTOR_ON)
            context = {"codes": codes, "next": _next(request)}
            return render(request, "accounts/recovery_codes.html", context)
        form.add_error(
            "code",
            _("That code is not right, or came too soon after a wrong one: wait, then try the newest."),
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr": _qr_data_url(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": twofactor.is_required(user),
        "next": _next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for a person with a device."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            _("That code is not right. Wait a moment, then enter your app's newest code or a recovery code."),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@require_POST
@login_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    if twofactor.totp_device(request.user) is None:
        return redirect("accounts:two-factor-setup")
    codes = twofactor.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/profile/"})


@require_POST
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, with a current code; not for those whose roles require it."""
    if twofactor.is_required(request.user):
        messages.error(request, _("Your role requires two-factor sign-in; it can't be turned off."))
        return redirect("accounts:profile")
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.verify(request.user, form.cleaned_data["code"]) is not None:
        twofactor.remove_devices(request.user)
        audit_record(obj=request.user, by=request.user, action=AuditRecord.Action.TWO_FACTOR_OFF)
        messages.success(request, _("Two-factor sign-in is off."))
    else:
        messages.error(request, _("That code is not right; two-factor sign-in is still on."))
    return redirect("accounts:profile")


def locked_out(
    request: HttpRequest, credentials: object = None, *args: object, **kwargs: object
) -> HttpResponse:
    """What django-axes answers after too many failed sign-ins (AXES_LOCKOUT_CALLABLE)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
