"""The instrument library: surveys and observation tools, imported from and exported to REDCap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import get_object_for_user
from breakthrough.study import redcap
from breakthrough.study.forms import ImportForm
from breakthrough.study.models import Instrument
from breakthrough.study.views._common import study_or_403


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    study_or_403(request.user)
    return render(
        request,
        "study/instrument_list.html",
        {"instruments": Instrument.objects.active(), "form": ImportForm()},
    )


@login_required
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_for_user(request.user, Instrument, pk)
    study_or_403(request.user)
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
    study_or_403(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            redcap.check_size(upload.size)  # before reading a byte of it
            data = upload.read().decode("utf-8-sig")
        except ValidationError as exc:
            problems = exc.messages
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
    study_or_403(request.user)
    response = HttpResponse(redcap.instrument_export(instrument), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{instrument.slug}_DataDictionary.csv"'
    return response
