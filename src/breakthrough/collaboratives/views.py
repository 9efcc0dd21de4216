from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives import services
from breakthrough.collaboratives.access import (
    collaborative_ids_where,
    get_object_for_user,
    programs_changeable_by,
    roles_in,
)
from breakthrough.collaboratives.forms import (
    AccountForm,
    ClassroomForm,
    CollaborativeForm,
    InvitationForm,
    MembershipForm,
    ProgramForm,
    TeamForm,
    TimelineForm,
)
from breakthrough.collaboratives.models import (
    Classroom,
    Collaborative,
    Invitation,
    Membership,
    Program,
    Role,
)
from breakthrough.core.forms import add_service_errors

ACCEPT_URL_TOKEN = "accept"
INVITATION_SESSION_KEY = "_invitation_token"


def _is_staff(user: Any, collaborative: Collaborative) -> bool:
    return user.is_superuser or Role.PROJECT_STAFF in roles_in(user, collaborative)


def _staff_collaborative(request: HttpRequest, pk: int) -> Collaborative:
    collaborative = get_object_for_user(request.user, Collaborative, pk, write=True)
    if not _is_staff(request.user, collaborative):
        raise PermissionDenied
    return collaborative


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """The collaboratives this person runs as project staff."""
    if request.user.is_superuser:
        collaboratives = Collaborative.objects.active()
    else:
        staff_of = Membership.objects.active().filter(user=request.user, role=Role.PROJECT_STAFF)
        collaboratives = Collaborative.objects.active().filter(pk__in=staff_of.values("collaborative_id"))
    if not collaboratives and not request.user.is_superuser:  # a superuser starts the first one here
        raise PermissionDenied
    return render(request, "collaboratives/setup_list.html", {"collaboratives": collaboratives})


def _render_setup(request: HttpRequest, collaborative: Collaborative, **forms: Form) -> HttpResponse:
    now = timezone.now()
    teams = collaborative.teams.active().select_related("program")
    invitations = collaborative.invitations.select_related("team", "accepted_by")
    memberships = (
        collaborative.memberships.active().select_related("user", "team").order_by("team__name", "role")
    )
    context = {
        "collaborative": collaborative,
        "collaborative_form": forms.get("collaborative_form") or CollaborativeForm(instance=collaborative),
        "timeline_form": forms.get("timeline_form") or TimelineForm(collaborative=collaborative),
        "program_form": forms.get("program_form") or ProgramForm(),
        "team_form": forms.get("team_form")
        or TeamForm(collaborative=collaborative, programs=programs_changeable_by(request.user)),
        "membership_form": forms.get("membership_form") or MembershipForm(collaborative=collaborative),
        "invitation_form": forms.get("invitation_form") or InvitationForm(collaborative=collaborative),
        "teams": teams,
        "memberships": memberships,
        "invitations": [(i, i.status(now)) for i in invitations],
        "measures_url": _reverse_or_none("measures:measure-list"),
        "framework_url": _reverse_or_none("framework:diagram"),
    }
    return render(request, "collaboratives/setup.html", context)


@login_required
def setup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_setup(request, _staff_collaborative(request, pk))


def _back(collaborative: Collaborative, anchor: str) -> HttpResponse:
    return redirect(reverse("collaboratives:setup-detail", args=[collaborative.pk]) + f"#{anchor}")


@login_required
@require_POST
def collaborative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collaborative = _staff_collaborative(request, pk)
    form = CollaborativeForm(request.POST, instance=collaborative)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.collaborative_update(
                collaborative=collaborative, by=request.user, revision=form.cleaned_data["revision"], **fields
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The collaborative is saved."))
            return _back(collaborative, "details")
    collaborative.refresh_from_db()
    return _render_setup(request, collaborative, collaborative_form=form)


@login_required
@require_POST
def timeline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collaborative = _staff_collaborative(request, pk)
    form = TimelineForm(request.POST, collaborative=collaborative)
    if form.is_valid():
        try:
            services.timeline_update(collaborative=collaborative, by=request.user, dates=form.dates())
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The timeline is saved."))
            return _back(collaborative, "timeline")
    return _render_setup(request, collaborative, timeline_form=form)


@login_required
@require_POST
def program_create(request: HttpRequest, pk: int) -> HttpResponse:
    collaborative = _staff_collaborative(request, pk)
    form = ProgramForm(request.POST, instance=Program(registered_in=collaborative))
    if form.is_valid():
        program = services.program_save(program=form.save(commit=False), by=request.user)
        messages.success(request, _("The program is added. Now add its classrooms and its team."))
        return redirect(
            reverse("collaboratives:program-edit", args=[program.pk]) + f"?from={collaborative.pk}"
        )
    return _render_setup(request, collaborative, program_form=form)


def _program_page(request: HttpRequest, program: Program, form: Form, classroom_form: Form):
    return render(
        request,
        "collaboratives/program.html",
        {
            "program": program,
            "form": form,
            "classroom_form": classroom_form,
            "classrooms": program.classrooms.active(),
            "teams": program.teams.active()
            .filter(collaborative_id__in=collaborative_ids_where(request.user, {Role.PROJECT_STAFF}))
            .select_related("collaborative"),
            "came_from": _came_from(request),
        },
    )


def _came_from(request: HttpRequest) -> Collaborative | None:
    """The collaborative whose set-up page led here (``?from=<pk>``), if this person runs it."""
    pk = request.GET.get("from", "")
    collaborative = Collaborative.objects.filter(pk=pk).first() if pk.isdigit() else None
    return collaborative if collaborative and _is_staff(request.user, collaborative) else None


@login_required
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_for_user(request.user, Program, pk, write=True)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_save(
                program=form.save(commit=False), by=request.user, revision=form.cleaned_data["revision"]
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The program is saved."))
            return redirect("collaboratives:program-edit", pk=program.pk)
    return _program_page(request, program, form, ClassroomForm())


@login_required
@require_POST
def classroom_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_for_user(request.user, Program, pk, write=True)
    form = ClassroomForm(request.POST, instance=Classroom(program=program))
    if form.is_valid():
        services.classroom_save(classroom=form.save(commit=False), by=request.user)
        messages.success(request, _("The classroom is added."))
        return redirect("collaboratives:program-edit", pk=program.pk)
    return _program_page(request, program, ProgramForm(instance=program), form)


@login_required
def classroom_edit(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = get_object_for_user(request.user, Classroom, pk, write=True)
    form = ClassroomForm(request.POST or None, instance=classroom)
    if request.method == "POST" and form.is_valid():
        try:
            services.classroom_save(
                classroom=form.save(commit=False), by=request.user, revision=form.cleaned_data["revision"]
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The classroom is saved."))
            return redirect("collaboratives:program-edit", pk=classroom.program_id)
    return render(request, "collaboratives/classroom.html", {"classroom": classroom, "form": form})


@login_required
@require_POST
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    collaborative = _staff_collaborative(request, pk)
    form = TeamForm(request.POST, collaborative=collaborative, programs=programs_changeable_by(request.user))
    if form.is_valid():
        try:
            services.team_create(collaborative=collaborative, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The team is added."))
            return _back(collaborative, "teams")
    return _render_setup(request, collaborative, team_form=form)


@login_required
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    collaborative = _staff_collaborative(request, pk)
    form = MembershipForm(request.POST, collaborative=collaborative)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(
                collaborative=collaborative,
                user=data["person"],
                role=data["role"],
                team=data["team"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The person is added."))
            return _back(collaborative, "people")
    return _render_setup(request, collaborative, membership_form=form)


@login_required
@require_POST
def membership_archive(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_for_user(request.user, Membership, pk, write=True)
    if not _is_staff(request.user, membership.collaborative):
        raise PermissionDenied
    services.membership_archive(membership=membership, by=request.user)
    messages.success(request, _("The membership is archived. Its history is kept."))
    return _back(membership.collaborative, "people")


@login_required
@require_POST
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    collaborative = _staff_collaborative(request, pk)
    form = InvitationForm(request.POST, collaborative=collaborative)
    if form.is_valid():
        try:
            services.invitation_create(
                collaborative=collaborative,
                by=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The invitation is sent."))
            return _back(collaborative, "invitations")
    return _render_setup(request, collaborative, invitation_form=form)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_for_user(request.user, Invitation, pk, write=True)
    if not _is_staff(request.user, invitation.collaborative):
        raise PermissionDenied
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation is revoked; its link no longer works."))
    return _back(invitation.collaborative, "invitations")


def _read_in_language_of(request: HttpRequest, invitation: Invitation) -> None:
    """An invitation sent in Spanish opens a Spanish sign-up page (and a Spanish welcome), unless the visitor
    chose a language on the site or is signed in with a language of their own."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    if request.user.is_authenticated and getattr(request.user, "preferred_language", ""):
        return
    translation.activate(invitation.language)
    request.LANGUAGE_CODE = translation.get_language()


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to whoever holds a valid link: signed out, create an account; signed in, join with it.

    As Django's password reset does, a valid token moves into the session and the page reloads at a URL
    without it, so it never reaches a log line or another site's Referer header.
    """
    if token != ACCEPT_URL_TOKEN:
        if services.invitation_for_token(token) is None:
            raise Http404
        request.session[INVITATION_SESSION_KEY] = token
        return redirect("collaboratives:invitation-accept", token=ACCEPT_URL_TOKEN)
    token = request.session.get(INVITATION_SESSION_KEY, "")
    invitation = services.invitation_for_token(token) if token else None
    if invitation is None:
        raise Http404
    _read_in_language_of(request, invitation)
    form = None if request.user.is_authenticated else AccountForm(request.POST or None)
    if request.method == "POST":
        try:
            if form is None:
                services.invitation_accept(token=token, user=request.user)
            elif form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "password2"}
                user = services.invitation_accept_new_account(token=token, **data)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
            else:
                add_service_errors(exc, form)
        else:
            if form is None or not form.errors:
                request.session.pop(INVITATION_SESSION_KEY, None)
                welcome = _("Welcome! You have joined %(collaborative)s.")
                messages.success(request, welcome % {"collaborative": invitation.collaborative})
                return redirect("home")
    return render(request, "collaboratives/invitation_accept.html", {"invitation": invitation, "form": form})
