"""Signing in: throttled after wrong passwords (django-axes), recorded, two-factor for roles that need it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from breakthrough.core.models import AuditRecord

LOGIN = "/accounts/login/"


def post_login(client: Client, username: str, password: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password})


def later(seconds: int) -> time_machine.travel:
    """The clock moved on: past django-otp's pause after a wrong code, or into the app's next code."""
    return time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=seconds), tick=True)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_sign_in_is_paused_after_three_wrong_passwords_even_for_the_right_one(cast):
    client = Client()
    for _ in range(2):
        assert post_login(client, "teacher", "wrong").status_code == 200  # the form again, with its error
    assert post_login(client, "teacher", "wrong").status_code == 429  # the third pauses signing in
    refused = post_login(client, "teacher", "pw")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_pause_holds_for_the_address_too_not_only_the_username(cast):
    client = Client()
    for name in ("teacher", "director", "faculty"):
        post_login(client, name, "wrong")
    assert post_login(client, "staff", "pw").status_code == 429


@override_settings(AXES_ENABLED=True)
def test_a_person_sees_their_sign_ins_and_failures(cast):
    client = Client()
    post_login(client, "teacher", "wrong")
    assert post_login(client, "teacher", "pw").status_code == 302
    page = client.get(reverse("accounts:profile")).content.decode()
    assert page.count("signed in") >= 1
    assert "wrong password" in page
    other = Client()
    other.force_login(cast.director)
    assert "wrong password" not in other.get(reverse("accounts:profile")).content.decode()


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_staff_must_set_up_two_factor_then_confirm_a_code_at_each_sign_in(cast):
    client = Client()
    assert post_login(client, "staff", "pw").status_code == 302
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:two-factor-setup"))
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=cast.staff, confirmed=False)
    wrong = client.post(
        reverse("accounts:two-factor-setup"),
        {"code": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert "not right" in wrong.content.decode()
    with later(3):
        shown = client.post(reverse("accounts:two-factor-setup"), {"code": current_code(device)})
    codes = shown.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert client.get("/").status_code == 200  # verified in this session
    assert AuditRecord.objects.filter(
        action=AuditRecord.Action.TWO_FACTOR_ON, object_id=str(cast.staff.pk)
    ).exists()

    second = Client()
    post_login(second, "staff", "pw")
    assert second.get("/")["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert second.get(reverse("measures:report-list")).status_code == 302  # nothing opens before the code
    refused = second.post(reverse("accounts:two-factor-verify"), {"code": "12345678"})
    assert "not right" in refused.content.decode()
    with later(3):  # django-otp pauses after a wrong code
        answer = second.post(reverse("accounts:two-factor-verify"), {"code": codes[0], "next": "/"})
    assert answer["Location"] == "/"
    assert second.get("/").status_code == 200

    again = Client()
    post_login(again, "staff", "pw")
    reused = again.post(reverse("accounts:two-factor-verify"), {"code": codes[0]})
    assert "not right" in reused.content.decode()  # a recovery code works once


@override_settings(TWO_FACTOR_REQUIRED=True)
@pytest.mark.parametrize("person", ["teacher", "family", "faculty", "observer", "viewer"])
def test_other_roles_are_offered_two_factor_but_not_made_to(cast, person):
    client = Client()
    post_login(client, person, "pw")
    assert client.get("/").status_code == 200
    assert "Set up two-factor sign-in" in client.get(reverse("accounts:profile")).content.decode()


@override_settings(TWO_FACTOR_REQUIRED=True)
@pytest.mark.parametrize("person", ["evaluator"])
def test_evaluators_need_two_factor_too(cast, person):
    client = Client()
    post_login(client, person, "pw")
    assert client.get("/")["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_a_teacher_can_turn_two_factor_on_and_off_with_a_code(cast):
    client = Client()
    client.force_login(cast.teacher)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=cast.teacher)
    client.post(reverse("accounts:two-factor-setup"), {"code": current_code(device)})
    assert TOTPDevice.objects.filter(user=cast.teacher, confirmed=True).exists()
    client.post(reverse("accounts:two-factor-disable"), {"code": "99999999"})
    assert TOTPDevice.objects.filter(
        user=cast.teacher, confirmed=True
    ).exists()  # a wrong code changes nothing
    with later(31):  # the next code (a code is good once)
        device.refresh_from_db()
        client.post(reverse("accounts:two-factor-disable"), {"code": current_code(device)})
    assert not TOTPDevice.objects.filter(user=cast.teacher).exists()
