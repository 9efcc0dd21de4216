"""Making, checking and revoking personal API tokens (the services of the api app)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.api.models import ApiToken
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord
from breakthrough.core.services import archive

TOKEN_PREFIX = "bt_"
DEFAULT_DAYS = 90
MAX_DAYS = 366
LAST_USED_EVERY = dt.timedelta(minutes=5)  # how stale last_used_at may be, to spare a write per request


def hash_key(key: str) -> str:
    # A token carries 256 random bits, so a plain SHA-256 cannot be brute-forced (no slow hash needed).
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str, days: int = DEFAULT_DAYS, by: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the token itself (shown once, never stored)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}})
    if not name.strip():
        raise ValidationError({"name": _("Name the token, so you know later what it is for.")})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=key[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_key(key),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(obj=token, by=by or user, action=AuditRecord.Action.CREATE)
    return token, key


def token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """A revoked token stops working at once; the row stays, archived, for the audit trail."""
    if token.archived_at is not None:
        raise ValidationError(_("This token is already revoked."))
    with transaction.atomic():
        return archive(obj=token, by=by)  # type: ignore[return-value]


def token_for_key(key: str) -> ApiToken | None:
    """The usable token with this key, or None (unknown, revoked or expired)."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = ApiToken.objects.usable(now).select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # not audited: not a change of data
    return token
