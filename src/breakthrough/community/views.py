"""Community pages: the spaces, threads and replies, moderation, cross-team reply counts, the directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    DIRECTORY_READERS,
    EXCHANGE_READERS,
    PARTICIPANTS,
    can_join_discussion,
    can_moderate,
    collaboratives_where,
    get_object_for_user,
    has_any,
    roles_in,
)
from breakthrough.collaboratives.models import Collaborative
from breakthrough.community import selectors, services
from breakthrough.community.forms import DirectorySettingsForm, HideForm, PeriodForm, ReplyForm, ThreadForm
from breakthrough.community.models import DirectoryEntry, Post, Space, Thread
from breakthrough.core.http import pick_or_404


def _pick(request: HttpRequest, roles: Any) -> tuple[Any, Collaborative]:
    collaboratives = collaboratives_where(request.user, roles).active().order_by("-start_date", "pk")
    chosen = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if chosen is None:
        raise PermissionDenied
    return collaboratives, chosen


def _spaces(user: Any, collaborative: Collaborative) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Space.choices
        if can_join_discussion(user, collaborative, "" if value == Space.ALL else value)
    ]


def _reads_exchanges(user: Any, collaborative: Collaborative) -> bool:
    return user.is_superuser or has_any(roles_in(user, collaborative), EXCHANGE_READERS)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    collaboratives, collab = _pick(request, PARTICIPANTS)
    spaces = []
    for value, label in _spaces(request.user, collab):
        threads = selectors.threads_in(collab, value, request.user)
        spaces.append({"value": value, "label": label, "count": threads.count(), "latest": threads[:3]})
    context = {"collaboratives": collaboratives, "collaborative": collab, "spaces": spaces}
    if _reads_exchanges(request.user, collab):
        today = timezone.localdate()
        context["cross_team_total"] = sum(
            row.replies for row in selectors.cross_team_replies(collab, collab.start_date, today)
        )
    return render(request, "community/home.html", context)


def _space_or_404(request: HttpRequest, collaborative: int, space: str) -> tuple[Collaborative, str, str]:
    collab = Collaborative.objects.active().filter(pk=collaborative).first()
    labels = dict(Space.choices)
    if collab is None or space not in labels:
        raise Http404
    if not can_join_discussion(request.user, collab, "" if space == Space.ALL else space):
        raise Http404
    return collab, space, labels[space]


@login_required
def space_page(
    request: HttpRequest, collaborative: int, space: str, form: ThreadForm | None = None
) -> HttpResponse:
    collab, space, label = _space_or_404(request, collaborative, space)
    context = {
        "collaborative": collab,
        "space": space,
        "label": label,
        "threads": selectors.threads_in(collab, space, request.user),
        "form": form or ThreadForm(),
        "moderator": can_moderate(request.user, collab),
    }
    return render(request, "community/space.html", context)


@login_required
@require_POST
def thread_create(request: HttpRequest, collaborative: int, space: str) -> HttpResponse:
    collab, space_value, _label = _space_or_404(request, collaborative, space)
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            thread = services.thread_start(
                collaborative=collab, space=space_value, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your thread is posted."))
            return redirect("community:thread", pk=thread.pk)
    response = space_page(request, collaborative, space, form=form)
    response.status_code = 400
    return response


def _thread_page(request: HttpRequest, thread: Thread, form: ReplyForm | None = None) -> HttpResponse:
    moderator = can_moderate(request.user, thread.collaborative)
    context = {
        "thread": thread,
        "space_label": dict(Space.choices)[thread.space],
        "posts": selectors.posts_for(thread, request.user),
        "form": form or ReplyForm(),
        "moderator": moderator,
        "hide_form": HideForm(),
    }
    return render(request, "community/thread.html", context)


@login_required
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for_user(request.user, Thread, pk)
    if found.is_archived:
        raise Http404
    return _thread_page(request, found)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for_user(request.user, Thread, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_reply(thread=found, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(post.get_absolute_url())
    response = _thread_page(request, found, form=form)
    response.status_code = 400
    return response


def _post_for_moderator(request: HttpRequest, pk: int) -> Post:
    post = get_object_for_user(request.user, Post, pk)
    if not can_moderate(request.user, post.thread.collaborative):
        raise PermissionDenied
    return post


@login_required
@require_POST
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for_moderator(request, pk)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.post_hide(post=post, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The post is hidden. Only project staff see it now."))
    else:
        messages.error(request, _("Say why the post is hidden."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for_moderator(request, pk)
    services.post_unhide(post=post, by=request.user)
    messages.success(request, _("The post is shown again."))
    return redirect(post.get_absolute_url())


@login_required
def exchanges(request: HttpRequest) -> HttpResponse:
    collaboratives, collab = _pick(request, EXCHANGE_READERS)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(
            request, "community/exchanges.html", {"form": form, "collaborative": collab}, status=400
        )
    start = form.cleaned_data["start"] or collab.start_date
    end = form.cleaned_data["end"] or max(timezone.localdate(), collab.end_date)
    rows = selectors.cross_team_replies(collab, start, end)
    context = {
        "form": form,
        "collaboratives": collaboratives,
        "collaborative": collab,
        "rows": rows,
        "total": sum(r.replies for r in rows),
        "start": start,
        "end": end,
    }
    return render(request, "community/exchanges.html", context)


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    collaboratives, collab = _pick(request, DIRECTORY_READERS)
    context = {
        "collaboratives": collaboratives,
        "collaborative": collab,
        **selectors.directory(collab, request.user),
    }
    return render(request, "community/directory.html", context)


@login_required
def directory_settings(request: HttpRequest) -> HttpResponse:
    collaboratives = collaboratives_where(request.user, DIRECTORY_READERS).active().order_by("name")
    if not collaboratives.exists():
        raise PermissionDenied
    current = set(
        DirectoryEntry.objects.filter(user=request.user, share_email=True).values_list(
            "collaborative_id", flat=True
        )
    )
    data = request.POST if request.method == "POST" else None  # no box ticked is an answer too
    form = DirectorySettingsForm(data, collaboratives=collaboratives, current=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for collab, share in form.choices():
                services.directory_share_set(user=request.user, collaborative=collab, share_email=share)
        messages.success(request, _("Your directory settings are saved."))
        return redirect("community:directory-settings")
    return render(request, "community/directory_settings.html", {"form": form})
