"""The PDSA pages: the log, a cycle's Plan/Do/Study/Act, a ramp, the shared library, team storyboards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    PARTICIPANTS,
    can_change,
    can_view,
    collaboratives_where,
    get_object_for_user,
    teams_seen_by,
)
from breakthrough.collaboratives.comments import comment_add as add_comment
from breakthrough.collaboratives.comments import comments_on
from breakthrough.collaboratives.models import TEAM_ROLES, Membership, Role, Team
from breakthrough.framework.models import ChangeIdea, PrimaryDriver
from breakthrough.pdsa import services
from breakthrough.pdsa.forms import (
    SECTIONS,
    AttachmentForm,
    CommentForm,
    CycleStartForm,
    LibraryFilterForm,
    SectionForm,
    StoryboardForm,
)
from breakthrough.pdsa.models import (
    Attachment,
    PDSACycle,
    Ramp,
    Storyboard,
)

PAGE_SIZE = 20


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _require_participant(user: Any) -> Any:
    collabs = collaboratives_where(user, PARTICIPANTS)
    if not collabs.exists():
        raise PermissionDenied
    return collabs


def _teams_for_work(user: Any) -> Any:
    """Teams this person may start cycles for: their own team, or any team where they are project staff."""
    if user.is_superuser:
        return Team.objects.active()
    mine = Membership.objects.active().filter(user=user)
    return Team.objects.active().filter(
        Q(pk__in=mine.filter(role__in=TEAM_ROLES, team__isnull=False).values("team"))
        | Q(collaborative__in=mine.filter(role=Role.PROJECT_STAFF).values("collaborative"))
    )


def _ideas_for(teams: Any) -> Any:
    return (
        ChangeIdea.objects.active()
        .filter(
            secondary__archived_at__isnull=True,
            secondary__primary__archived_at__isnull=True,
            secondary__primary__collaborative__in=teams.values("collaborative"),
        )
        .filter(Q(team__isnull=True) | Q(team__in=teams))
        .order_by("secondary__primary__order", "secondary__order", "order", "id")
    )


def _cycles_prefetch() -> Prefetch:
    return Prefetch("cycles", queryset=PDSACycle.objects.active().order_by("number"))


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request.user)
    teams = teams_seen_by(request.user).select_related("collaborative").order_by("name")
    team = None
    if request.GET.get("team"):
        team = teams.filter(pk=request.GET["team"]).first() if request.GET["team"].isdigit() else None
        if team is None:
            raise Http404
    ramps = (
        Ramp.objects.active()
        .visible_to(request.user)
        .select_related("team", "change_idea")
        .prefetch_related(_cycles_prefetch())
        .order_by("team__name", "-created_at")
    )
    if team is not None:
        ramps = ramps.filter(team=team)
    context = {
        "teams": teams,
        "team": team,
        "ramps": ramps,
        "can_start": _teams_for_work(request.user).exists(),
        "own_teams": teams.filter(pk__in=_teams_for_work(request.user)),
    }
    return render(request, "pdsa/cycle_list.html", context)


@login_required
def cycle_create(request: HttpRequest) -> HttpResponse:
    teams = _teams_for_work(request.user)
    if not teams.exists():
        raise PermissionDenied
    ideas = _ideas_for(teams)
    initial = {"change_idea": request.GET.get("idea")} if request.GET.get("idea", "").isdigit() else {}
    form = CycleStartForm(request.POST or None, initial=initial, ideas=ideas, teams=teams)
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("team") or teams.first()
        idea = form.cleaned_data["change_idea"]
        if not can_change(request.user, Ramp(team=team, change_idea=idea)):
            raise PermissionDenied
        try:
            cycle = services.ramp_start(team=team, change_idea=idea, by=request.user, **form.service_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            started = _("Cycle %(number)s started. Record what happens in the Do section.")
            messages.success(request, started % {"number": cycle.number})
            return redirect(cycle)
    return render(request, "pdsa/cycle_create.html", {"form": form})


def _sections(cycle: PDSACycle, bound: SectionForm | None = None, saved: str = "") -> list[dict[str, Any]]:
    sections = []
    for key, form_class in SECTIONS.items():
        form = bound if bound is not None and bound.section == key else form_class.for_cycle(cycle)
        sections.append({"key": key, "form": form, "saved": saved == key})
    return sections


def _detail_context(request: HttpRequest, cycle: PDSACycle, **extra: Any) -> dict[str, Any]:
    bound, saved = extra.pop("bound", None), extra.pop("saved", "")
    return {
        "cycle": cycle,
        "ramp": cycle.ramp,
        "can_edit": can_change(request.user, cycle),
        "sees_team": can_view(request.user, cycle.ramp),
        "sections": _sections(cycle, bound, saved),
        # Only a cycle this reader may open: a shared cycle must not reveal the team's unshared next one.
        "next_cycle": cycle.ramp.cycles.active()
        .visible_to(request.user)
        .filter(number__gt=cycle.number)
        .order_by("number")
        .first(),
        "comments": comments_on(cycle),
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "attachments": cycle.attachments.active().order_by("uploaded_at", "pk"),
        "attachment_form": extra.pop("attachment_form", None) or AttachmentForm(),
        "attachment_add_url": reverse("pdsa:cycle-attachment-add", args=[cycle.pk]),
        **extra,
    }


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_for_user(request.user, PDSACycle, pk)
    return render(request, "pdsa/cycle_detail.html", _detail_context(request, cycle))


@require_POST
@login_required
def cycle_update(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    cycle = get_object_for_user(request.user, PDSACycle, pk, write=True)
    if section not in SECTIONS:
        raise Http404
    form = SECTIONS[section](request.POST)
    saved = False
    if form.is_valid():
        try:
            cycle = services.cycle_update(
                cycle=cycle, by=request.user, revision=form.cleaned_data["revision"], **form.service_data()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
            cycle.refresh_from_db()  # the service set the refused values on this copy
        else:
            saved = True
    if _is_htmx(request):
        bound = None if saved else form
        context = _detail_context(request, cycle, bound=bound, saved=section if saved else "")
        context["s"] = next(s for s in context["sections"] if s["key"] == section)
        context["oob"] = saved
        return render(request, "pdsa/cycle_detail.html#section", context)
    if saved:
        messages.success(request, _("Saved."))
        return redirect(f"{cycle.get_absolute_url()}#section-{section}")
    return render(request, "pdsa/cycle_detail.html", _detail_context(request, cycle, bound=form))


@require_POST
@login_required
def cycle_next(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_for_user(request.user, PDSACycle, pk, write=True)
    try:
        new = services.cycle_next(cycle=cycle, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(cycle)
    numbers = {"new": new.number, "old": cycle.number}
    messages.success(request, _("Cycle %(new)s started, its plan copied from cycle %(old)s.") % numbers)
    return redirect(new)


@require_POST
@login_required
def cycle_share(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_for_user(request.user, PDSACycle, pk, write=True)
    cycle = services.cycle_share(cycle=cycle, by=request.user, shared=request.POST.get("shared") == "1")
    if _is_htmx(request):
        return render(request, "pdsa/cycle_detail.html#share", {"cycle": cycle, "can_edit": True})
    if cycle.is_shared:
        messages.success(request, _("Shared with the collaborative."))
    else:
        messages.success(request, _("No longer shared: only your team and faculty see it."))
    return redirect(cycle)


@require_POST
@login_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_for_user(request.user, PDSACycle, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            add_comment(target=cycle, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error("body", exc.messages)
        else:
            form = CommentForm()
            if not _is_htmx(request):
                messages.success(request, _("Comment added."))
                return redirect(f"{cycle.get_absolute_url()}#comments")
    context = {"cycle": cycle, "comments": comments_on(cycle), "comment_form": form}
    if _is_htmx(request):
        return render(request, "pdsa/cycle_detail.html#comments", context)
    return render(request, "pdsa/cycle_detail.html", _detail_context(request, cycle, comment_form=form))


@login_required
def ramp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ramp = get_object_for_user(request.user, Ramp, pk)
    cycles = ramp.cycles.active().order_by("number")
    return render(
        request,
        "pdsa/ramp_detail.html",
        {"ramp": ramp, "cycles": cycles, "can_edit": can_change(request.user, ramp)},
    )


def _filter_library(cycles: Any, data: dict[str, Any]) -> Any:
    if data.get("q"):
        q = data["q"]
        cycles = cycles.filter(
            Q(objective__icontains=q)
            | Q(prediction__icontains=q)
            | Q(study_results__icontains=q)
            | Q(study_learning__icontains=q)
            | Q(next_step__icontains=q)
        )
    if data.get("driver"):
        cycles = cycles.filter(ramp__change_idea__secondary__primary=data["driver"])
    if data.get("idea"):
        cycles = cycles.filter(ramp__change_idea=data["idea"])
    if data.get("team"):
        cycles = cycles.filter(ramp__team=data["team"])
    if data.get("outcome"):
        cycles = cycles.filter(decision=data["outcome"])
    if data.get("month"):
        month = data["month"]
        in_month = Q(done_on__year=month.year, done_on__month=month.month)
        planned = Q(done_on__isnull=True, planned_start__year=month.year, planned_start__month=month.month)
        cycles = cycles.filter(in_month | planned)
    return cycles


@login_required
def library(request: HttpRequest) -> HttpResponse:
    collabs = _require_participant(request.user)
    teams = Team.objects.active().filter(collaborative__in=collabs).order_by("name")
    form = LibraryFilterForm(
        request.GET,
        drivers=PrimaryDriver.objects.active().filter(collaborative__in=collabs),
        ideas=ChangeIdea.objects.active()
        .filter(secondary__primary__collaborative__in=collabs)
        .filter(Q(team__isnull=True) | Q(team__in=teams_seen_by(request.user))),
        teams=teams,
    )
    cycles = (
        PDSACycle.objects.active()
        .shared()
        .filter(ramp__team__collaborative__in=collabs)
        .select_related("ramp__team", "ramp__change_idea__secondary__primary")
        .order_by("-shared_at", "-id")
    )
    if form.is_valid():
        cycles = _filter_library(cycles, form.cleaned_data)
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pdsa/library.html", {"form": form, "page": page, "teams": teams})


def _storyboard_for(user: Any, team_id: int) -> tuple[Team, Storyboard]:
    team = Team.objects.active().filter(pk=team_id).first()
    if team is None:
        raise Http404
    board = Storyboard.objects.filter(team=team).first() or Storyboard(team=team, aim=team.aim_statement)
    if not can_view(user, board):
        raise Http404
    return team, board


@login_required
def storyboard(
    request: HttpRequest,
    team_id: int,
    form: StoryboardForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    team, board = _storyboard_for(request.user, team_id)
    cycles = PDSACycle.objects.active().visible_to(request.user).filter(ramp__team=team)
    ramps = (
        Ramp.objects.active()
        .filter(team=team, cycles__in=cycles)
        .distinct()
        .select_related("change_idea__secondary__primary")
        .prefetch_related(Prefetch("cycles", queryset=cycles.order_by("number"), to_attr="shown"))
        .order_by("created_at")
    )
    can_edit = can_change(request.user, board)
    context = {
        "team": team,
        "board": board,
        "ramps": ramps,
        "sees_team": can_view(request.user, team),
        "can_edit": can_edit,
        "form": form or (StoryboardForm.for_board(board) if can_edit else None),
        "attachments": board.attachments.active().order_by("uploaded_at", "pk") if board.pk else [],
        "attachment_form": attachment_form or AttachmentForm(),
        "attachment_add_url": reverse("pdsa:storyboard-attachment-add", args=[team.pk]),
    }
    return render(request, "pdsa/storyboard.html", context)


@require_POST
@login_required
def storyboard_update(request: HttpRequest, team_id: int) -> HttpResponse:
    team, board = _storyboard_for(request.user, team_id)
    if not can_change(request.user, board):
        raise PermissionDenied
    form = StoryboardForm(request.POST)
    if form.is_valid():
        try:
            services.storyboard_update(
                team=team, by=request.user, revision=form.cleaned_data["revision"], **form.service_data()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Storyboard saved."))
            return redirect("pdsa:storyboard", team_id=team.pk)
    return storyboard(request, team.pk, form=form)


# --- Files and photos on cycles and storyboards. ---


@require_POST
@login_required
def cycle_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_for_user(request.user, PDSACycle, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(cycle=cycle, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(f"{cycle.get_absolute_url()}#attachments")
    context = _detail_context(request, cycle, attachment_form=form)
    response = render(request, "pdsa/cycle_detail.html", context)
    response.status_code = 400
    return response


@require_POST
@login_required
def storyboard_attachment_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team, board = _storyboard_for(request.user, team_id)
    if not can_change(request.user, board):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(storyboard=board, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(reverse("pdsa:storyboard", args=[team.pk]) + "#attachments")
    response = storyboard(request, team.pk, attachment_form=form)
    response.status_code = 400
    return response


def _attachment_for(user: Any, pk: int) -> Attachment:
    """The attachment, if this person may open the cycle or storyboard it is on; else 404."""
    found = Attachment.objects.active().filter(pk=pk).first()
    if found is None:
        raise Http404
    if found.cycle_id is not None:
        target: Any = get_object_for_user(user, PDSACycle, found.cycle_id)
    else:
        target = get_object_for_user(user, Storyboard, found.storyboard_id)
    if target.is_archived:
        raise Http404
    return found


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, only to people who may open its cycle or storyboard: photos shown in the page, PDFs saved."""
    found = _attachment_for(request.user, pk)
    try:
        handle = services.attachment_storage().open(found.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not found.is_image,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = _attachment_for(request.user, pk)
    services.attachment_remove(attachment=found, by=request.user)
    messages.success(request, _("The file is removed."))
    target = found.target
    return redirect(f"{target.get_absolute_url()}#attachments")
