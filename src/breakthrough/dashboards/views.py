"""The collaborative and team dashboards, a team's chart of one measure, its data as CSV, and rebasing.

Each view: permission, filters (a form), the numbers (``panels`` and ``selectors``, through
``measures.series``), rows and specs (``rows``, ``specs``), render. Bad filters are a 400 naming the field.
"""

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    OVERSIGHT,
    can_review,
    can_see_incident_dates,
    get_object_for_user,
    has_any,
    roles_in,
    teams_seen_by,
)
from breakthrough.collaboratives.models import Collaborative, Program, Role, Team, month_start
from breakthrough.core import pdf
from breakthrough.dashboards import panels, rendering, report_runs, rows, selectors, specs, waves
from breakthrough.dashboards.forms import DashboardFilters
from breakthrough.dashboards.labels import ASSURANCE_TEXT, CHART_NAMES, VARIATION_TEXT, Reasons
from breakthrough.dashboards.models import ChartPhase
from breakthrough.dashboards.services import chart_phase_accept, chart_phase_remove
from breakthrough.measures import series
from breakthrough.measures.models import Measure
from breakthrough.pdsa.models import PDSACycle

TEAMS_PER_PAGE = 40


class BadFilters(Exception):
    """The query string's filters do not validate: answered with a 400 page naming the fields."""

    def __init__(self, context: dict[str, Any]) -> None:
        super().__init__("bad filters")
        self.context = context


def _aggregates_only(user: Any, collaborative: Collaborative) -> bool:
    """Viewers (and anyone without an oversight role) see aggregates only, small cells suppressed."""
    return not user.is_superuser and not has_any(roles_in(user, collaborative), OVERSIGHT)


def _choose(request: HttpRequest) -> tuple[Collaborative, list[Collaborative]]:
    options = selectors.dashboard_collaboratives(request.user)
    if not options:
        raise PermissionDenied
    chosen = request.GET.get("collaborative", "")
    return next((c for c in options if str(c.pk) == chosen), options[0]), options


def _bad_filters(request: HttpRequest, error: BadFilters) -> HttpResponse:
    return render(request, "dashboards/bad_filters.html", error.context, status=400)


def _dashboard_context(
    request: HttpRequest,
    *,
    with_everything: bool,
    chosen: tuple[Collaborative, list[Collaborative]] | None = None,
) -> dict[str, Any]:
    """What the collaborative dashboard, its summary table and its PDF report show."""
    collab, options = chosen or _choose(request)
    aggregates_only = _aggregates_only(request.user, collab)
    all_measures = selectors.shared_measures(collab)
    drivers = selectors.drivers(collab) if with_everything else []
    form = DashboardFilters(request.GET, collaboratives=options, drivers=drivers, measures=all_measures)
    if not with_everything:  # the summary table alone: the drivers of its measures, read from them
        ids = sorted({m.primary_driver_id for m in all_measures if m.primary_driver_id})
        form.fields["driver"].choices = [("", "")] + [(i, str(i)) for i in ids]
    base = {
        "collaborative": collab,
        "collaboratives": options,
        "aggregates_only": aggregates_only,
        "program_kinds": Program.Kind.choices,
        "drivers": drivers,
        "measures": all_measures,
        "month_choices": [m.strftime("%Y-%m") for m in collab.reporting_months()] if with_everything else [],
        "threshold": collab.small_cell_threshold,
        "cache_timeout": panels.TIMEOUT,  # the tables' template fragments, keyed by the numbers' key
    }
    if not form.is_valid():
        raise BadFilters({**base, "form": form, "problems": form.problems()})
    filters = form.filters()
    measures = [m for m in all_measures if not filters.driver or m.primary_driver_id == filters.driver]
    teams = selectors.teams(collab, filters.program_kind)
    m = next((k for k, x in enumerate(measures) if x.pk == filters.measure), 0)
    pages = max(1, -(-len(teams) // TEAMS_PER_PAGE))
    page = min(filters.page, pages)
    shown = list(range((page - 1) * TEAMS_PER_PAGE, min(page * TEAMS_PER_PAGE, len(teams))))
    numbers, multiples = panels.collaborative_numbers(
        collab,
        measures,
        teams,
        months=filters.months,
        analyse=not aggregates_only,
        reporting=with_everything,
        multiples=(m, shown) if with_everything and not aggregates_only else None,
    )
    # The filters as a query string, for the PDF report of what the page shows.
    query = request.GET.copy()
    query["collaborative"] = str(collab.pk)
    query.pop("page", None)
    ctx: dict[str, Any] = {
        **base,
        "filters_query": query.urlencode(),
        "filters": filters,
        "panel": numbers,
    }
    if not aggregates_only and teams:
        ctx["summary"] = rows.summary(numbers, filters.sort)
    if not with_everything:
        return ctx
    reasons = Reasons()
    threshold, suppress = collab.small_cell_threshold, aggregates_only
    reporting = rows.reporting(numbers, threshold=threshold, suppress=suppress)
    ctx.update(
        {"reporting": reporting["rows"], "n_teams": len(teams), "teams_shown": reporting["teams_shown"]}
    )
    if measures and numbers.months:
        pooled = rows.pooled(collab, numbers, suppress=suppress, reasons=reasons)
        pooled["spec"] = specs.pooled(pooled["rows"], rows.learning_sessions(collab, numbers.months))
        ctx["pooled"] = pooled
    team_ids = {t[0] for t in teams} if filters.program_kind else None
    ctx["engagement"] = _engagement(collab, suppress=suppress, driver=filters.driver, team_ids=team_ids)
    ctx["assessments"] = _assessments(collab, suppress=suppress, team_ids=team_ids)
    if multiples is not None:
        small = rows.multiples(numbers, m, shown, multiples, reasons=reasons)
        small["spec"] = specs.multiples(small["rows"], small["measure"].name)
        ctx.update(
            {
                "multiples": small,
                "pages": range(1, pages + 1) if pages > 1 else [],
                "page": page,
                "dose": rows.dose(numbers, *selectors.dose(collab)),
            }
        )
    return ctx


def _engagement(
    collab: Collaborative, *, suppress: bool, driver: int | None = None, team_ids: set[int] | None = None
) -> dict[str, Any]:
    """Attendance at sessions and calls by role; PDSA cycles per month by driver and decision; ramps."""
    threshold = collab.small_cell_threshold
    attendance, chart_rows = rows.attendance(
        selectors.attendance_by_role(collab, _("Other")), threshold=threshold, suppress=suppress
    )
    driver_rows, decision_rows = _cycle_rows(collab, suppress=suppress, driver=driver, team_ids=team_ids)
    return {
        "attendance": attendance,
        "attendance_spec": specs.attendance(chart_rows),
        "driver_spec": specs.cycles(driver_rows, "driver"),
        "decision_spec": specs.cycles(decision_rows, "decision"),
        "driver_rows": driver_rows,
        "decision_rows": decision_rows,
        "ramp_lengths": rows.ramp_lengths(
            selectors.ramp_lengths(collab), threshold=threshold, suppress=suppress
        ),
    }


def _cycle_rows(
    collab: Collaborative, *, suppress: bool, driver: int | None, team_ids: set[int] | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """PDSA cycles per month by driver, and by decision."""
    found = selectors.cycles_by_month(
        collab,
        driver=driver,
        team_ids=team_ids,
        decision_labels={k: str(v) for k, v in PDSACycle.Decision.choices},
        undecided=_("Not decided yet"),
    )
    return rows.cycles(found, threshold=collab.small_cell_threshold, suppress=suppress)


def _assessments(collab: Collaborative, *, suppress: bool, team_ids: set[int] | None) -> dict[str, Any]:
    table, chart_rows = rows.assessments(
        selectors.assessment_scores(collab, team_ids),
        threshold=collab.small_cell_threshold,
        suppress=suppress,
    )
    return {"rows": table, "spec": specs.assessments(chart_rows)}


def _with_svgs(ctx: dict[str, Any], render_chart: Any, suffix: str) -> dict[str, Any]:
    found = {
        "pooled": ctx.get("pooled", {}).get("spec"),
        "multiples": ctx.get("multiples", {}).get("spec"),
        "attendance": ctx["engagement"]["attendance_spec"],
        "driver": ctx["engagement"]["driver_spec"],
        "decision": ctx["engagement"]["decision_spec"],
        "assessment": ctx["assessments"]["spec"],
    }
    for name, spec in found.items():
        if spec is not None:
            ctx[f"{name}_{suffix}"] = render_chart(spec)
    return ctx


@login_required
def collaborative(request: HttpRequest) -> HttpResponse:
    """The collaborative dashboard: pooled charts, small multiples, the summary table, engagement."""
    try:
        ctx = _dashboard_context(request, with_everything=True)
    except BadFilters as error:
        return _bad_filters(request, error)
    ctx["other_waves"] = waves.comparable(ctx["collaboratives"], ctx["collaborative"])
    return render(request, "dashboards/collaborative.html", _with_svgs(ctx, rendering.svg, "svg"))


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """The teams × measures summary table alone (for large collaboratives and htmx sorting)."""
    chosen = _choose(request)
    if _aggregates_only(request.user, chosen[0]):
        raise PermissionDenied
    try:
        ctx = _dashboard_context(request, with_everything=False, chosen=chosen)
    except BadFilters as error:
        return _bad_filters(request, error)
    return render(request, "dashboards/summary.html", ctx)


@login_required
def collaborative_report(request: HttpRequest) -> HttpResponse:
    """The collaborative dashboard as a PDF report (viewers: aggregates only, small cells suppressed); a
    large collaborative's is drawn by the worker, and its page follows it (``report_runs``)."""
    collab, _options = _choose(request)
    if report_runs.for_the_worker(collab):
        try:
            _dashboard_context(request, with_everything=False)  # bad filters are answered now, not later
        except BadFilters as error:
            return _bad_filters(request, error)
        return report_runs.start(request, collab)
    try:
        body, filename = collaborative_pdf(request)
    except BadFilters as error:
        return _bad_filters(request, error)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def collaborative_pdf(request: HttpRequest) -> tuple[bytes, str]:
    """The report's PDF and its file name, for the request's person, filters and language."""
    ctx = _dashboard_context(request, with_everything=True)
    ctx.pop("multiples", None)  # the report shows the dose table, not the small multiples
    _with_svgs(ctx, rendering.pdf_chart, "img")
    ctx["today"] = timezone.localdate()
    filename = f"{ctx['collaborative'].slug}-{ctx['today']:%Y-%m-%d}.pdf"
    return pdf.render_pdf(request, "dashboards/report_collaborative.html", ctx), filename


@login_required
def collaborative_chart(request: HttpRequest, fmt: str) -> HttpResponse:
    """The collaborative's pooled run charts as SVG or PNG (small cells suppressed for viewers)."""
    collab, _options = _choose(request)
    measures = selectors.shared_measures(collab)
    numbers, _charts = panels.collaborative_numbers(
        collab, measures, selectors.teams(collab), months=None, analyse=False, reporting=False
    )
    if not measures or not numbers.months:
        raise Http404
    pooled = rows.pooled(collab, numbers, suppress=_aggregates_only(request.user, collab), reasons=Reasons())
    spec = specs.pooled(pooled["rows"], rows.learning_sessions(collab, numbers.months))
    return rendering.download(spec, fmt, f"{collab.slug}-measures")


@login_required
def measure_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The data behind the collaborative chart of a measure (pooled; small cells suppressed for viewers)."""
    measure = get_object_for_user(request.user, Measure, pk)
    collab = measure.collaborative
    if measure.team_id is not None or not (
        request.user.is_superuser or has_any(roles_in(request.user, collab), OVERSIGHT | {Role.VIEWER})
    ):
        raise Http404
    numbers, _charts = panels.collaborative_numbers(
        collab, [measure], selectors.teams(collab), months=None, analyse=False, reporting=False
    )
    pooled = rows.pooled(collab, numbers, suppress=_aggregates_only(request.user, collab), reasons=Reasons())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{measure.code}-collaborative.csv"'
    writer = csv.writer(response)
    writer.writerow(["month", "teams reporting", "plotted", "centre", "signal", "signals", "goal"])
    points = pooled["table"][0]["points"] if pooled["table"] else []
    for point in points:
        goal = "" if point["goal"] is None else point["goal"]
        if point["suppressed"]:
            writer.writerow([point["x"][:10], "suppressed", "", "", "", "", point["goal"] or ""])
            continue
        y = "" if point["y"] is None else point["y"]
        writer.writerow(
            [point["x"][:10], point["n"], y, point["cl"] or "", point["signal"], point["reasons"], goal]
        )
    return response


@login_required
def my_teams(request: HttpRequest) -> HttpResponse:
    """The team dashboards a person may open: straight to their team's, or a list for those overseeing."""
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
    panel = series.load_panel(collab, selectors.team_measures(team), [(team.pk, team.name)])
    found = selectors.phases([m.id for m in panel.measures], collab, [team.pk])
    pa = series.analyse_panel(panel, selectors.phase_starts(found))
    reasons = Reasons()
    chart_rows, cards = [], []
    for m, info in enumerate(panel.measures):
        chart = pa.chart(m, 0)
        part = rows.series_rows(
            chart, panel.months, rows.short(info.name, 44), goal=info.goal, reasons=reasons
        )
        chart_rows += part
        cards.append(
            {
                "measure": info,
                "variation": VARIATION_TEXT[chart.variation],
                "assurance": ASSURANCE_TEXT[chart.assurance],
                "suggest": chart.suggest is not None,
                "points": part,
            }
        )
    today = timezone.localdate()
    # This month's status: the report for last month, which falls due this month.
    current = [j for j, month in enumerate(panel.months) if month < month_start(today)]
    status = None
    if current:
        j = current[-1]
        submitted, late = panel.reporting_counts()
        status = {"month": panel.months[j], "submitted": bool(submitted[j]), "late": bool(late[j])}
    # The team's page shows its cycles by driver only: not the collaborative's attendance, decisions, ramps.
    driver_rows, _decision_rows = _cycle_rows(collab, suppress=False, driver=None, team_ids={team.pk})
    engagement = {"driver_rows": driver_rows, "driver_spec": specs.cycles(driver_rows, "driver")}
    assessments = _assessments(collab, suppress=False, team_ids={team.pk})
    return {
        "team": team,
        "collaborative": collab,
        "panel": panel,
        "cards": cards,
        "chart_spec": specs.team(chart_rows, team.name, rows.learning_sessions(collab, panel.months)),
        "status": status,
        "engagement": engagement,
        "driver_spec": engagement["driver_spec"],
        "assessments": assessments,
        "assessment_spec": assessments["spec"],
        "attendance": selectors.team_attendance(team),
        "can_see_collaborative": not _aggregates_only(request.user, collab),
        "today": today,
    }


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's dashboard: every measure's chart, this month's status, PDSA, attendance, assessment."""
    ctx = _team_context(request, get_object_for_user(request.user, Team, pk))
    for name in ("chart", "driver", "assessment"):
        ctx[f"{name}_svg"] = rendering.svg(ctx[f"{name}_spec"])
    return render(request, "dashboards/team.html", ctx)


@login_required
def team_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's dashboard as a PDF report: the same charts (the same specs) and tables, for print."""
    ctx = _team_context(request, get_object_for_user(request.user, Team, pk))
    for name in ("chart", "driver", "assessment"):
        ctx[f"{name}_img"] = rendering.pdf_chart(ctx[f"{name}_spec"])
    filename = f"team-{ctx['team'].pk}-{ctx['today']:%Y-%m-%d}.pdf"
    return pdf.pdf_response(request, "dashboards/report_team.html", ctx, filename)


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


def _measure_chart(user: Any, team: Team, measure: Measure, kind: str) -> dict[str, Any]:
    """A team's chart of one measure (of a kind the person may pick, else the run chart)."""
    allowed = _chart_kinds(user, team, measure)
    kind = kind if kind in allowed else "run"
    kinds = [("run", CHART_NAMES["run"])] + [(k, CHART_NAMES[k]) for k in allowed]
    if kind in series.RARE_EVENT_CHARTS:
        return {"kinds": kinds, **_rare_event_chart(team, measure, kind)}
    collab = team.collaborative
    panel = series.load_panel(collab, [measure], [(team.pk, team.name)])
    phases = selectors.phases([measure.pk], collab, [team.pk]).get((measure.pk, team.pk), [])
    chart = series.measure_chart(panel, kind, {(measure.pk, team.pk): [p.starts for p in phases]})
    info = panel.measures[0]
    table = rows.measure_rows(panel, chart, info.name, Reasons())
    freeze = series.baseline_months(collab, panel.months)
    subtitle = ""
    if not phases and freeze:
        subtitle = _("Center line from the baseline: the first %(n)s months (before learning session 2).") % {
            "n": freeze
        }
    annotations = rows.team_annotations(team, panel, 0, phases, selectors.team_cycles(team))
    spec = specs.measure(
        table,
        title=f"{info.name} — {team.name}",
        subtitle=subtitle,
        percent=info.unit == Measure.Unit.PERCENT,
        annotations=annotations,
    )
    return {
        "panel": panel,
        "info": info,
        "kind": kind,
        "kinds": kinds,
        "rows": table,
        "spec": spec,
        "phases": phases,
        "suggest": panel.months[chart.suggest] if chart.suggest is not None else None,
        "variation": VARIATION_TEXT[chart.variation],
        "assurance": ASSURANCE_TEXT[chart.assurance],
    }


def _rare_event_chart(team: Team, measure: Measure, kind: str) -> dict[str, Any]:
    """The G or T chart of a team's incidents: one point per incident after the first, at its date.

    Longer gaps are better, so points above the upper limit (or a long run above the centre) are improving
    special cause. The gaps come from the incident reports themselves, not adjusted for attendance.
    """
    gaps = series.incident_gaps(team.pk, since=team.collaborative.start_date)
    chart = series.incident_chart(kind, gaps)
    table = rows.rare_event_rows(gaps, chart, measure.name, Reasons())
    return {
        "kind": kind,
        "rare": True,
        "rows": table,
        "spec": specs.rare_event(table, team_name=team.name, kind=kind),
        "phases": [],
        "suggest": None,
        "variation": VARIATION_TEXT[chart.variation if chart else series.NO_DATA],
        "assurance": ASSURANCE_TEXT[None],
    }


def _team_measure_page(
    request: HttpRequest, team: Team, measure: Measure, chart: dict[str, Any], **extra: Any
) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {
        "team": team,
        "measure": measure,
        **chart,
        "chart_svg": rendering.svg(chart["spec"]),
        "can_rebase": can_review(request.user, team),
        "errors": {},
        "reason": "",
        **extra,
    }
    return render(request, "dashboards/team_measure.html", context, status=status)


@login_required
def team_measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """One team's chart of one measure: run chart or the fitting control chart, annotations, rebasing."""
    team, measure = _team_measure(request, pk, measure_pk)
    chart = _measure_chart(request.user, team, measure, request.GET.get("chart", "run"))
    return _team_measure_page(request, team, measure, chart)


@login_required
def team_measure_chart(request: HttpRequest, pk: int, measure_pk: int, fmt: str) -> HttpResponse:
    """A team's chart of one measure (of the kind picked) as SVG or PNG."""
    team, measure = _team_measure(request, pk, measure_pk)
    chart = _measure_chart(request.user, team, measure, request.GET.get("chart", "run"))
    return rendering.download(chart["spec"], fmt, f"{measure.code}-team-{team.pk}-{chart['kind']}")


CSV_COLUMNS = [
    ("x", "month"),
    ("numerator", "numerator"),
    ("denominator", "denominator"),
    ("value", "value"),
    ("y", "plotted"),
    ("cl", "centre"),
    ("lcl", "lower limit"),
    ("ucl", "upper limit"),
    ("part", "phase"),
    ("signal", "signal"),
    ("reasons", "signals"),
    ("goal", "goal"),
    ("version", "definition version"),
    ("note", "note"),
]
RARE_CSV_COLUMNS = [
    ("x", "incident date"),
    ("days", "days since previous"),
    ("free_days", "incident-free days"),
    ("y", "plotted"),
    ("cl", "centre"),
    ("lcl", "lower limit"),
    ("ucl", "upper limit"),
    ("signal", "signal"),
    ("reasons", "signals"),
]


@login_required
def team_measure_csv(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """The data behind a team's chart, as CSV."""
    team, measure = _team_measure(request, pk, measure_pk)
    chart = _measure_chart(request.user, team, measure, request.GET.get("chart", "run"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{measure.code}-team-{team.pk}.csv"'
    writer = csv.writer(response)
    columns = RARE_CSV_COLUMNS if chart.get("rare") else CSV_COLUMNS
    writer.writerow([title for _key, title in columns])
    for row in chart["rows"]:
        cells = ["" if row.get(key) is None else row.get(key) for key, _title in columns]
        if not chart.get("rare"):
            cells[0] = row["x"][:10]
        writer.writerow(cells)
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
    return _team_measure_page(
        request, team, measure, chart, can_rebase=True, errors=errors, reason=reason, status=400
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
