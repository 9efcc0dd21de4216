"""Making notifications, choosing how each is delivered, and sending their emails reliably.

An email is sent inside the transaction that claims its row and marks it sent: a worker killed before the
commit leaves the row pending (sent again, once, by the next worker), and a row marked sent is never sent
again. A failed send is retried with back-off and marked failed after the last try, for staff to see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from breakthrough.notifications import kinds
from breakthrough.notifications.ics import event_ics
from breakthrough.notifications.models import Channel, Delivery, Kind, Notification, Preference, backoff

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "breakthrough.notifications.unsubscribe"


def channel_for(user: Any, kind: str) -> str:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("channel", flat=True).first()
    return chosen or kinds.DEFAULTS[kind]


def preferences_of(user: Any) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, kinds.DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def preferences_set(*, user: Any, channels: dict[str, str]) -> None:
    for kind, channel in channels.items():
        Preference.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"channel": Channel(channel)}
        )


def notify(
    *,
    user: Any,
    kind: str,
    key: str,
    params: dict[str, Any],
    collaborative: Any = None,
    link: str = "",
) -> Notification | None:
    """Tell a person once: a second call with the same key makes nothing. Returns the new row, or None."""
    if Notification.objects.filter(key=key).exists():
        return None
    channel = channel_for(user, kind)
    delivery = Delivery.NONE
    if channel == Channel.EMAIL and user.email:
        delivery = Delivery.PENDING
    elif channel == Channel.DIGEST and user.email:
        delivery = Delivery.DIGEST
    row = Notification(
        user=user,
        kind=kind,
        key=key,
        params=params,
        collaborative=collaborative,
        link=link,
        channel=channel,
        delivery=delivery,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # made meanwhile by another worker
        return None
    return row


def mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    rows = Notification.objects.for_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


def unsubscribe_token(user: Any, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["k"]


def unsubscribe(*, user: Any, kind: str) -> None:
    """No more email of this kind; the bell still shows it."""
    preferences_set(user=user, channels={kind: Channel.IN_APP})


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def _language(user: Any) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def build_email(notification: Notification) -> EmailMessage:
    user = notification.user
    with translation.override(_language(user)):
        subject = kinds.title(notification.kind, notification.params)
        unsubscribe = _absolute(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(user, notification.kind)])
        )
        context = {
            "user": user,
            "title": subject,
            "details": kinds.details(notification.kind, notification.params),
            "link": _absolute(notification.link) if notification.link else "",
            "unsubscribe": unsubscribe,
            "preferences": _absolute(reverse("notifications:preferences")),
        }
        body = render_to_string("notifications/email/notification.txt", context)
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:32]
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            # the same for every try, so a receiving server can drop a copy
            "Message-ID": f"<{digest}@breakthrough.notifications>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "X-Breakthrough-Kind": notification.kind,
        },
    )
    if notification.kind == Kind.EVENT_TOMORROW:
        message.attach("event.ics", event_ics(notification.params), "text/calendar")
    return message


def _due(now: dt.datetime) -> Q:
    return Q(delivery=Delivery.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def deliver_one(now: dt.datetime | None = None) -> str | None:
    """Send the next email that is due. Returns its new delivery state, or None when nothing is due."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = Notification.objects.select_for_update(skip_locked=True, of=("self",)).filter(_due(now))
        row = rows.select_related("user").order_by("created_at", "id").first()
        if row is None:
            return None
        row.attempts += 1
        try:
            build_email(row).send()
        except Exception as exc:  # any failure of the mail server: retried, never a crash of the worker
            row.last_error = type(exc).__name__[:200]  # the class only: a message may hold an address
            if row.attempts >= MAX_ATTEMPTS:
                row.delivery = Delivery.FAILED
                row.next_attempt_at = None
            else:
                row.next_attempt_at = now + backoff(row.attempts)
            logger.warning("notification %s: email failed (try %s)", row.pk, row.attempts)
        else:
            row.delivery, row.sent_at, row.last_error = Delivery.SENT, timezone.now(), ""
        row.save(update_fields=["attempts", "delivery", "sent_at", "next_attempt_at", "last_error"])
        return row.delivery


def deliver_pending(*, limit: int = 500) -> dict[str, int]:
    """Send every email that is due (at most ``limit``), one transaction each."""
    counts: dict[str, int] = {}
    for _ in range(limit):
        state = deliver_one()
        if state is None:
            break
        counts[state] = counts.get(state, 0) + 1
    return counts


def retry(*, notification: Notification) -> Notification:
    """Staff send a failed email again."""
    notification.delivery, notification.attempts, notification.next_attempt_at = Delivery.PENDING, 0, None
    notification.save(update_fields=["delivery", "attempts", "next_attempt_at"])
    return notification


def send_digests() -> int:
    """One email per person gathering the notifications they chose to read weekly. Returns emails sent."""
    sent = 0
    users = Notification.objects.filter(delivery=Delivery.DIGEST).values_list("user_id", flat=True).distinct()
    for user_id in list(users):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(user_id=user_id, delivery=Delivery.DIGEST)
                .select_related("user")
                .order_by("created_at")
            )
            if not rows:
                continue
            user = rows[0].user
            with translation.override(_language(user)):
                context = {
                    "user": user,
                    "items": [
                        (kinds.title(r.kind, r.params), _absolute(r.link) if r.link else "") for r in rows
                    ],
                    "preferences": _absolute(reverse("notifications:preferences")),
                }
                subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
                body = render_to_string("notifications/email/digest.txt", context)
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                delivery=Delivery.DIGESTED, sent_at=timezone.now()
            )
            sent += 1
    return sent
