"""Study pages: evaluators set up and read the study; members and families answer; observers score blind."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    INCIDENT_ROLES,
    STUDY_AGGREGATES,
    STUDY_TEAM,
    collaborative_ids_where,
    get_object_for_user,
    reach_of,
)
from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Membership, Role, Team
from breakthrough.core.forms import add_service_errors
from breakthrough.core.models import User
from breakthrough.study import redcap, series, services
from breakthrough.study.forms import (
    CodeForm,
    ImportForm,
    IncidentForm,
    InterviewForm,
    LinksForm,
    ScheduleForm,
    WaveForm,
)
from breakthrough.study.models import (
    Code,
    DemographicCategory,
    Excerpt,
    Instrument,
    Interview,
    Observation,
    ObservationScore,
    Response,
    Wave,
)


def _study_or_403(user: Any) -> set[int]:
    ids = collaborative_ids_where(user, STUDY_TEAM)
    if not ids:
        raise PermissionDenied
    return ids


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _open_waves_for_member(user: Any) -> list[dict[str, Any]]:
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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The study's start page: what each person does in the study, and nothing else."""
    user = request.user
    studied = collaborative_ids_where(user, STUDY_TEAM)
    observing = collaborative_ids_where(user, {Role.OBSERVER})
    surveys = _open_waves_for_member(user)
    aggregates = collaborative_ids_where(user, STUDY_AGGREGATES) - studied
    team_roles = reach_of(user).roles & TEAM_ROLES
    if not (studied or observing or team_roles or aggregates):
        raise PermissionDenied
    context: dict[str, Any] = {
        "surveys": surveys,
        "studied": bool(studied),
        "reports_incidents": bool(team_roles & set(INCIDENT_ROLES)),
    }
    if aggregates:
        context["summaries"] = [
            series.aggregate_summary(wave, wave.collaborative.small_cell_threshold)
            for wave in Wave.objects.active()
            .filter(collaborative_id__in=aggregates, instrument__kind=Instrument.Kind.SURVEY)
            .select_related("collaborative", "instrument")
        ]
    if observing:
        mine = Observation.objects.active().filter(observer=user).select_related("classroom__program")
        context["my_observations"] = {
            "to_score": mine.filter(status=Observation.Status.SCHEDULED).order_by("starts_at"),
            "submitted": mine.filter(status=Observation.Status.SUBMITTED).order_by("-starts_at"),
        }
    if studied:
        waves = Wave.objects.active().filter(collaborative_id__in=studied).select_related("instrument")
        context |= {
            "waves": waves,
            "collaboratives": Collaborative.objects.filter(pk__in=studied),
            "observations": Observation.objects.active()
            .filter(wave__collaborative_id__in=studied)
            .select_related("classroom", "observer", "wave"),
        }
    return render(request, "study/home.html", context)


# --- instruments ---


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    _study_or_403(request.user)
    return render(
        request,
        "study/instrument_list.html",
        {"instruments": Instrument.objects.active(), "form": ImportForm()},
    )


@login_required
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_for_user(request.user, Instrument, pk)
    _study_or_403(request.user)
    return render(
        request,
        "study/instrument_detail.html",
        {
            "instrument": instrument,
            "items": instrument.items.active(),
            "subscales": instrument.subscales.active(),
        },
    )


@login_required
def instrument_import(request: HttpRequest) -> HttpResponse:
    _study_or_403(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems = [_("Save the data dictionary as CSV in UTF-8.")]
        else:
            try:
                instrument = redcap.instrument_import(
                    by=request.user,
                    data=data,
                    **{k: form.cleaned_data[k] for k in ("name", "kind", "owner", "licence", "proprietary")},
                )
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("Imported %(n)s items.") % {"n": instrument.items.count()})
                return redirect("study:instrument-detail", pk=instrument.pk)
    status = 400 if problems else 200
    return render(
        request, "study/instrument_import.html", {"form": form, "problems": problems}, status=status
    )


@login_required
def instrument_export(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_for_user(request.user, Instrument, pk)
    _study_or_403(request.user)
    response = HttpResponse(redcap.instrument_export(instrument), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{instrument.slug}_DataDictionary.csv"'
    return response


# --- waves ---


@login_required
def wave_create(request: HttpRequest) -> HttpResponse:
    ids = _study_or_403(request.user)
    form = WaveForm(request.POST or None, collaboratives=Collaborative.objects.filter(pk__in=ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        collab = data["collaborative"]
        try:
            wave = services.wave_create(
                by=request.user,
                collaborative=collab,
                instrument=data["instrument"],
                name=data["name"],
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


def _wave(request: HttpRequest, pk: int, write: bool = False) -> Wave:
    wave = get_object_for_user(request.user, Wave, pk, write=write)
    return wave


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    return _wave_page(request, wave, LinksForm(collaborative=wave.collaborative))


def _wave_page(
    request: HttpRequest, wave: Wave, form: Any, new_links: Any = None, status: int = 200
) -> HttpResponse:
    context = {
        "wave": wave,
        "form": form,
        "rates": series.response_rates(wave),
        "links": wave.links.active().select_related("program", "contact"),
        "new_links": new_links or [],
        "n_responses": wave.responses.active().count(),
    }
    return render(request, "study/wave_detail.html", context, status=status)


@login_required
@require_POST
def wave_links(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, write=True)
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
    wave = _wave(request, pk, write=True)
    done = services.links_remind(by=request.user, wave=wave, link_url=_link_url(request))
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
    return redirect("study:wave-detail", pk=wave.pk)


def _link_url(request: HttpRequest) -> Any:
    """The full address of a personal link's answer page, for the screen and for email."""
    return lambda token: request.build_absolute_uri(reverse("study:answer-by-link", args=[token]))


@login_required
def wave_scores(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
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


# --- answering ---


def _answer_context(
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


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A team member answers an open survey wave inside the platform."""
    wave = Wave.objects.active().filter(pk=pk).first()
    if wave is None or not any(row["wave"] == wave for row in _open_waves_for_member(request.user)):
        raise Http404
    language = translation.get_language() or "en"
    if request.method == "POST":
        try:
            services.response_submit_signed_in(
                wave=wave, user=request.user, raw=request.POST, language=language[:2]
            )
        except ValidationError as exc:
            ctx = _answer_context(wave, language, request.POST, _errors(exc))
            return render(request, "study/answer.html", ctx, status=400)
        messages.success(request, _("Thank you! Your answers are saved."))
        return redirect("study:home")
    return render(request, "study/answer.html", _answer_context(wave, language, {}, {}))


@never_cache
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Someone without an account answers through their personal link, in their language, once."""
    link = services.link_for_token(token)
    if link is None:
        raise Http404
    language = request.GET.get("lang") or request.POST.get("lang") or link.language
    language = language if language in ("en", "es") else "en"
    with translation.override(language):
        request.LANGUAGE_CODE = language
        if link.used_at is not None:
            return render(request, "study/answered.html", {"already": True})
        if not link.wave.is_open():
            return render(request, "study/answered.html", {"closed": True})
        if request.method == "POST":
            try:
                services.response_submit_by_link(link=link, raw=request.POST, language=language)
            except ValidationError as exc:
                ctx = _answer_context(link.wave, language, request.POST, _errors(exc)) | {"by_link": True}
                return render(request, "study/answer.html", ctx, status=400)
            return render(request, "study/answered.html", {"done": True})
        ctx = _answer_context(link.wave, language, {}, {}) | {"by_link": True}
        return render(request, "study/answer.html", ctx)


# --- observations ---


def _observers(collaborative: Collaborative) -> Any:
    ids = (
        Membership.objects.active().filter(collaborative=collaborative, role=Role.OBSERVER).values("user_id")
    )
    return User.objects.filter(pk__in=ids)


@login_required
def observation_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, write=True)
    form = ScheduleForm(
        request.POST or None, observers=_observers(wave.collaborative), collaborative=wave.collaborative
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_schedule(by=request.user, wave=wave, **data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The observation is scheduled."))
            return redirect("study:observation-schedule", pk=wave.pk)
    scheduled = wave.observations.active().select_related("classroom", "observer", "second_of")
    firsts = sum(1 for o in scheduled if o.second_of_id is None)
    seconds = len(scheduled) - firsts
    share = round(100 * seconds / firsts) if firsts else 0
    context = {"wave": wave, "form": form, "scheduled": scheduled, "share": share, "seconds": seconds}
    return render(request, "study/schedule.html", context)


@login_required
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Blind: the observer sees the classroom code, the program's address and the time slot, and scores."""
    observation = get_object_for_user(request.user, Observation, pk)
    own = observation.observer_id == request.user.pk
    if not own and request.method == "POST":
        raise PermissionDenied
    language = translation.get_language() or "en"
    values = {f"item-{s.item_id}": s.value for s in ObservationScore.objects.filter(observation=observation)}
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        if observation.status == Observation.Status.SUBMITTED:
            raise PermissionDenied
        submit = "submit" in request.POST
        try:
            services.observation_score(
                observation=observation, by=request.user, raw=request.POST, submit=submit
            )
        except ValidationError as exc:
            errors, values, status = _errors(exc), request.POST, 400
        else:
            messages.success(request, _("Scores submitted.") if submit else _("Scores saved."))
            return redirect("study:observation-detail", pk=observation.pk)
    ctx = _answer_context(observation.wave, language, values, errors) | {
        "observation": observation,
        "locked": observation.status == Observation.Status.SUBMITTED or not own,
    }
    return render(request, "study/observation.html", ctx, status=status)


# --- incidents and equity ---


def _reporting_team(user: Any) -> Team:
    m = (
        Membership.objects.active()
        .filter(user=user, role__in=INCIDENT_ROLES, team__isnull=False)
        .select_related("team")
        .first()
    )
    if m is None:
        raise PermissionDenied
    return m.team


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """A teacher reports a behavior incident from a phone; the child is a program-internal code."""
    team = _reporting_team(request.user)
    categories = list(DemographicCategory.objects.active().filter(collaborative=team.collaborative))
    form = IncidentForm(request.POST or None)
    chosen = {c.code: request.POST.get(f"demo-{c.code}", "") for c in categories}
    demo_errors: dict[str, str] = {}
    if request.method == "POST":
        for c in categories:
            if chosen[c.code] and chosen[c.code] not in c.options:
                demo_errors[c.code] = _("Choose one of the options.")
        if form.is_valid() and not demo_errors:
            try:
                services.incident_report(
                    by=request.user,
                    team=team,
                    demographics={k: v for k, v in chosen.items() if v},
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(exc, form)
            else:
                messages.success(request, _("The incident report is saved."))
                return redirect("study:incident-new")
    demographics = [
        {"category": c, "value": chosen.get(c.code, ""), "error": demo_errors.get(c.code)} for c in categories
    ]
    return render(
        request, "study/incident_form.html", {"form": form, "demographics": demographics, "team": team}
    )


@login_required
def equity(request: HttpRequest) -> HttpResponse:
    ids = _study_or_403(request.user)
    collab = Collaborative.objects.filter(pk__in=ids).first()
    teams = list(Team.objects.active().filter(collaborative_id__in=ids))
    categories = list(DemographicCategory.objects.active().filter(collaborative_id__in=ids))
    profiles = [
        {"category": c, "profile": series.equity_profile(teams, c.code, collab.small_cell_threshold)}
        for c in categories
    ]
    return render(
        request,
        "study/equity.html",
        {
            "profiles": profiles,
            "monthly": series.incidents_by_month(teams),
            "threshold": collab.small_cell_threshold,
        },
    )


# --- interviews ---


@login_required
def interview_list(request: HttpRequest) -> HttpResponse:
    ids = _study_or_403(request.user)
    collab = Collaborative.objects.filter(pk__in=ids).first()
    form = InterviewForm(request.POST or None)
    code_form = CodeForm(request.POST or None, prefix="code", collaborative=collab)
    if request.method == "POST":
        if "code-name" in request.POST:
            form = InterviewForm()
            if code_form.is_valid():
                try:
                    services.code_create(by=request.user, collaborative=collab, **code_form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(exc, code_form)
                else:
                    return redirect("study:interview-list")
        else:
            code_form = CodeForm(prefix="code", collaborative=collab)
            if form.is_valid():
                interview = services.interview_create(
                    by=request.user, collaborative=collab, **form.cleaned_data
                )
                return redirect("study:interview-detail", pk=interview.pk)
    context = {
        "interviews": Interview.objects.active().of_collaboratives(ids),
        "codes": Code.objects.active().of_collaboratives(ids),
        "form": form,
        "code_form": code_form,
    }
    return render(request, "study/interview_list.html", context)


@login_required
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_for_user(request.user, Interview, pk)
    codes = Code.objects.active().filter(collaborative=interview.collaborative)
    errors: dict[str, list[str]] = {}
    typed = {"text": "", "codes": []}
    if request.method == "POST":
        get_object_for_user(request.user, Interview, pk, write=True)
        typed = {"text": request.POST.get("text", ""), "codes": request.POST.getlist("codes")}
        chosen = list(codes.filter(pk__in=[c for c in typed["codes"] if c.isdigit()]))
        try:
            services.excerpt_add(by=request.user, interview=interview, text=typed["text"], codes=chosen)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return redirect("study:interview-detail", pk=interview.pk)
    context = {
        "interview": interview,
        "codes": codes,
        "excerpts": interview.excerpts.active().prefetch_related("codes"),
        "errors": errors,
        "typed": typed,
    }
    return render(request, "study/interview_detail.html", context, status=400 if errors else 200)


@login_required
def excerpts_export(request: HttpRequest) -> HttpResponse:
    ids = _study_or_403(request.user)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "mechanism", "interview", "informant", "date", "excerpt"])
    rows = (
        Excerpt.objects.active()
        .filter(interview__collaborative_id__in=ids)
        .select_related("interview")
        .prefetch_related("codes")
    )
    lines = []
    for excerpt in rows:
        for code in excerpt.codes.all():
            i = excerpt.interview
            lines.append(
                [
                    code.name,
                    code.get_mechanism_display(),
                    i.label,
                    i.get_informant_display(),
                    i.held_on,
                    excerpt.text,
                ]
            )
    writer.writerows(sorted(lines, key=lambda r: (r[0], str(r[4]))))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="excerpts_by_code.csv"'
    return response
