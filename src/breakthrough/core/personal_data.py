"""What the platform holds about one person, as JSON (the account page's download).

Every row of every model that points at the person through a foreign key (their memberships, comments,
cycles they wrote, survey responses, observations, sign-ins, notifications, audit records of what they
did…), found through the app registry so a new model is included without code here. Secrets are left out
(passwords, token hashes, keys); audit records give what was done, not the before and after of rows that
belong to teams.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

SECRET_WORDS = ("password", "token", "key", "secret", "hash", "session_data")
LEFT_OUT_OF_AUDIT = ("before", "after")


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if any(word in name.lower() for word in SECRET_WORDS):
            continue
        if obj._meta.model_name == "auditrecord" and name in LEFT_OUT_OF_AUDIT:
            continue
        out[name] = _value(getattr(obj, name))
    return out


def _user_links(user_model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    links = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is user_model:
                links.append((model, field.name))
    return links


def personal_data(user: Any) -> dict[str, Any]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    held: dict[str, Any] = {"account": _row(user)}
    for model, field in _user_links(user_model):
        rows = [_row(obj) for obj in model._default_manager.filter(**{field: user}).order_by("pk")[:10000]]
        if rows:
            held.setdefault(f"{model._meta.app_label}.{model._meta.model_name}", {})[field] = rows
    return held
