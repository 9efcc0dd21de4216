"""What the study's pages share: the study team's gate, a member's open waves, a wave by id, the
answer sheet of a survey or an observation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from breakthrough.collaboratives.access import (
    STUDY_TEAM,
    collaborative_ids_where,
    get_object_for_user,
    reach_of,
)
from breakthrough.collaboratives.models import TEAM_ROLES
from breakthrough.study import services
from breakthrough.study.models import Instrument, Response, Wave


def study_or_403(user: Any) -> set[int]:
    ids = collaborative_ids_where(user, STUDY_TEAM)
    if not ids:
        raise PermissionDenied
    return ids


def open_waves_for_member(user: Any) -> list[dict[str, Any]]:
    collabs = reach_of(user).collaboratives(TEAM_ROLES)
    if not collabs:
        return []
    today = timezone.localdate()
    waves = Wave.objects.active().filter(
        collaborative_id__in=collabs,
        opens_on__lte=today,
        closes_on__gte=today,
        instrument__kind=Instrument.Kind.SURVEY,
        groups__kind="team",
    )
    code = services.study_code_of(user)
    answered = set(Response.objects.filter(respondent_key=code).values_list("wave_id", flat=True))
    return [{"wave": w, "answered": w.pk in answered} for w in waves.distinct()]


def wave_for(request: HttpRequest, pk: int, write: bool = False) -> Wave:
    return get_object_for_user(request.user, Wave, pk, write=write)


def answer_context(
    wave: Wave, language: str, values: dict[str, Any], errors: dict[str, Any]
) -> dict[str, Any]:
    items = []
    for item in wave.instrument.items.active().order_by("number"):
        name = f"item-{item.pk}"
        items.append(
            {
                "item": item,
                "name": name,
                "text": item.text(language),
                "choices": item.choices(language),
                "value": str(values.get(name, "")),
                "errors": errors.get(name, []),
            }
        )
    return {
        "wave": wave,
        "title": wave.instrument.title(language),
        "items": items,
        "language": language,
        "form_errors": errors.get("__all__", []),
    }
