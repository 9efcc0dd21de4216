"""Learning-session observations: the sessions in order with their scores, and the observation form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from breakthrough.collaboratives import access
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.forms import errors_by_field
from breakthrough.fieldwork import selectors, services
from breakthrough.fieldwork.forms import SessionForm
from breakthrough.fieldwork.models import SessionObservation, Speaker
from breakthrough.fieldwork.views._common import collaborative_for
from breakthrough.study.models import Instrument


@login_required
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, access.can_read_fieldwork_logs)
    rows = selectors.session_scores(collab)
    codes = list(dict.fromkeys(code for r in rows for code in r.subscales))
    names = {code: name for r in rows for code, name in r.subscale_names.items()}
    voices = selectors.voices_by_role(collab)
    context = {
        "collaborative": collab,
        "rows": rows,
        "subscales": [(c, names.get(c, c)) for c in codes],
        "voices": voices,
        "speakers": Speaker.choices,
        "observations": selectors.observations_of(collab),
        "can_record": access.can_record_sessions(request.user, collab),
    }
    return render(request, "fieldwork/session_list.html", context)


def _sheet(
    instrument: Instrument | None, raw: dict[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    language = get_language()
    items = []
    if instrument is not None:
        for item in instrument.items.active().order_by("number"):
            name = f"item-{item.pk}"
            items.append(
                {
                    "item": item,
                    "name": name,
                    "text": item.text(language),
                    "choices": item.choices(language),
                    "value": str(raw.get(name, "")),
                    "errors": errors.get(name, []),
                    "section": item.section,
                }
            )
    voices = [
        {
            "name": f"turns-{v}",
            "label": label,
            "value": raw.get(f"turns-{v}", ""),
            "errors": errors.get(f"turns-{v}", []),
        }
        for v, label in Speaker.choices
    ]
    return {"items": items, "voices": voices, "form_errors": errors.get("__all__", [])}


def _save(
    request: HttpRequest, collab: Collaborative, observation: SessionObservation | None
) -> HttpResponse:
    initial = {}
    raw: dict[str, Any] = {}
    if observation is not None:
        initial = {
            f: getattr(observation, f)
            for f in ("event", "instrument", "observed_on", "cross_team_exchanges", "notes")
        }
        raw = {f"item-{s.item_id}": s.value for s in observation.scores.all()}
        raw |= {f"turns-{v.role}": v.turns for v in observation.voices.all()}
    form = SessionForm(request.POST or None, collaborative=collab, initial=initial)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        raw = dict(request.POST.items())
        if form.is_valid():
            try:
                saved = services.session_observation_save(
                    by=request.user,
                    observation=observation,
                    revision=_revision(request),
                    raw=raw,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                errors = errors_by_field(exc)
                for field in set(errors) & set(form.fields):
                    for message in errors.pop(field):
                        form.add_error(field, message)
            else:
                return redirect("fieldwork:session-detail", pk=saved.pk)
        status = 400
    instrument = (
        form.cleaned_data.get("instrument") if form.is_bound and hasattr(form, "cleaned_data") else None
    )
    instrument = instrument or (observation.instrument if observation else form.fields["instrument"].initial)
    context = {
        "collaborative": collab,
        "form": form,
        "observation": observation,
        "instrument": instrument,
        **_sheet(instrument, raw, errors),
    }
    return render(request, "fieldwork/session_form.html", context, status=status)


def _revision(request: HttpRequest) -> int | None:
    text = request.POST.get("revision", "")
    return int(text) if text.isdigit() else None


@login_required
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, access.can_record_sessions)
    return _save(request, collab, None)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    observation = access.get_object_for_user(request.user, SessionObservation, pk, write=write)
    collab = observation.event.collaborative
    if not access.can_change(request.user, observation):
        if write:
            raise PermissionDenied
        context = {
            "collaborative": collab,
            "observation": observation,
            **_sheet(observation.instrument, {}, {}),
        }
        context["scores"] = {s.item_id: s.value for s in observation.scores.all()}
        return render(request, "fieldwork/session_view.html", context)
    return _save(request, collab, observation)
