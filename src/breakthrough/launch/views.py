from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import collaboratives_where
from breakthrough.collaboratives.models import Collaborative, Phase, Role, add_months
from breakthrough.collaboratives.services import (
    launch_errors_for_slug,
    may_launch,
    months_between,
    timeline_from_dates,
)
from breakthrough.core.forms import add_service_errors
from breakthrough.launch import services
from breakthrough.launch.forms import LaunchForm

FIELD_OF = {"learning_sessions": "ls1"}  # the service names the three sessions as one


def _sources(user):  # type: ignore[no-untyped-def]
    if user.is_superuser:
        return Collaborative.objects.active()
    return collaboratives_where(user, {Role.PROJECT_STAFF})


def _add_errors(exc: ValidationError, form: LaunchForm) -> None:
    if hasattr(exc, "error_dict"):
        exc = ValidationError({FIELD_OF.get(k, k): v for k, v in exc.error_dict.items()})
    add_service_errors(exc, form)


@login_required
def launch(request: HttpRequest) -> HttpResponse:
    """New collaborative: fill in the dates, look at the timeline and months it makes, then create it."""
    if not may_launch(request.user):
        raise PermissionDenied
    form = LaunchForm(request.POST or None, sources=_sources(request.user))
    preview = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if "confirm" in request.POST:
                collab, copied = services.launch(
                    by=request.user, copy_from=form.cleaned_data["copy_from"], **fields
                )
                messages.success(
                    request,
                    _("%(name)s is created with its timeline and monthly periods.") % {"name": collab.name},
                )
                if copied:
                    messages.success(
                        request,
                        _(
                            "Copied: %(drivers)d primary drivers, %(ideas)d change ideas, %(measures)d measures, %(events)d events."  # noqa: E501
                        )
                        % {
                            "drivers": copied["primary_drivers"],
                            "ideas": copied["change_ideas"],
                            "measures": copied["measures"],
                            "events": copied["events"],
                        },
                    )
                return redirect(reverse("collaboratives:setup-detail", args=[collab.pk]) + "#timeline")
            phases = timeline_from_dates(
                start=fields["start_date"],
                learning_sessions=fields["learning_sessions"],
                action_periods_end=fields["action_periods_end"],
                end=fields["end_date"],
            )
            errors = launch_errors_for_slug(fields["slug"])
            if errors:
                raise ValidationError(errors)
        except ValidationError as exc:
            _add_errors(exc, form)
        else:
            labels = dict(Phase.Kind.choices)
            months = months_between(fields["start_date"], fields["end_date"])
            preview = {
                "phases": [(labels[kind], start, end) for kind, start, end in phases],
                "periods": [(m, add_months(m, 1).replace(day=fields["report_due_day"])) for m in months],
            }
    return render(request, "launch/launch.html", {"form": form, "preview": preview})
