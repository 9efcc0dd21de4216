"""Notifications made once, preferences, unsubscribe links, and reliable delivery with back-off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breakthrough.notifications import services
from breakthrough.notifications.models import Channel, Delivery, Kind, Notification

pytestmark = pytest.mark.django_db

PARAMS = {"team": "Team A", "month": "2026-01-01", "due": "2026-02-10"}


def _notify(user, key="k1", kind=Kind.REPORT_LATE):
    return services.notify(user=user, kind=kind, key=key, params=PARAMS, link="/reports/")


def test_the_same_key_makes_one_notification(teacher):
    assert _notify(teacher) is not None
    assert _notify(teacher) is None
    assert Notification.objects.count() == 1


def test_email_goes_once_and_is_marked_sent(teacher):
    teacher.email = "t@example.org"
    teacher.save()
    _notify(teacher)
    assert services.deliver_pending() == {"sent": 1}
    assert services.deliver_pending() == {}
    assert len(mail.outbox) == 1
    assert "Team A: the report for January 2026 is late" in mail.outbox[0].subject


def test_a_failing_mail_server_is_retried_with_back_off_then_marked_failed(teacher, monkeypatch):
    teacher.email = "t@example.org"
    teacher.save()
    row = _notify(teacher)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    now = timezone.now()
    waits = []
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        assert services.deliver_one(now) in (Delivery.PENDING, Delivery.FAILED)
        row.refresh_from_db()
        assert row.attempts == attempt
        if row.next_attempt_at:
            waits.append(round((row.next_attempt_at - now).total_seconds() / 60))
            assert services.deliver_one(now) is None  # not due again before its back-off
            now = row.next_attempt_at
    assert waits == [1, 4, 16, 64]
    assert row.delivery == Delivery.FAILED
    assert row.last_error == "ConnectionRefusedError"


def test_digest_channel_waits_for_the_weekly_email(teacher):
    teacher.email = "t@example.org"
    teacher.save()
    services.preferences_set(user=teacher, channels={Kind.REPORT_LATE: Channel.DIGEST})
    _notify(teacher, "a")
    _notify(teacher, "b")
    assert services.deliver_pending() == {}
    assert services.send_digests() == 1
    assert services.send_digests() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Breakthrough: 2 things this week"


def test_unsubscribe_works_signed_out_and_only_with_a_valid_signature(teacher):
    token = services.unsubscribe_token(teacher, Kind.REPORT_LATE)
    client = Client()
    url = reverse("notifications:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert services.channel_for(teacher, Kind.REPORT_LATE) == Channel.IN_APP
    assert client.get(url[:-3] + "xx/").status_code == 404


def test_the_bell_counts_unread_on_every_page(teacher):
    _notify(teacher, "a")
    _notify(teacher, "b")
    client = Client()
    client.force_login(teacher)
    page = client.get(reverse("home")).content.decode()
    assert "2 unread" in page
    client.post(reverse("notifications:read"))
    assert "unread" not in client.get(reverse("home")).content.decode()


def test_failed_emails_are_shown_to_staff_of_their_collaborative(cast):
    row = services.notify(
        user=cast.teacher, kind=Kind.REPORT_LATE, key="f", params=PARAMS, collaborative=cast.collaborative
    )
    Notification.objects.filter(pk=row.pk).update(delivery=Delivery.FAILED, attempts=5)
    client = Client()
    client.force_login(cast.staff)
    page = client.get(reverse("notifications:deliveries")).content.decode()
    assert "Send again" in page
    client.post(reverse("notifications:delivery-retry", args=[row.pk]))
    row.refresh_from_db()
    assert (row.delivery, row.attempts) == (Delivery.PENDING, 0)


def test_backoff_grows_fourfold():
    from breakthrough.notifications.models import backoff

    assert [backoff(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (1, 4, 16)]
