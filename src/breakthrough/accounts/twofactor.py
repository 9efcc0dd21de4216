"""Who must sign in with a second factor, and the devices that give it (TOTP apps and recovery codes)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from breakthrough.collaboratives.access import STUDY_TEAM, reach_of

RECOVERY_CODES = 10
# Project staff and evaluators reach every team's data and the study's; the admin reaches everything.
ROLES_THAT_NEED_IT = STUDY_TEAM


def is_required(user: Any) -> bool:
    """Whether this person may not work without a second factor (TWO_FACTOR_REQUIRED turns the rule off)."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return bool(user.is_staff or user.is_superuser or reach_of(user).roles & ROLES_THAT_NEED_IT)


def has_device(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator-app device being set up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def new_recovery_codes(user: Any) -> list[str]:
    """Ten single-use codes, replacing any earlier ones; shown once, stored only as the device's tokens."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(user: Any, code: str) -> Any:
    """The confirmed device that accepts ``code`` (an app's six digits or a recovery code), or None."""
    code = "".join(code.split())
    if not code.isascii() or not code.isdigit():
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def remove_devices(user: Any) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
