"""Survey and observation waves: setting one up, personal links and reminders, its scores."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.background import in_background
from breakthrough.core.forms import add_service_errors
from breakthrough.study import series, services
from breakthrough.study.forms import LinksForm, WaveForm
from breakthrough.study.models import Instrument, Wave
from breakthrough.study.tasks import survey_reminders
from breakthrough.study.views._common import study_or_403, wave_for


@login_required
def wave_create(request: HttpRequest) -> HttpResponse:
    ids = study_or_403(request.user)
    form = WaveForm(request.POST or None, collaboratives=Collaborative.objects.filter(pk__in=ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        collab = data["collaborative"]
        try:
            wave = services.wave_create(
                by=request.user,
                collaborative=collab,
                instrument=data["instrument"],
                name=data["name_en"],
                name_es=data["name_es"],
                kind=data["kind"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                groups=[services.group_for(collab, kind) for kind in data["groups"]],
                double_coding_share=data["double_coding_share"],
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The wave is set up."))
            return redirect("study:wave-detail", pk=wave.pk)
    return render(request, "study/wave_form.html", {"form": form})


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk)
    return _wave_page(request, wave, LinksForm(collaborative=wave.collaborative))


def _wave_page(
    request: HttpRequest, wave: Wave, form: Any, new_links: Any = None, status: int = 200
) -> HttpResponse:
    context = {
        "wave": wave,
        "reminding": _reminding(request, wave),
        "form": form,
        "rates": series.response_rates(wave),
        "links": wave.links.active().select_related("program", "contact"),
        "new_links": new_links or [],
        "n_responses": wave.responses.active().count(),
    }
    response = render(request, "study/wave_detail.html", context, status=status)
    if context["reminding"]:
        response["Refresh"] = "3"  # the page follows the worker, as an export's does
    return response


@login_required
@require_POST
def wave_links(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk, write=True)
    form = LinksForm(request.POST, collaborative=wave.collaborative)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.links_create(
                by=request.user,
                wave=wave,
                group=services.group_for(wave.collaborative, data["group"]),
                program=data["program"],
                role=data["role"],
                language=data["language"],
                respondent_keys=[key for key, _email in data["respondent_keys"]],
                emails={key: email for key, email in data["respondent_keys"] if email},
                link_url=_link_url(request),
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            new_links = [(link, _link_url(request)(token)) for link, token in made]
            return _wave_page(request, wave, LinksForm(collaborative=wave.collaborative), new_links)
    return _wave_page(request, wave, form, status=400)


@login_required
@require_POST
def wave_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind everyone who has not answered: on the worker when there is one (the wave's page follows it
    and says how many went out), otherwise in the request."""
    wave = wave_for(request, pk, write=True)
    if in_background():
        result = survey_reminders.enqueue(wave.pk, request.user.pk, request.build_absolute_uri("/"))
        request.session[_remind_key(wave)] = str(result.id)
        return redirect("study:wave-detail", pk=wave.pk)
    _tell(request, services.links_remind(by=request.user, wave=wave, link_url=_link_url(request)))
    return redirect("study:wave-detail", pk=wave.pk)


def _remind_key(wave: Wave) -> str:
    return f"study:remind:{wave.pk}"


def _reminding(request: HttpRequest, wave: Wave) -> bool:
    """Whether the reminders this person asked for are still being sent; once done, say what was done."""
    result_id = request.session.get(_remind_key(wave))
    if not result_id:
        return False
    try:
        result = survey_reminders.get_result(result_id)
    except TaskResultDoesNotExist:
        del request.session[_remind_key(wave)]
        return False
    if not result.is_finished:
        return True
    del request.session[_remind_key(wave)]
    if result.status == TaskResultStatus.SUCCESSFUL:
        _tell(request, services.Reminded(**result.return_value))
    else:
        messages.error(
            request, _("The reminders could not all be sent. Try again: nobody is reminded twice.")
        )
    return False


def _tell(request: HttpRequest, done: services.Reminded) -> None:
    if done.emailed:
        messages.success(
            request,
            ngettext(
                "%(n)s reminder sent by email, with a fresh personal link.",
                "%(n)s reminders sent by email, each with a fresh personal link.",
                done.emailed,
            )
            % {"n": done.emailed},
        )
    if done.by_hand:
        messages.info(
            request,
            ngettext(
                "%(n)s person without an email address is marked as reminded: remind them with their "
                "printed link.",
                "%(n)s people without an email address are marked as reminded: remind them with their "
                "printed links.",
                done.by_hand,
            )
            % {"n": done.by_hand},
        )
    if done.failed:
        messages.error(
            request,
            ngettext(
                "%(n)s reminder could not be sent; its earlier link still works. Try again later.",
                "%(n)s reminders could not be sent; their earlier links still work. Try again later.",
                done.failed,
            )
            % {"n": done.failed},
        )
    if not any(done):
        messages.info(request, _("Everyone with a link has answered."))


def _link_url(request: HttpRequest) -> Any:
    """The full address of a personal link's answer page, for the screen and for email."""
    return lambda token: request.build_absolute_uri(reverse("study:answer-by-link", args=[token]))


@login_required
def wave_scores(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk)
    threshold = wave.collaborative.small_cell_threshold
    context: dict[str, Any] = {"wave": wave}
    if wave.instrument.kind == Instrument.Kind.SURVEY:
        other_kind = Wave.Kind.LATE if wave.kind == Wave.Kind.EARLY else Wave.Kind.EARLY
        other = (
            Wave.objects.active()
            .filter(collaborative=wave.collaborative, instrument=wave.instrument, kind=other_kind)
            .exclude(pk=wave.pk)
            .first()
        )
        early, late = (wave, other) if wave.kind == Wave.Kind.EARLY else (other, wave)
        context |= {
            "reliability": series.reliability(wave),
            "table": series.by_program_and_role(wave, threshold),
            "change": series.change(early, late) if other else None,
            "early": early,
            "late": late,
            "threshold": threshold,
        }
    else:
        other = (
            Wave.objects.active()
            .filter(collaborative=wave.collaborative, instrument=wave.instrument)
            .exclude(pk=wave.pk)
            .first()
        )
        context["irr"] = series.inter_rater(wave)
        if other:
            before, after = sorted([wave, other], key=lambda w: w.opens_on)
            context |= {"spread": series.spread(before, after), "before": before, "after": after}
    return render(request, "study/wave_scores.html", context)
