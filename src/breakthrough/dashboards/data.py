"""What the dashboards show, read in a fixed number of queries whatever the number of teams.

The numbers come from ``measures.series`` (ORM rows to arrays, one batch of SPC); this module turns them
into rows for tables and Vega-Lite specs (``breakthrough.charts``), and reads the engagement data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthrough import charts
from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Collaborative,
    Membership,
    Phase,
    Role,
    Team,
    month_start,
)
from breakthrough.dashboards.models import ChartPhase
from breakthrough.events.models import Attendance, Event
from breakthrough.measures import series
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from breakthrough.pdsa.models import PDSACycle, Ramp

VARIATION_TEXT = {
    series.COMMON: ("~", gettext_lazy("Common cause variation")),
    series.IMPROVING: ("▲", gettext_lazy("Special cause variation, improving")),
    series.WORSENING: ("▼", gettext_lazy("Special cause variation, worsening")),
}
# The signals' names as people read them (the keys are series.FLAG_NAMES).
SIGNAL_TEXT = {
    "shift": gettext_lazy("shift"),
    "trend": gettext_lazy("trend"),
    "too few crossings": gettext_lazy("too few crossings"),
    "astronomical point": gettext_lazy("astronomical point"),
    "outside limits": gettext_lazy("outside limits"),
}


def reasons_text(names: list[str]) -> str:
    """Signal names in the reader's language, as one phrase."""
    return ", ".join(str(SIGNAL_TEXT[name]) for name in names)


def chart_labels() -> dict[str, str]:
    """The words of a chart (legends, tooltips, description) in the reader's language."""
    return {
        "signal": _("signal"),
        "yes": _("yes"),
        "no": _("no"),
        "month": _("month"),
        "value": _("value"),
        "centre": _("centre"),
        "signals": _("signals"),
        "annotations": _("annotations"),
        "description": _("%(title)s: a chart; its data table follows.").replace("%(title)s", "{title}"),
        "session": _("learning session"),
        "adopted": _("adopted change"),
        "cycle": _("PDSA cycle"),
        "version": _("new definition"),
        "phase": _("new phase"),
        "note": _("note"),
    }


ASSURANCE_TEXT = {
    series.MEETS: ("✓", gettext_lazy("Consistently meets the goal")),
    series.HIT_AND_MISS: ("?", gettext_lazy("Hits and misses the goal")),
    series.MISSES: ("✗", gettext_lazy("Consistently misses the goal")),
    None: ("–", gettext_lazy("No goal or too few points")),
}


def _iso(day: dt.date) -> str:
    """A month for Vega-Lite: local midnight (a bare ISO date would be read as UTC and shift a day)."""
    return f"{day.isoformat()}T00:00:00"


@dataclass
class Filters:
    program_kind: str = ""
    driver: int | None = None
    measure: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    page: int = 1
    sort: str = ""

    @classmethod
    def from_request(cls, params: Any) -> Filters:
        def month(text: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(text + "-01") if len(text) == 7 else None
            except ValueError:
                return None

        def number(text: str) -> int | None:
            return int(text) if text and text.isdigit() else None

        return cls(
            program_kind=params.get("program", ""),
            driver=number(params.get("driver", "")),
            measure=number(params.get("measure", "")),
            start=month(params.get("from", "")),
            end=month(params.get("to", "")),
            page=max(1, number(params.get("page", "")) or 1),
            sort=params.get("sort", ""),
        )


def shared_measures(collaborative: Collaborative, driver: int | None = None) -> list[Measure]:
    qs = Measure.objects.active().filter(collaborative=collaborative, team__isnull=True)
    if driver:
        qs = qs.filter(primary_driver_id=driver)
    return list(qs.order_by("order", "id"))


def team_measures(team: Team) -> list[Measure]:
    return list(
        Measure.objects.active()
        .filter(Q(team__isnull=True) | Q(team=team), collaborative_id=team.collaborative_id)
        .order_by("order", "id")
    )


def phase_starts(panel: series.Panel) -> dict[tuple[int, int], list[ChartPhase]]:
    """Accepted phases per (measure id, team id), one query."""
    found: dict[tuple[int, int], list[ChartPhase]] = defaultdict(list)
    qs = ChartPhase.objects.active().filter(
        measure_id__in=[m.id for m in panel.measures], team__collaborative=panel.collaborative
    )
    if len(panel.team_ids) < 500:
        qs = qs.filter(team_id__in=panel.team_ids)
    for p in qs.select_related("accepted_by"):
        found[(p.measure_id, p.team_id)].append(p)
    return found


def month_index(months: list[dt.date], day: dt.date) -> int | None:
    first = month_start(day)
    return months.index(first) if first in months else None


@dataclass
class TeamAnalysis:
    """Every (measure, team) series of a panel analysed in one batch; series index = m * n_teams + t."""

    panel: series.Panel
    analysis: series.Analysis
    phases: dict[tuple[int, int], list[ChartPhase]]

    def index(self, m: int, t: int) -> int:
        return m * len(self.panel.team_ids) + t


def analyse_teams(panel: series.Panel) -> TeamAnalysis:
    n_m, n_t, n_p = len(panel.measures), len(panel.team_ids), len(panel.months)
    y = panel.y.reshape(n_m * n_t, n_p)
    phases = phase_starts(panel)
    starts = []
    for m in panel.measures:
        for t in panel.team_ids:
            idx = [month_index(panel.months, p.starts) for p in phases.get((m.id, t), [])]
            starts.append([i for i in idx if i is not None])
    phase = series.phase_numbers(n_p, starts) if any(starts) else None
    analysis = series.analyse(
        y,
        better_up=[m.better_up for m in panel.measures for _ in range(n_t)],
        goal=[m.goal for m in panel.measures for _ in range(n_t)],
        phase=phase,
        freeze=series.baseline_months(panel.collaborative, panel.months),
    )
    return TeamAnalysis(panel, analysis, phases)


_PANELS: OrderedDict[tuple[Any, ...], tuple[series.Panel, TeamAnalysis | None]] = OrderedDict()
_PANELS_SIZE = 8


def fingerprint(collaborative: Collaborative) -> tuple[Any, ...]:
    """What the charts depend on, in a fixed number of aggregate queries: counts and latest saves.

    Every write through the services saves rows (``updated_at`` moves) or adds or archives them (counts
    change), so equal fingerprints mean equal data. Bulk ``update()`` calls that skip ``save()`` are not seen.
    """
    from django.db.models import Max

    def agg(qs: Any) -> tuple[Any, Any]:
        row = qs.aggregate(n=Count("pk"), last=Max("updated_at"))
        return row["n"], row["last"]

    return (
        collaborative.pk,
        collaborative.updated_at,
        # By the measure (a small join): a collaborative's reports hold only its own measures' values.
        agg(MeasureValue.objects.filter(measure__collaborative=collaborative)),
        agg(MonthlyReport.objects.filter(team__collaborative=collaborative)),
        agg(MeasureVersion.objects.filter(measure__collaborative=collaborative)),
        agg(Measure.objects.filter(collaborative=collaborative)),
        agg(Team.objects.filter(collaborative=collaborative)),
        agg(Phase.objects.filter(collaborative=collaborative)),
        agg(ChartPhase.objects.filter(team__collaborative=collaborative)),
        dt.date.today(),  # lateness depends on the day
    )


def panel_and_analysis(
    collaborative: Collaborative,
    measures: list[Measure],
    teams: list[tuple[int, str]],
    *,
    months: tuple[dt.date, dt.date] | None = None,
    analyse: bool = True,
    reporting: bool = True,
) -> tuple[series.Panel, TeamAnalysis | None]:
    """The panel and its analysis, reused while the collaborative's data are unchanged (in this process).

    The collaborative pages show no definition versions or notes, so the panel is read without them;
    ``reporting=False`` (the summary table alone) also skips the reports.
    """
    key = (
        fingerprint(collaborative),
        tuple(m.pk for m in measures),
        hash(tuple(teams)),
        months,
        analyse,
        reporting,
    )
    hit = _PANELS.get(key)
    if hit is not None:
        _PANELS.move_to_end(key)
        return hit
    panel = series.load_panel(
        collaborative, measures, teams, months=months, reporting=reporting, annotations=False
    )
    result = (panel, analyse_teams(panel) if analyse and teams else None)
    _PANELS[key] = result
    if len(_PANELS) > _PANELS_SIZE:
        _PANELS.popitem(last=False)
    return result


def clear_cache() -> None:
    _PANELS.clear()


def series_rows(
    analysis: series.Analysis,
    i: int,
    months: list[dt.date],
    label: str,
    *,
    control: bool = False,
    goal: Any = None,
) -> list[dict[str, Any]]:
    """Rows of one series for a chart spec and its data table (each line rounded once, as a whole row)."""
    line = series.rounded
    y = line(analysis.y[i])
    centre = line((analysis.center if control else analysis.run_center)[i])
    none = [None] * len(months)
    lcl, ucl = (line(analysis.lcl[i]), line(analysis.ucl[i])) if control else (none, none)
    phase = analysis.phase[i].tolist()
    flags = {name: f[i].tolist() for name, f in analysis.flags.items() if control or name != "outside limits"}
    rows = []
    for j, month in enumerate(months):
        reasons = [name for name, f in flags.items() if f[j]] if y[j] is not None else []
        rows.append(
            {
                "facet1": label,
                "part": phase[j],
                "x": _iso(month),
                "y": y[j],
                "cl": centre[j],
                "lcl": lcl[j],
                "ucl": ucl[j],
                "signal": bool(reasons),
                "reasons": reasons_text(reasons),
                "goal": goal,
            }
        )
    return rows


def learning_sessions(collaborative: Collaborative, months: list[dt.date]) -> list[dict[str, Any]]:
    sessions = []
    for phase in collaborative.timeline:
        if phase.is_learning_session and month_start(phase.start_date) in months:
            sessions.append(
                {
                    "x": _iso(month_start(phase.start_date)),
                    "kind": "session",
                    "label": phase.get_kind_display(),
                }
            )
    return sessions


def pooled(collaborative: Collaborative, panel: series.Panel, *, suppress: bool) -> dict[str, Any]:
    """The collaborative-level chart of each measure (one faceted spec) and its table."""
    y, _n, _d, counts = panel.pooled()
    threshold = collaborative.small_cell_threshold
    if suppress:
        y = y.copy()
        y[counts < threshold] = float("nan")
    analysis = series.analyse(
        y,
        better_up=[m.better_up for m in panel.measures],
        goal=[m.goal for m in panel.measures],
        freeze=series.baseline_months(collaborative, panel.months),
    )
    rows, table = [], []
    count_rows = counts.tolist()
    number = number_formatter()
    suppressed_text = escape(_("suppressed (small cell)"))
    for i, m in enumerate(panel.measures):
        label = m.name if len(m.name) < 48 else m.name[:46] + "…"
        part = series_rows(analysis, i, panel.months, label, goal=m.goal)
        rows += part
        points = [
            {**r, "n": int(count_rows[i][j]), "suppressed": suppress and count_rows[i][j] < threshold}
            for j, r in enumerate(part)
        ]
        table.append(
            {
                "measure": m,
                "variation": VARIATION_TEXT[analysis.variation[i]],
                "assurance": ASSURANCE_TEXT[analysis.assurance[i]],
                "points": points,
                "body": mark_safe("".join(_pooled_row(p, number, suppressed_text) for p in points)),
            }
        )
    spec = charts.measure_spec(
        rows,
        title=_("Collaborative run charts (all teams pooled)"),
        annotations=learning_sessions(collaborative, panel.months),
        facet_columns=2,
        independent_y=True,
        width=300,
        height=150,
        labels=chart_labels(),
    )
    return {"spec": spec, "table": table, "months": panel.months}


def number_formatter() -> Any:
    """A formatter of rounded floats for tables, as ``number_format`` writes them in the active language
    (its decimal separator), looked up once: a 40-team data table has thousands of numbers."""
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value: float | None) -> str:
        if value is None:
            return "–"
        text = str(value)
        return number_format(value) if "e" in text else text.replace(".", separator)

    return number


def _pooled_row(point: dict[str, Any], number: Any, suppressed_text: str) -> str:
    """One month of the pooled data table as HTML (built here: ten measures × 36 months of template
    variables cost more than the rest of the page)."""
    cells = (
        f'<td colspan="4">{suppressed_text}</td>'
        if point["suppressed"]
        else f"<td>{point['n']}</td><td>{number(point['y'])}</td><td>{number(point['cl'])}</td>"
        f"<td>{escape(point['reasons'] or '–')}</td>"
    )
    return f'<tr><th scope="row">{point["x"][:7]}</th>{cells}</tr>'


def small_multiples(ta: TeamAnalysis, m: int, teams: list[int]) -> dict[str, Any]:
    """One measure across teams: one faceted spec, shared scales, signals marked."""
    panel = ta.panel
    measure = panel.measures[m]
    rows = []
    for t in teams:
        rows += series_rows(ta.analysis, ta.index(m, t), panel.months, panel.team_names[t], goal=measure.goal)
    spec = charts.measure_spec(
        rows, title=measure.name, facet_columns=4, width=200, height=110, labels=chart_labels()
    )
    # The data table (the charts' text alternative) as HTML rows: labels and reasons repeat, escaped once.
    escaped: dict[str, str] = {}

    def text(value: str) -> str:
        if value not in escaped:
            escaped[value] = escape(value)
        return escaped[value]

    number = number_formatter()

    table = mark_safe(
        "".join(
            f'<tr><th scope="row">{text(r["facet1"])}</th><td>{r["x"][:7]}</td><td>{number(r["y"])}</td>'
            f"<td>{number(r['cl'])}</td><td>{text(r['reasons'] or '–')}</td></tr>"
            for r in rows
        )
    )
    return {"spec": spec, "measure": measure, "rows": rows, "table": table}


def icon(key: str, text: tuple[str, Any]) -> str:
    """A "Making Data Count" style icon: a symbol for the eye, its meaning for screen readers and on hover."""
    return format_html(
        '<span class="mdc mdc-{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        key,
        text[1],
        text[0],
        text[1],
    )


def summary(ta: TeamAnalysis, sort: str = "") -> dict[str, Any]:
    """Teams × measures: a variation and an assurance icon per cell, sortable by team or by a measure.

    Rows are built here as HTML, icons once per kind (a 1,000-team table has 10,000 cells).
    """
    panel = ta.panel
    variation_icons = {k: icon(k, v) for k, v in VARIATION_TEXT.items()}
    assurance_icons = {k: icon(k or "none", v) for k, v in ASSURANCE_TEXT.items()}
    badge = format_html(' <span class="badge">{}</span>', _("new phase?"))
    link = reverse("dashboards:team-measure", args=[999999901, 999999902])
    team_link = reverse("dashboards:team", args=[999999903])
    rows = []
    order = {series.WORSENING: 0, series.COMMON: 1, series.IMPROVING: 2}
    n_t = len(panel.team_ids)
    variation, assurance, suggest = ta.analysis.variation, ta.analysis.assurance, ta.analysis.suggest_phase
    for t, (team_id, name) in enumerate(zip(panel.team_ids, panel.team_names, strict=True)):
        cells, keys = [], []
        for m, measure in enumerate(panel.measures):
            i = m * n_t + t
            url = link.replace("999999901", str(team_id)).replace("999999902", str(measure.id))
            cells.append(
                f'<td><a href="{url}">{variation_icons[variation[i]]} {assurance_icons[assurance[i]]}</a>'
                f"{badge if suggest[i] is not None else ''}</td>"
            )
            keys.append((variation[i], assurance[i] or "none", suggest[i] is not None))
        html = format_html(
            '<tr><th scope="row"><a href="{}">{}</a></th>', team_link.replace("999999903", str(team_id)), name
        )
        rows.append(
            {
                "team_id": team_id,
                "name": name,
                "html": mark_safe(html + "".join(cells) + "</tr>"),
                "keys": keys,
            }
        )
    codes = [m.code for m in panel.measures]
    if sort in codes:
        k = codes.index(sort)
        rows.sort(key=lambda r: (order[r["keys"][k][0]], r["name"]))
    else:
        rows.sort(key=lambda r: r["name"])
    body = mark_safe("\n".join(r["html"] for r in rows))
    return {"rows": rows, "body": body, "measures": panel.measures, "sort": sort}


def reporting(panel: series.Panel) -> list[dict[str, Any]]:
    n = len(panel.team_ids)
    submitted = panel.submitted.sum(axis=0).tolist()
    late = panel.late.sum(axis=0).tolist()
    return [
        {
            "month": month,
            "submitted": int(submitted[j]),
            "share": round(100 * submitted[j] / n) if n else 0,
            "late": int(late[j]),
        }
        for j, month in enumerate(panel.months)
    ]


def _suppress(value: int, threshold: int, suppress: bool) -> int | None:
    return None if suppress and 0 < value < threshold else value


def engagement(
    collaborative: Collaborative,
    *,
    suppress: bool,
    driver: int | None = None,
    team_ids: set[int] | None = None,
) -> dict[str, Any]:
    """Attendance at sessions and calls by role; PDSA cycles per month by driver and decision; ramps."""
    threshold = collaborative.small_cell_threshold
    roles = dict(
        Membership.objects.active()
        .filter(collaborative=collaborative, team__isnull=False, role__in=list(TEAM_ROLES))
        .exclude(role=Role.TEAM_LEAD)
        .values_list("user_id", "role")
    )
    role_labels = dict(Membership._meta.get_field("role").choices)
    kinds = [Event.Kind.LEARNING_SESSION, Event.Kind.COLLABORATIVE_CALL, Event.Kind.AFFINITY_CALL]
    attended: dict[int, Counter] = defaultdict(Counter)
    events = {
        e.pk: e
        for e in Event.objects.filter(collaborative=collaborative, kind__in=kinds).order_by("starts_at")
    }
    rows = Attendance.objects.filter(event_id__in=list(events), status=Attendance.Status.PRESENT).values_list(
        "event_id", "user_id"
    )
    for event_id, user_id in rows:
        attended[event_id][role_labels.get(roles.get(user_id, ""), _("Other"))] += 1
    attendance = []
    chart_rows = []
    for pk, event in events.items():
        counts = {role: _suppress(n, threshold, suppress) for role, n in sorted(attended[pk].items())}
        attendance.append({"event": event, "counts": counts, "total": sum(attended[pk].values())})
        for role, n in counts.items():
            if n:
                chart_rows.append(
                    {"event": f"{event.starts_at:%Y-%m-%d} {event.title}"[:40], "role": role, "n": n}
                )
    cycles = PDSACycle.objects.active().filter(ramp__team__collaborative=collaborative)
    if driver:
        cycles = cycles.filter(ramp__change_idea__secondary__primary_id=driver)
    if team_ids is not None:
        cycles = cycles.filter(ramp__team_id__in=team_ids) if len(team_ids) < 500 else cycles
    by_driver: Counter = Counter()
    by_decision: Counter = Counter()
    decision_labels = dict(PDSACycle.Decision.choices)
    for day, planned, decision, driver_name in cycles.values_list(
        "done_on", "planned_start", "decision", "ramp__change_idea__secondary__primary__name"
    ):
        when = day or planned
        if when is None:
            continue
        month = _iso(month_start(when))
        by_driver[(month, driver_name)] += 1
        by_decision[(month, str(decision_labels.get(decision, _("Not decided yet"))))] += 1
    driver_rows = [
        {"month": m, "driver": d, "n": _suppress(n, threshold, suppress)}
        for (m, d), n in sorted(by_driver.items())
    ]
    decision_rows = [
        {"month": m, "decision": d, "n": _suppress(n, threshold, suppress)}
        for (m, d), n in sorted(by_decision.items())
    ]
    ramps = Ramp.objects.active().filter(team__collaborative=collaborative).annotate(n=Count("cycles"))
    lengths = Counter(ramps.values_list("n", flat=True))
    return {
        "attendance": attendance,
        "attendance_spec": charts.bar_spec(
            chart_rows, x="event", y="n", color="role", title=_("Attendance by role"), labels=chart_labels()
        ),
        "driver_spec": charts.bar_spec(
            [r for r in driver_rows if r["n"]],
            x="month",
            y="n",
            color="driver",
            title=_("PDSA cycles per month by primary driver"),
            x_type="temporal",
            labels=chart_labels(),
        ),
        "decision_spec": charts.bar_spec(
            [r for r in decision_rows if r["n"]],
            x="month",
            y="n",
            color="decision",
            title=_("PDSA cycles per month by decision"),
            x_type="temporal",
            labels=chart_labels(),
        ),
        "driver_rows": driver_rows,
        "decision_rows": decision_rows,
        "ramp_lengths": [
            {"cycles": k, "ramps": _suppress(v, threshold, suppress)} for k, v in sorted(lengths.items())
        ],
    }


def assessments(
    collaborative: Collaborative, *, suppress: bool, team_ids: set[int] | None = None
) -> dict[str, Any]:
    """Faculty ratings against team self-ratings over time (means per month) and the gap between them."""
    threshold = collaborative.small_cell_threshold
    qs = Assessment.objects.active().filter(team__collaborative=collaborative)
    if team_ids is not None and len(team_ids) < 500:
        qs = qs.filter(team_id__in=team_ids)
    sums: dict[tuple[dt.date, str], list[float]] = defaultdict(list)
    for month, source, score in qs.values_list("period__month", "source", "score"):
        sums[(month, source)].append(float(score))
    months = sorted({m for m, _s in sums})
    rows, chart_rows = [], []
    for month in months:
        faculty, team = sums.get((month, "faculty"), []), sums.get((month, "team"), [])
        hide = suppress and (0 < len(faculty) < threshold or 0 < len(team) < threshold)
        f = round(sum(faculty) / len(faculty), 2) if faculty and not hide else None
        s = round(sum(team) / len(team), 2) if team and not hide else None
        gap = round(s - f, 2) if f is not None and s is not None else None
        rows.append({"month": month, "faculty": f, "team": s, "gap": gap, "n": max(len(faculty), len(team))})
        for label, value in ((_("Faculty"), f), (_("Self-assessment"), s), (_("Gap (self − faculty)"), gap)):
            if value is not None:
                chart_rows.append({"month": _iso(month), "score": value, "rated by": str(label)})
    spec = charts.line_spec(
        chart_rows,
        x="month",
        y="score",
        color="rated by",
        title=_("Assessment: faculty rating, self-rating and the gap"),
        labels=chart_labels(),
    )
    return {"rows": rows, "spec": spec}


def dose_response(collaborative: Collaborative, ta: TeamAnalysis) -> dict[str, Any]:
    """Per team: attendance, PDSA cycles per driver, and the measures' signals, side by side."""
    panel = ta.panel
    team_of = dict(
        Membership.objects.active()
        .filter(collaborative=collaborative, team__isnull=False, role__in=list(TEAM_ROLES))
        .values_list("user_id", "team_id")
    )
    attended: Counter = Counter()
    for user_id in Attendance.objects.filter(
        event__collaborative=collaborative, status=Attendance.Status.PRESENT
    ).values_list("user_id", flat=True):
        if user_id in team_of:
            attended[team_of[user_id]] += 1
    pdsa: dict[int, Counter] = defaultdict(Counter)
    drivers: set[str] = set()
    for team_id, name in (
        PDSACycle.objects.active()
        .filter(ramp__team__collaborative=collaborative)
        .values_list("ramp__team_id", "ramp__change_idea__secondary__primary__name")
    ):
        pdsa[team_id][name] += 1
        drivers.add(name)
    driver_names = sorted(drivers)
    rows = []
    n_t = len(panel.team_ids)
    variation = ta.analysis.variation
    for t, (team_id, name) in enumerate(zip(panel.team_ids, panel.team_names, strict=True)):
        verdicts = Counter(variation[t::n_t])  # series m * n_teams + t: this team's measures
        rows.append(
            {
                "team_id": team_id,
                "name": name,
                "attended": attended[team_id],
                "pdsa": [pdsa[team_id][d] for d in driver_names],
                "pdsa_total": sum(pdsa[team_id].values()),
                "improving": verdicts[series.IMPROVING],
                "worsening": verdicts[series.WORSENING],
            }
        )
    rows.sort(key=lambda r: (-r["improving"], r["name"]))
    link = reverse("dashboards:team", args=[999999903])
    for r in rows:
        numbers = [r["attended"], *r["pdsa"], r["pdsa_total"], r["improving"], r["worsening"]]
        r["html"] = format_html(
            '<tr><th scope="row"><a href="{}">{}</a></th>{}</tr>',
            link.replace("999999903", str(r["team_id"])),
            r["name"],
            mark_safe("".join(f"<td>{int(n)}</td>" for n in numbers)),
        )
    return {"rows": rows, "drivers": driver_names}


def team_annotations(
    team: Team, panel: series.Panel, m: int, phases: list[ChartPhase]
) -> list[dict[str, Any]]:
    """Learning sessions, the team's PDSA cycles (adopted stand out), definition versions, phases, notes."""
    months = panel.months
    notes = learning_sessions(panel.collaborative, months)
    measure = panel.measures[m]
    for number, start in measure.versions[1:]:
        if month_start(start) in months:
            notes.append(
                {
                    "x": _iso(month_start(start)),
                    "kind": "version",
                    "label": _("Definition version %(n)s") % {"n": number},
                }
            )
    cycles = (
        PDSACycle.objects.active()
        .filter(ramp__team=team)
        .values_list("done_on", "planned_start", "decision", "ramp__title", "number")
    )
    for done, planned, decision, title, number in cycles:
        when = done or planned
        if when and month_start(when) in months:
            adopted = decision == PDSACycle.Decision.ADOPT
            notes.append(
                {
                    "x": _iso(month_start(when)),
                    "kind": "adopted" if adopted else "cycle",
                    "label": f"PDSA {title} #{number}" + (f" ({_('adopted')})" if adopted else ""),
                }
            )
    for p in phases:
        notes.append({"x": _iso(p.starts), "kind": "phase", "label": _("New phase: %(r)s") % {"r": p.reason}})
    t = 0
    for (mi, ti, j), text in panel.notes.items():
        if mi == m and ti == t:
            notes.append({"x": _iso(months[j]), "kind": "note", "label": text[:120]})
    return notes


def team_attendance(team: Team) -> list[dict[str, Any]]:
    """How many of a team's people attended each event of the collaborative (one query each way)."""
    people = set(
        Membership.objects.active()
        .filter(team=team, role__in=list(TEAM_ROLES))
        .values_list("user_id", flat=True)
    )
    counts: Counter = Counter()
    rows = Attendance.objects.filter(
        event__collaborative_id=team.collaborative_id, status=Attendance.Status.PRESENT, user_id__in=people
    ).values_list("event_id", flat=True)
    for event_id in rows:
        counts[event_id] += 1
    events = Event.objects.filter(collaborative_id=team.collaborative_id).filter(
        Q(team__isnull=True) | Q(team=team)
    )
    return [{"event": e, "attended": counts[e.pk]} for e in events.order_by("starts_at")]
