"""The feasibility report: one document (HTML and PDF, through the dashboards' report machinery and
``report_base.html``), and a slide deck of its key figures (python-pptx, one chart per slide as a PNG drawn
by vl-convert, the numbers in the speaker notes).

Organised by the study's three questions, then the theory of change, the case profiles and the methods.
Every figure and table is numbered (``toc.numbering``) and drawn from the data; viewers get the suppressed
version (``suppress=True``: no team's rows, no case profiles, no excerpts).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from breakthrough import charts
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core import pdf
from breakthrough.dashboards import rendering
from breakthrough.feasibility import cases, outcomes, selectors, toc
from breakthrough.study import series
from breakthrough.study.models import Instrument, Observation

Progress = Callable[[int, int], None]


def methods(collaborative: Collaborative, ctx: dict[str, Any]) -> dict[str, Any]:
    """Instruments, reliability, response rates, missing data and the suppression rule."""
    waves = selectors.survey_waves(collaborative)
    rates = []
    for wave in waves:
        found = series.response_rates(wave)
        invited = sum(r["invited"] for r in found)
        answered = sum(r["answered"] for r in found)
        rates.append(
            {
                "wave": wave,
                "invited": invited,
                "answered": answered,
                "responses": wave.responses.active().count(),
                "rate": round(100 * answered / invited) if invited else None,
            }
        )
    pair = selectors.observation_pair(collaborative)
    visits = []
    if pair:
        for wave in pair:
            qs = Observation.objects.active().filter(wave=wave, second_of__isnull=True)
            visits.append(
                {
                    "wave": wave,
                    "scheduled": qs.count(),
                    "submitted": qs.filter(status=Observation.Status.SUBMITTED).count(),
                }
            )
    used = {w.instrument_id for w in waves} | ({pair[0].instrument_id} if pair else set())
    return {
        "instruments": list(Instrument.objects.active().filter(pk__in=used).order_by("name")),
        "rates": rates,
        "visits": visits,
        "reports_due": ctx["reporting"]["due"],
        "reports_on_time": ctx["reporting"]["on_time"],
    }


def context(
    collaborative: Collaborative,
    *,
    suppress: bool,
    today: dt.date,
    draw: Callable[[dict[str, Any]], Any] = rendering.pdf_chart,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Everything the report shows, its charts drawn by ``draw`` (an ``<img>`` for the PDF, SVG for HTML)."""
    tick = progress or (lambda done, total: None)
    ctx = toc.answers(collaborative, suppress=suppress, today=today, progress=lambda d, t: tick(d, t + 3))
    ctx["charts"] = {key: draw(spec) for key, spec in ctx["specs"].items()}
    tick(7, 9)
    ctx["cases"] = []
    if not suppress:
        rooms = outcomes.classrooms(collaborative)
        scores = cases.survey_scores(collaborative)
        for program in cases.programs(collaborative):
            case = cases.profile(
                collaborative, program, today=today, rooms=rooms, dose=ctx["engagement"], scores=scores
            )
            case["charts"] = {key: draw(spec) for key, spec in case["specs"].items()}
            ctx["cases"].append(case)
    tick(8, 9)
    ctx["methods"] = methods(collaborative, ctx)
    return ctx


def html(ctx: dict[str, Any]) -> str:
    return render_to_string("feasibility/report.html", ctx)


def pdf_bytes(ctx: dict[str, Any]) -> bytes:
    return pdf.render_pdf(None, "feasibility/report.html", ctx)  # type: ignore[arg-type]


def slide_notes(key: str, ctx: dict[str, Any]) -> str:
    """The numbers behind a figure, for the speaker."""
    lines: list[str] = []
    if key == "attendance":
        for r in ctx["attendance"]["rows"]:
            lines.append(
                f"{r['kind']}: {r['held']} held, {r['total'] if r['total'] is not None else '*'} present"
            )
    elif key == "cycles":
        lines += [
            f"{r['driver']}: {r['n'] if r['n'] is not None else '*'}" for r in ctx["cycles"]["by_driver"]
        ]
    elif key in ("dose_measures", "dose_observation"):
        fit = ctx["engagement"]["measures_fit" if key == "dose_measures" else "observation_fit"]
        if fit["fit"]:
            f = fit["fit"]
            lines.append(
                _("%(n)s teams; slope %(b)s, 95%% CI [%(lo)s, %(hi)s], p = %(p)s; Spearman rho %(rho)s")
                % {
                    "n": fit["n"],
                    "b": toc.num(f["slope"], 3),
                    "lo": toc.num(f["ci_low"], 3),
                    "hi": toc.num(f["ci_high"], 3),
                    "p": toc.num(f["p"], 3),
                    "rho": toc.num(f["rho"], 3),
                }
            )
        else:
            lines.append(_("Not enough data yet"))
    elif key == "surveys":
        for s in ctx["surveys"]:
            for r in s["rows"]:
                if r.get("enough"):
                    lines.append(
                        f"{r['subscale']}: {toc.num(r['pre'])} → {toc.num(r['post'])}, n = {r['n']}, "
                        f"d = {toc.num(r['d'])} {toc.ci(r['d_ci'])}"
                    )
    elif key == "observations":
        obs = ctx["observations"]
        for r in obs["rows"]:
            lines.append(f"{r['group']}: {toc.num(r['pre'])} → {toc.num(r['post'])} (n = {r['n_post']})")
        if obs["did"]:
            lines.append(f"DiD {toc.num(obs['did']['did'], 3)} {toc.ci(obs['did']['ci'], 3)}")
    elif key == "improving":
        imp = ctx["observations"]["improving"]
        lines.append(_("Threshold: %(t)s points") % {"t": toc.num(imp["threshold"], 3)})
        lines += [f"{r['group']}: {r['improved']} / {r['observed']}" for r in imp["rows"]]
    return "\n".join(str(line) for line in lines)


def pptx_bytes(ctx: dict[str, Any]) -> bytes:
    """One slide per key figure: the chart as a PNG (vl-convert), the numbers in the notes."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = _("Feasibility study: %(name)s") % {"name": ctx["collaborative"].name}
    title.placeholders[1].text = _("Key figures, %(day)s") % {"day": date_format(ctx["today"], "DATE_FORMAT")}
    language = get_language() or "en"
    for key, spec in ctx["specs"].items():
        if rendering.has_no_data(spec):
            continue
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        slide.shapes.title.text = _("Figure %(n)s. %(title)s") % {
            "n": ctx["fig"].get(key, ""),
            "title": spec.get("title", ""),
        }
        slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
        png = charts.render_png(spec, language=language)
        slide.shapes.add_picture(io.BytesIO(png), Inches(1.2), Inches(1.5), height=Inches(5.6))
        slide.notes_slide.notes_text_frame.text = slide_notes(key, ctx)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
