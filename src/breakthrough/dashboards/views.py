"""The collaborative and team dashboards, a team's chart of one measure, its data as CSV, and rebasing."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough import charts
from breakthrough.collaboratives.access import (
    OVERSIGHT,
    can_review,
    can_see_incident_dates,
    get_object_for_user,
    has_any,
    roles_in,
)
from breakthrough.collaboratives.models import Collaborative, Membership, Program, Role, Team, month_start
from breakthrough.core import pdf
from breakthrough.dashboards import data
from breakthrough.dashboards.models import ChartPhase
from breakthrough.dashboards.services import chart_phase_accept, chart_phase_remove
from breakthrough.framework.models import PrimaryDriver
from breakthrough.measures import series
from breakthrough.measures.models import Measure

TEAMS_PER_PAGE = 40
CHART_NAMES = {
    "run": gettext_lazy("Run chart"),
    "p": gettext_lazy("P chart"),
    "pp": gettext_lazy("P′ chart (Laney)"),
    "u": gettext_lazy("U chart"),
    "up": gettext_lazy("U′ chart (Laney)"),
    "i": gettext_lazy("I chart (XmR)"),
    "c": gettext_lazy("C chart"),
    "g": gettext_lazy("G chart (incident-free days between incidents)"),
    "t": gettext_lazy("T chart (time between incidents)"),
}


def _has_no_data(spec: dict[str, Any]) -> bool:
    values = spec.get("data", {}).get("values")
    return values is not None and not values


def _svg(spec: dict[str, Any]) -> str:
    if _has_no_data(spec):
        return _("No data yet.")
    return mark_safe(charts.render_svg(spec, get_language()))


def _dashboard_collaboratives(user: Any) -> list[Collaborative]:
    if user.is_superuser:
        return list(Collaborative.objects.active())
    ids = (
        Membership.objects.active()
        .filter(user=user, role__in=[*OVERSIGHT, Role.VIEWER])
        .values_list("collaborative_id", flat=True)
    )
    return list(Collaborative.objects.active().filter(pk__in=ids))


def _aggregates_only(user: Any, collaborative: Collaborative) -> bool:
    """Viewers (and anyone without an oversight role) see aggregates only, small cells suppressed."""
    return not user.is_superuser and not has_any(roles_in(user, collaborative), OVERSIGHT)


def _choose(request: HttpRequest) -> Collaborative:
    options = _dashboard_collaboratives(request.user)
    if not options:
        raise PermissionDenied
    chosen = request.GET.get("collaborative", "")
    return next((c for c in options if str(c.pk) == chosen), options[0])


def _teams(collaborative: Collaborative, program_kind: str) -> list[tuple[int, str]]:
    qs = Team.objects.filter(collaborative=collaborative, archived_at__isnull=True)
    if program_kind:
        qs = qs.filter(program__kind=program_kind)
    return list(qs.order_by("name").values_list("id", "name"))


def _dashboard_context(request: HttpRequest, *, with_everything: bool) -> dict[str, Any]:
    collab = _choose(request)
    aggregates_only = _aggregates_only(request.user, collab)
    filters = data.Filters.from_request(request.GET)
    measures = data.shared_measures(collab, filters.driver)
    teams = _teams(collab, filters.program_kind)
    months = None
    if filters.start or filters.end:
        months = (filters.start or dt.date.min, filters.end or dt.date.max)
    panel, ta = data.panel_and_analysis(
        collab, measures, teams, months=months, analyse=not aggregates_only, reporting=with_everything
    )
    # The filters as a query string, for the PDF report of what the page shows.
    query = request.GET.copy()
    query["collaborative"] = str(collab.pk)
    query.pop("page", None)
    ctx: dict[str, Any] = {
        "collaborative": collab,
        "collaboratives": _dashboard_collaboratives(request.user),
        "filters_query": query.urlencode(),
        "aggregates_only": aggregates_only,
        "filters": filters,
        "panel": panel,
        "threshold": collab.small_cell_threshold,
    }
    if ta is not None:
        ctx["summary"] = data.summary(ta, filters.sort)
    if not with_everything:
        return ctx
    all_months = collab.reporting_months()
    ctx.update(
        {
            "program_kinds": Program.Kind.choices,
            "drivers": list(PrimaryDriver.objects.filter(collaborative=collab).order_by("order")),
            "measures": data.shared_measures(collab),
            "month_choices": [m.strftime("%Y-%m") for m in all_months],
            "reporting": data.reporting(panel),
            "n_teams": len(teams),
        }
    )
    if measures and panel.months:
        pooled = data.pooled(collab, panel, suppress=aggregates_only)
        ctx["pooled"] = pooled
        ctx["pooled_svg"] = _svg(pooled["spec"])
    team_ids = {t[0] for t in teams} if filters.program_kind else None
    engagement = data.engagement(collab, suppress=aggregates_only, driver=filters.driver, team_ids=team_ids)
    ctx["engagement"] = engagement
    ctx["attendance_svg"] = _svg(engagement["attendance_spec"])
    ctx["driver_svg"] = _svg(engagement["driver_spec"])
    ctx["decision_svg"] = _svg(engagement["decision_spec"])
    assessments = data.assessments(collab, suppress=aggregates_only, team_ids=team_ids)
    ctx["assessments"] = assessments
    ctx["assessment_svg"] = _svg(assessments["spec"])
    if ta is not None and measures:
        m = next((k for k, x in enumerate(panel.measures) if x.id == filters.measure), 0)
        pages = max(1, -(-len(teams) // TEAMS_PER_PAGE))
        page = min(filters.page, pages)
        shown = list(range((page - 1) * TEAMS_PER_PAGE, min(page * TEAMS_PER_PAGE, len(teams))))
        multiples = data.small_multiples(ta, m, shown)
        ctx.update(
            {
                "multiples": multiples,
                "multiples_svg": _svg(multiples["spec"]),
                "pages": range(1, pages + 1) if pages > 1 else [],
                "page": page,
                "dose": data.dose_response(collab, ta),
            }
        )
    return ctx


@login_required
def collaborative(request: HttpRequest) -> HttpResponse:
    """The collaborative dashboard: pooled charts, small multiples, the summary table, engagement."""
    return render(request, "dashboards/collaborative.html", _dashboard_context(request, with_everything=True))


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """The teams × measures summary table alone (for large collaboratives and htmx sorting)."""
    ctx = _dashboard_context(request, with_everything=False)
    if ctx["aggregates_only"]:
        raise PermissionDenied
    return render(request, "dashboards/summary.html", ctx)


@login_required
def my_teams(request: HttpRequest) -> HttpResponse:
    """The team dashboards a person may open: straight to their team's, or a list for those overseeing."""
    from breakthrough.pdsa.models import teams_seen_by

    teams = list(
        teams_seen_by(request.user).select_related("collaborative").order_by("collaborative", "name")
    )
    if not teams:
        raise PermissionDenied
    if len(teams) == 1:
        return redirect("dashboards:team", pk=teams[0].pk)
    return render(request, "dashboards/teams.html", {"teams": teams})


def _team_context(request: HttpRequest, team: Team) -> dict[str, Any]:
    """What a team's dashboard and its PDF report show; charts as Vega-Lite specs (``*_spec``)."""
    collab = team.collaborative
    measures = data.team_measures(team)
    panel = series.load_panel(collab, measures, [(team.pk, team.name)])
    ta = data.analyse_teams(panel)
    rows = []
    cards = []
    for m, info in enumerate(panel.measures):
        label = info.name if len(info.name) < 44 else info.name[:42] + "…"
        part = data.series_rows(ta.analysis, ta.index(m, 0), panel.months, label, goal=info.goal)
        rows += part
        cards.append(
            {
                "measure": info,
                "variation": data.VARIATION_TEXT[ta.analysis.variation[m]],
                "assurance": data.ASSURANCE_TEXT[ta.analysis.assurance[m]],
                "suggest": ta.analysis.suggest_phase[m] is not None,
                "points": part,
            }
        )
    spec = charts.measure_spec(
        rows,
        title=_("Run charts of %(team)s") % {"team": team.name},
        annotations=data.learning_sessions(collab, panel.months),
        facet_columns=2,
        independent_y=True,
        width=300,
        height=150,
        labels=data.chart_labels(),
    )
    today = dt.date.today()
    # This month's status: the report for last month, which falls due this month.
    current = [j for j, month in enumerate(panel.months) if month < month_start(today)]
    status = None
    if current:
        j = current[-1]
        status = {
            "month": panel.months[j],
            "submitted": bool(panel.submitted[0, j]),
            "late": bool(panel.late[0, j]),
        }
    engagement = data.engagement(collab, suppress=False, team_ids={team.pk})
    assessments = data.assessments(collab, suppress=False, team_ids={team.pk})
    return {
        "team": team,
        "collaborative": collab,
        "panel": panel,
        "cards": cards,
        "chart_spec": spec,
        "status": status,
        "engagement": engagement,
        "driver_spec": engagement["driver_spec"],
        "assessments": assessments,
        "assessment_spec": assessments["spec"],
        "attendance": data.team_attendance(team),
        "can_see_collaborative": not _aggregates_only(request.user, collab),
        "today": today,
    }


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's dashboard: every measure's chart, this month's status, PDSA, attendance, assessment."""
    ctx = _team_context(request, get_object_for_user(request.user, Team, pk))
    for name in ("chart", "driver", "assessment"):
        ctx[f"{name}_svg"] = _svg(ctx[f"{name}_spec"])
    return render(request, "dashboards/team.html", ctx)


def _pdf_chart(spec: dict[str, Any]) -> str:
    """A chart for a PDF report: the page's spec rendered to SVG, or a sentence when there is no data."""
    if _has_no_data(spec):
        return _("No data yet.")
    return pdf.svg_image(charts.render_svg(spec, get_language()), alt=str(spec.get("title", "")))


@login_required
def team_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's dashboard as a PDF report: the same charts (the same specs) and tables, for print."""
    ctx = _team_context(request, get_object_for_user(request.user, Team, pk))
    for name in ("chart", "driver", "assessment"):
        ctx[f"{name}_img"] = _pdf_chart(ctx[f"{name}_spec"])
    filename = f"team-{ctx['team'].pk}-{ctx['today']:%Y-%m-%d}.pdf"
    return pdf.pdf_response(request, "dashboards/report_team.html", ctx, filename)


@login_required
def collaborative_report(request: HttpRequest) -> HttpResponse:
    """The collaborative dashboard as a PDF report (viewers: aggregates only, small cells suppressed)."""
    ctx = _dashboard_context(request, with_everything=True)
    specs = {
        "pooled": ctx.get("pooled", {}).get("spec"),
        "attendance": ctx["engagement"]["attendance_spec"],
        "driver": ctx["engagement"]["driver_spec"],
        "decision": ctx["engagement"]["decision_spec"],
        "assessment": ctx["assessments"]["spec"],
    }
    for name, spec in specs.items():
        if spec is not None:
            ctx[f"{name}_img"] = _pdf_chart(spec)
    ctx["today"] = dt.date.today()
    filename = f"{ctx['collaborative'].slug}-{ctx['today']:%Y-%m-%d}.pdf"
    return pdf.pdf_response(request, "dashboards/report_collaborative.html", ctx, filename)


CHART_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def _chart_download(spec: dict[str, Any], fmt: str, filename: str) -> HttpResponse:
    """A chart's spec as an SVG or PNG file (the same spec the page shows)."""
    if fmt not in CHART_FORMATS:
        raise Http404
    language = get_language()
    if fmt == "svg":
        body = charts.render_svg(spec, language).encode("utf-8")
    else:
        body = charts.render_png(spec, language=language)
    response = HttpResponse(body, content_type=CHART_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def team_measure_chart(request: HttpRequest, pk: int, measure_pk: int, fmt: str) -> HttpResponse:
    """A team's chart of one measure (of the kind picked) as SVG or PNG."""
    team, measure = _team_measure(request, pk, measure_pk)
    chart = _measure_chart(request.user, team, measure, request.GET.get("chart", "run"))
    return _chart_download(chart["spec"], fmt, f"{measure.code}-team-{team.pk}-{chart['kind']}")


@login_required
def collaborative_chart(request: HttpRequest, fmt: str) -> HttpResponse:
    """The collaborative's pooled run charts as SVG or PNG (small cells suppressed for viewers)."""
    collab = _choose(request)
    measures = data.shared_measures(collab)
    panel = series.load_panel(collab, measures, _teams(collab, ""), reporting=False, annotations=False)
    if not measures or not panel.months:
        raise Http404
    pooled = data.pooled(collab, panel, suppress=_aggregates_only(request.user, collab))
    return _chart_download(pooled["spec"], fmt, f"{collab.slug}-measures")


def _team_measure(request: HttpRequest, pk: int, measure_pk: int) -> tuple[Team, Measure]:
    team = get_object_for_user(request.user, Team, pk)
    measure = get_object_for_user(request.user, Measure, measure_pk)
    if measure.collaborative_id != team.collaborative_id or measure.team_id not in (None, team.pk):
        raise Http404
    return team, measure


def _chart_kinds(user: Any, team: Team, measure: Measure) -> tuple[str, ...]:
    """The control charts a person may pick for a team's measure (besides the run chart)."""
    current = measure.current_version
    allowed = series.CONTROL_CHARTS.get(current.unit if current else Measure.Unit.MEAN, ("i",))
    if measure.numerator_source == Measure.NumeratorSource.INCIDENT_REPORTS and can_see_incident_dates(
        user, team
    ):
        allowed += series.RARE_EVENT_CHARTS
    return allowed


def _kind_choices(allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("run", CHART_NAMES["run"])] + [(k, CHART_NAMES[k]) for k in allowed]


def _measure_chart(user: Any, team: Team, measure: Measure, kind: str) -> dict[str, Any]:
    allowed = _chart_kinds(user, team, measure)
    kind = kind if kind in allowed else "run"
    if kind in series.RARE_EVENT_CHARTS:
        return _rare_event_chart(team, measure, kind, allowed)
    panel = series.load_panel(team.collaborative, [measure], [(team.pk, team.name)])
    ta = data.analyse_teams(panel)
    info = panel.measures[0]
    analysis = ta.analysis
    phases = ta.phases.get((info.id, team.pk), [])
    if kind != "run":
        kw: dict[str, Any] = {}
        if int(analysis.phase.max()) > 1:
            kw["part"] = analysis.phase
        else:
            freeze = series.baseline_months(team.collaborative, panel.months)
            if freeze:
                kw["freeze"] = freeze
        y = panel.y[0]
        raw = y / info.multiplier if kind == "c" else y
        chart = series.control_chart(
            kind,
            panel.num[0],
            panel.den[0],
            raw,
            multiply=info.multiplier if kind in ("p", "pp", "u", "up") else 1,
            **kw,
        )
        # The control chart's lines, the run chart's rules: one Analysis with the picked chart's limits.
        analysis = series.Analysis(
            y=chart.y,
            phase=chart.phase,
            run_center=analysis.run_center,
            center=chart.center,
            lcl=chart.lcl,
            ucl=chart.ucl,
            flags={**analysis.flags, "outside limits": chart.signals.sigma & (chart.y == chart.y)},
            signal=analysis.signal,
            variation=analysis.variation,
            assurance=analysis.assurance,
            suggest_phase=analysis.suggest_phase,
        )
    rows = data.series_rows(analysis, 0, panel.months, info.name, control=kind != "run", goal=info.goal)
    version = panel.version[0, 0].tolist()
    entered = {
        "numerator": series.rounded(panel.num[0, 0], None),
        "denominator": series.rounded(panel.den[0, 0], None),
        "value": series.rounded(panel.val[0, 0], None),
    }
    for j, row in enumerate(rows):
        row.update({name: values[j] for name, values in entered.items()})
        row["version"] = version[j] or None
        row["note"] = panel.notes.get((0, 0, j), "")
    suggest = analysis.suggest_phase[0]
    freeze = series.baseline_months(team.collaborative, panel.months)
    subtitle = ""
    if len(phases) == 0 and freeze:
        subtitle = _("Centre line from the baseline: the first %(n)s months (before learning session 2).") % {
            "n": freeze
        }
    spec = charts.measure_spec(
        [
            {
                k: v
                for k, v in r.items()
                if k in ("facet1", "part", "x", "y", "cl", "lcl", "ucl", "signal", "reasons", "goal")
            }
            for r in rows
        ],
        title=f"{info.name} — {team.name}",
        subtitle=subtitle,
        y_title=_("percent") if info.unit == Measure.Unit.PERCENT else "",
        annotations=data.team_annotations(team, panel, 0, phases),
        labels=data.chart_labels(),
    )
    return {
        "panel": panel,
        "info": info,
        "kind": kind,
        "kinds": _kind_choices(allowed),
        "rows": rows,
        "spec": spec,
        "phases": phases,
        "suggest": panel.months[suggest] if suggest is not None else None,
        "variation": data.VARIATION_TEXT[analysis.variation[0]],
        "assurance": data.ASSURANCE_TEXT[analysis.assurance[0]],
    }


def _rare_event_chart(team: Team, measure: Measure, kind: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The G or T chart of a team's incidents: one point per incident after the first, at its date.

    Longer gaps are better, so points above the upper limit (or a long run above the centre) are improving
    special cause. The gaps come from the incident reports themselves, not adjusted for attendance.
    """
    gaps = series.incident_gaps(team.pk, since=team.collaborative.start_date)
    rows: list[dict[str, Any]] = []
    variation = series.COMMON
    if len(gaps.dates) >= 2:
        chart = series.rare_event_chart(kind, gaps)
        flags = {
            "outside limits": chart.signals.sigma[0],
            "shift": chart.signals.long_run[0],
            "too few crossings": chart.signals.crossings[0],
        }
        y, cl, lcl, ucl = (series.rounded(line[0]) for line in (chart.y, chart.center, chart.lcl, chart.ucl))
        for j, day in enumerate(gaps.dates):
            reasons = [name for name, f in flags.items() if f[j]]
            rows.append(
                {
                    "facet1": measure.name,
                    "part": int(chart.phase[0, j]),
                    "x": day.isoformat(),
                    "days": round(float(gaps.days[j]), 2),
                    "free_days": int(gaps.free_days[j]),
                    "y": y[j],
                    "cl": cl[j],
                    "lcl": lcl[j],
                    "ucl": ucl[j],
                    "signal": bool(reasons),
                    "reasons": data.reasons_text(reasons),
                    "goal": None,
                }
            )
        special = chart.signals.sigma[0] | chart.signals.long_run[0]
        if (special & (chart.y[0] > chart.center[0])).any():
            variation = series.IMPROVING
        elif (special & (chart.y[0] < chart.center[0])).any():
            variation = series.WORSENING
    title = _("%(team)s: %(chart)s") % {
        "team": team.name,
        "chart": CHART_NAMES[kind],
    }
    spec = charts.measure_spec(
        [
            {k: r[k] for k in ("facet1", "part", "x", "y", "cl", "lcl", "ucl", "signal", "reasons")}
            for r in rows
        ],
        title=title,
        subtitle=_("One point per incident: the gap since the one before. Longer gaps are better."),
        y_title=_("incident-free days") if kind == "g" else _("days between incidents"),
        labels=data.chart_labels(),
    )
    return {
        "kind": kind,
        "kinds": _kind_choices(allowed),
        "rare": True,
        "rows": rows,
        "spec": spec,
        "phases": [],
        "suggest": None,
        "variation": data.VARIATION_TEXT[variation],
        "assurance": data.ASSURANCE_TEXT[None],
    }


@login_required
def team_measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """One team's chart of one measure: run chart or the fitting control chart, annotations, rebasing."""
    team, measure = _team_measure(request, pk, measure_pk)
    chart = _measure_chart(request.user, team, measure, request.GET.get("chart", "run"))
    return render(
        request,
        "dashboards/team_measure.html",
        {
            "team": team,
            "measure": measure,
            **chart,
            "chart_svg": _svg(chart["spec"]),
            "can_rebase": can_review(request.user, team),
            "errors": {},
            "reason": "",
        },
    )


@login_required
def team_measure_csv(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """The data behind a team's chart, as CSV."""
    team, measure = _team_measure(request, pk, measure_pk)
    chart = _measure_chart(request.user, team, measure, request.GET.get("chart", "run"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{measure.code}-team-{team.pk}.csv"'
    writer = csv.writer(response)
    if chart.get("rare"):
        header = ["incident date", "days since previous", "incident-free days", "plotted", "centre"]
        writer.writerow([*header, "lower limit", "upper limit", "signal", "signals"])
        keys = ("x", "days", "free_days", "y", "cl", "lcl", "ucl", "signal", "reasons")
        for row in chart["rows"]:
            writer.writerow(["" if row[k] is None else row[k] for k in keys])
        return response
    fields = [
        "x",
        "numerator",
        "denominator",
        "value",
        "y",
        "cl",
        "lcl",
        "ucl",
        "part",
        "signal",
        "reasons",
        "goal",
        "version",
        "note",
    ]
    writer.writerow(
        [
            "month",
            "numerator",
            "denominator",
            "value",
            "plotted",
            "centre",
            "lower limit",
            "upper limit",
            "phase",
            "signal",
            "signals",
            "goal",
            "definition version",
            "note",
        ]
    )
    for row in chart["rows"]:
        writer.writerow([row["x"][:10]] + ["" if row.get(f) is None else row.get(f) for f in fields[1:]])
    return response


@login_required
def measure_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The data behind the collaborative chart of a measure (pooled; small cells suppressed for viewers)."""
    measure = get_object_for_user(request.user, Measure, pk)
    collab = measure.collaborative
    if measure.team_id is not None or not (
        request.user.is_superuser or has_any(roles_in(request.user, collab), OVERSIGHT | {Role.VIEWER})
    ):
        raise Http404
    panel = series.load_panel(collab, [measure], _teams(collab, ""))
    pooled = data.pooled(collab, panel, suppress=_aggregates_only(request.user, collab))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{measure.code}-collaborative.csv"'
    writer = csv.writer(response)
    writer.writerow(["month", "teams reporting", "plotted", "centre", "signal", "signals", "goal"])
    for point in pooled["table"][0]["points"]:
        if point["suppressed"]:
            writer.writerow([point["x"][:10], "suppressed", "", "", "", "", point["goal"] or ""])
            continue
        writer.writerow(
            [
                point["x"][:10],
                point["n"],
                "" if point["y"] is None else point["y"],
                point["cl"] or "",
                point["signal"],
                point["reasons"],
                "" if point["goal"] is None else point["goal"],
            ]
        )
    return response


@login_required
@require_POST
def phase_accept(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Accept a suggested new phase, with a written reason (project staff and faculty)."""
    team, measure = _team_measure(request, pk, measure_pk)
    if not can_review(request.user, team):
        raise PermissionDenied
    reason = request.POST.get("reason", "")
    errors: dict[str, list[str]] = {}
    try:
        starts = dt.date.fromisoformat(request.POST.get("starts", ""))
    except ValueError:
        starts = None
        errors["starts"] = [_("Choose the month the new phase starts.")]
    if starts is not None:
        try:
            chart_phase_accept(team=team, measure=measure, starts=starts, reason=reason, by=request.user)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The new phase is on the chart."))
            return redirect("dashboards:team-measure", pk=team.pk, measure_pk=measure.pk)
    chart = _measure_chart(request.user, team, measure, "run")
    return render(
        request,
        "dashboards/team_measure.html",
        {
            "team": team,
            "measure": measure,
            **chart,
            "chart_svg": _svg(chart["spec"]),
            "can_rebase": True,
            "errors": errors,
            "reason": reason,
        },
        status=400,
    )


@login_required
@require_POST
def phase_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an accepted phase again (project staff and faculty)."""
    phase = get_object_for_user(request.user, ChartPhase, pk)
    if phase.is_archived or not can_review(request.user, phase):
        raise PermissionDenied
    chart_phase_remove(phase=phase, by=request.user)
    messages.success(request, _("The phase was removed; the chart is computed as one phase again."))
    return redirect(
        reverse("dashboards:team-measure", kwargs={"pk": phase.team_id, "measure_pk": phase.measure_id})
    )
