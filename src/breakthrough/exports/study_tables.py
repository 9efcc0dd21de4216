"""The study's tables: survey responses, answers and scale scores, observations, double codings, interviews,
and the suppressed aggregates that are all a viewer takes out."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Classroom
from breakthrough.exports.columns import CHUNK, Column, Context, Rows, Table, col
from breakthrough.exports.tables import measure_codes, people_of, person_columns, person_values
from breakthrough.measures.models import Measure, MeasureValue
from breakthrough.stats.suppression import suppress_small_cells
from breakthrough.study.models import (
    Answer,
    Code,
    Excerpt,
    Observation,
    ObservationScore,
    Response,
    Subscale,
    Wave,
)
from breakthrough.study.series import subscale_scores

WAVE_COLUMNS = [
    Column("wave_id", _("wave number"), "integer", source="study.Wave.id"),
    Column("wave", _("wave"), source="study.Wave.name"),
    Column("wave_kind", _("kind of wave"), values=dict(Wave.Kind.choices), source="study.Wave.kind"),
    Column("instrument", _("instrument"), source="study.Instrument.slug"),
]


def _wave_values(wave: Wave) -> dict[str, Any]:
    return {"wave_id": wave.pk, "wave": wave.name, "wave_kind": wave.kind, "instrument": wave.instrument.slug}


# --- survey responses, answers, scale scores ---


def _responses(ctx: Context) -> Any:
    return Response.objects.active().filter(wave__collaborative=ctx.collaborative)


def _response_columns(ctx: Context) -> list[Column]:
    return [
        Column("response_id", _("response number"), "integer", source="study.Response.id"),
        *WAVE_COLUMNS,
        col(Response, "respondent_key", as_name="respondent"),
        *person_columns("person", _("person"))[1:],  # the respondent code is the person's pseudonym
        col(Response, "role"),
        col(Response, "on_team"),
        Column("program_id", _("program number"), "integer", source="study.Response.program"),
        col(Response, "language"),
        col(Response, "submitted_at", shift=True),
    ]


def _response_rows(ctx: Context) -> Rows:
    names = people_of(ctx)
    rows = _responses(ctx).select_related("wave__instrument").order_by("wave_id", "pk")
    for r in rows.iterator(chunk_size=CHUNK):
        yield {
            "response_id": r.pk,
            **_wave_values(r.wave),
            "respondent": r.respondent_key,
            **person_values(ctx, "person", r.user_id, names),
            "role": r.role,
            "on_team": r.on_team,
            "program_id": r.program_id,
            "language": r.language,
            "submitted_at": r.submitted_at,
        }


RESPONSES = Table(
    name="survey_responses",
    label=_("Survey responses: wave, role, on a team"),
    group="study",
    columns=_response_columns,
    rows=_response_rows,
    count=lambda ctx: _responses(ctx).count(),
    respondent="respondent",
)

ITEM_COLUMNS = [
    Column("item", _("item"), source="study.Item.code"),
    Column("item_number", _("item number"), "integer", source="study.Item.number"),
    Column("score", _("score"), "integer", source="the item's response scale (see the instrument)"),
]


def _answers(ctx: Context) -> Any:
    return Answer.objects.filter(
        response__wave__collaborative=ctx.collaborative, response__archived_at__isnull=True
    )


def _answer_rows(ctx: Context) -> Rows:
    fields = (
        "response_id",
        "response__respondent_key",
        "response__wave_id",
        "item__code",
        "item__number",
        "value",
    )
    rows = _answers(ctx).order_by("response__wave_id", "response_id", "item__number").values_list(*fields)
    for response, respondent, wave, code, number, value in rows.iterator(chunk_size=CHUNK):
        yield {
            "response_id": response,
            "respondent": respondent,
            "wave_id": wave,
            "item": code,
            "item_number": number,
            "score": value,
        }


ANSWERS = Table(
    name="survey_answers",
    label=_("Survey answers: one row per response and item"),
    group="study",
    columns=lambda ctx: [
        Column("response_id", _("response number"), "integer", source="study.Response.id"),
        col(Response, "respondent_key", as_name="respondent"),
        WAVE_COLUMNS[0],
        *ITEM_COLUMNS,
    ],
    rows=_answer_rows,
    count=lambda ctx: _answers(ctx).count(),
)


def _waves(ctx: Context) -> list[Wave]:
    return list(Wave.objects.active().filter(collaborative=ctx.collaborative).select_related("instrument"))


def _score_count(ctx: Context) -> int:
    return sum(
        w.responses.active().count() * Subscale.objects.active().filter(instrument=w.instrument_id).count()
        for w in _waves(ctx)
        if w.instrument.kind == "survey"
    )


def _score_rows(ctx: Context) -> Rows:
    for wave in _waves(ctx):
        if wave.instrument.kind != "survey":
            continue
        data = subscale_scores(wave)  # one wave at a time: the scoring rules need its whole matrix
        for i, response in enumerate(data["responses"]):
            for sub in data["subscales"]:
                score = float(sub["scores"][i])
                yield {
                    "response_id": response.pk,
                    "respondent": response.respondent_key,
                    "wave_id": wave.pk,
                    "subscale": sub["subscale"].code,
                    "scoring": sub["subscale"].scoring,
                    "score": None if math.isnan(score) else score,
                }


SCORES = Table(
    name="survey_scores",
    label=_("Survey scale scores: one row per response and subscale"),
    group="study",
    columns=lambda ctx: [
        Column("response_id", _("response number"), "integer", source="study.Response.id"),
        col(Response, "respondent_key", as_name="respondent"),
        WAVE_COLUMNS[0],
        Column("subscale", _("subscale"), source="study.Subscale.code"),
        col(Subscale, "scoring"),
        Column(
            "score",
            _("scale score"),
            "number",
            source="breakthrough.stats.scale_scores",
            definition="reverse-keyed items reversed; blank below the subscale's minimum answered",
        ),
    ],
    rows=_score_rows,
    count=_score_count,
)


# --- observations, their scores, double codings ---


def _observations(ctx: Context) -> Any:
    rows = Observation.objects.active().filter(wave__collaborative=ctx.collaborative)
    return rows.filter(observer=ctx.user) if ctx.blind else rows


def _observation_columns(ctx: Context) -> list[Column]:
    return [
        Column("observation_id", _("observation number"), "integer", source="study.Observation.id"),
        *WAVE_COLUMNS,
        Column("classroom", _("classroom code"), source="collaboratives.Classroom.code"),
        col(Classroom, "age_group"),
        col(Classroom, "participation", participation=True),
        *person_columns("observer", _("observer")),
        col(Observation, "starts_at", shift=True),
        col(Observation, "status"),
        col(Observation, "submitted_at", shift=True),
        Column("second_of", _("second coding of"), "integer", source="study.Observation.second_of"),
    ]


def _observation_rows(ctx: Context) -> Rows:
    names = people_of(ctx)
    rows = _observations(ctx).select_related("wave__instrument", "classroom").order_by("starts_at", "pk")
    for o in rows.iterator(chunk_size=CHUNK):
        yield {
            "observation_id": o.pk,
            **_wave_values(o.wave),
            "classroom": o.classroom.code,
            "age_group": o.classroom.age_group,
            "participation": o.classroom.participation,
            **person_values(ctx, "observer", o.observer_id, names),
            "starts_at": o.starts_at,
            "status": o.status,
            "submitted_at": o.submitted_at,
            "second_of": o.second_of_id,
        }


OBSERVATIONS = Table(
    name="observations",
    label=_("Classroom observations, by classroom code"),
    group="observations",
    columns=_observation_columns,
    rows=_observation_rows,
    count=lambda ctx: _observations(ctx).count(),
    respondent="classroom",
)


def _observation_scores(ctx: Context) -> Any:
    return ObservationScore.objects.filter(observation__in=_observations(ctx))


def _observation_score_rows(ctx: Context) -> Rows:
    fields = ("observation_id", "observation__classroom__code", "item__code", "item__number", "value")
    rows = _observation_scores(ctx).order_by("observation_id", "item__number").values_list(*fields)
    for obs, classroom, code, number, value in rows.iterator(chunk_size=CHUNK):
        yield {
            "observation_id": obs,
            "classroom": classroom,
            "item": code,
            "item_number": number,
            "score": value,
        }


OBSERVATION_SCORES = Table(
    name="observation_scores",
    label=_("Observation item scores"),
    group="observations",
    columns=lambda ctx: [
        Column("observation_id", _("observation number"), "integer", source="study.Observation.id"),
        Column("classroom", _("classroom code"), source="collaboratives.Classroom.code"),
        *ITEM_COLUMNS,
    ],
    rows=_observation_score_rows,
    count=lambda ctx: _observation_scores(ctx).count(),
)


def _second_scores(ctx: Context) -> Any:
    return ObservationScore.objects.filter(
        observation__wave__collaborative=ctx.collaborative,
        observation__second_of__isnull=False,
        observation__archived_at__isnull=True,
    )


def _double_rows(ctx: Context) -> Rows:
    fields = (
        "observation__second_of_id",
        "observation_id",
        "observation__classroom__code",
        "item_id",
        "item__code",
        "value",
    )
    rows = _second_scores(ctx).order_by("observation_id", "item__number").values_list(*fields)
    for chunk_start in range(0, rows.count(), CHUNK):
        chunk = list(rows[chunk_start : chunk_start + CHUNK])
        firsts = {
            (o, i): v
            for o, i, v in ObservationScore.objects.filter(
                observation_id__in={c[0] for c in chunk}
            ).values_list("observation_id", "item_id", "value")
        }
        for first, second, classroom, item_id, code, value in chunk:
            other = firsts.get((first, item_id))
            yield {
                "first_observation_id": first,
                "second_observation_id": second,
                "classroom": classroom,
                "item": code,
                "first_score": other,
                "second_score": value,
                "agree": None if other is None else other == value,
            }


DOUBLE_CODINGS = Table(
    name="double_codings",
    label=_("Double codings: a second observer's item scores beside the first's"),
    group="study",
    columns=lambda ctx: [
        Column("first_observation_id", _("first observation"), "integer", source="study.Observation.id"),
        Column("second_observation_id", _("second coding"), "integer", source="study.Observation.id"),
        Column("classroom", _("classroom code"), source="collaboratives.Classroom.code"),
        Column("item", _("item"), source="study.Item.code"),
        Column("first_score", _("first observer's score"), "integer", source="study.ObservationScore.value"),
        Column(
            "second_score", _("second observer's score"), "integer", source="study.ObservationScore.value"
        ),
        Column("agree", _("exact agreement"), "boolean", values={0: _("No"), 1: _("Yes")}),
    ],
    rows=_double_rows,
    count=lambda ctx: _second_scores(ctx).count(),
)


# --- interviews ---


def _excerpts(ctx: Context) -> Any:
    return Excerpt.objects.active().filter(interview__collaborative=ctx.collaborative)


def _excerpt_rows(ctx: Context) -> Rows:
    rows = _excerpts(ctx).select_related("interview").prefetch_related("codes").order_by("interview_id", "pk")
    for e in rows.iterator(chunk_size=CHUNK):
        i = e.interview
        yield {
            "excerpt_id": e.pk,
            "interview_id": i.pk,
            "interview": i.label,
            "informant": i.informant,
            "held_on": i.held_on,
            "focus_group": i.focus_group,
            "codes": "; ".join(sorted(c.name for c in e.codes.all())),
            "text": e.text,
        }


EXCERPTS = Table(
    name="interview_excerpts",
    label=_("Interview and focus-group excerpts"),
    group="study",
    columns=lambda ctx: [
        Column("excerpt_id", _("excerpt number"), "integer", source="study.Excerpt.id"),
        Column("interview_id", _("interview number"), "integer", source="study.Interview.id"),
        Column("interview", _("interview"), source="study.Interview.label"),
        col(Excerpt.interview.field.related_model, "informant"),
        col(Excerpt.interview.field.related_model, "held_on", shift=True),
        col(Excerpt.interview.field.related_model, "focus_group"),
        Column(
            "codes", _("codes"), source="study.Code.name", definition="the excerpt's codes, joined by '; '"
        ),
        col(Excerpt, "text", free_text=True),
    ],
    rows=_excerpt_rows,
    count=lambda ctx: _excerpts(ctx).count(),
    respondent="interview",
)


def _excerpt_codes(ctx: Context) -> Any:
    return Excerpt.codes.through.objects.filter(
        excerpt__interview__collaborative=ctx.collaborative, excerpt__archived_at__isnull=True
    )


def _excerpt_code_rows(ctx: Context) -> Rows:
    fields = ("excerpt_id", "code__name", "code__mechanism", "code__driver__name")
    rows = _excerpt_codes(ctx).order_by("excerpt_id", "code__name").values_list(*fields)
    for excerpt, name, mechanism, driver in rows.iterator(chunk_size=CHUNK):
        yield {"excerpt_id": excerpt, "code": name, "mechanism": mechanism, "driver": driver}


EXCERPT_CODES = Table(
    name="excerpt_codes",
    label=_("Codes of each excerpt, with their mechanism and driver"),
    group="study",
    columns=lambda ctx: [
        Column("excerpt_id", _("excerpt number"), "integer", source="study.Excerpt.id"),
        col(Code, "name", as_name="code"),
        col(Code, "mechanism"),
        Column("driver", _("driver"), source="framework.PrimaryDriver.name"),
    ],
    rows=_excerpt_code_rows,
    count=lambda ctx: _excerpt_codes(ctx).count(),
)


# --- the suppressed aggregates (viewers) ---


def _summary(ctx: Context) -> list[dict[str, Any]]:
    """Teams reporting and their mean result, by measure and month; cells under the threshold hidden."""
    sums: dict[tuple[str, Any], list[float]] = defaultdict(lambda: [0, 0.0])
    values = MeasureValue.objects.active().filter(
        report__team__collaborative=ctx.collaborative, measure__team__isnull=True
    )
    fields = (
        "measure__code",
        "report__period__month",
        "measure_version__unit",
        "measure_version__multiplier",
        "numerator",
        "denominator",
        "value",
    )
    for code, month, unit, mult, num, den, value in values.values_list(*fields).iterator(chunk_size=CHUNK):
        if unit in (Measure.Unit.PERCENT, Measure.Unit.RATE):
            result = float(num / den * mult) if num is not None and den else None
        else:
            result = None if value is None else float(value)
        if result is not None:
            cell = sums[(code, month)]
            cell[0] += 1
            cell[1] += result
    keys = sorted(sums, key=lambda k: (k[0], k[1]))
    if not keys:
        return []
    hidden = suppress_small_cells(
        [sums[k][0] for k in keys], threshold=ctx.collaborative.small_cell_threshold, margins="none"
    )
    rows = []
    for (code, month), shown in zip(keys, hidden.values, strict=True):
        n, total = sums[(code, month)]
        ok = not math.isnan(shown)
        rows.append(
            {
                "measure": code,
                "month": month,
                "teams_reporting": int(n) if ok else None,
                "mean_result": total / n if ok else None,
                "suppressed": not ok,
            }
        )
    return rows


SUMMARY = Table(
    name="measure_summary",
    label=_("Measures by month across teams (small cells suppressed)"),
    group="aggregates",
    columns=lambda ctx: [
        Column("measure", _("measure"), values=measure_codes(ctx), source="measures.Measure.code"),
        Column("month", _("month"), "date", source="collaboratives.Period.month"),
        Column("teams_reporting", _("teams reporting"), "integer", source="count of non-blank values"),
        Column("mean_result", _("mean value as charted"), "number", source="mean of monthly_values.result"),
        Column(
            "suppressed",
            _("suppressed"),
            "boolean",
            values={0: _("No"), 1: _("Yes")},
            definition="fewer teams than the collaborative's small-cell threshold",
        ),
    ],
    rows=lambda ctx: iter(_summary(ctx)),
    count=lambda ctx: len(_summary(ctx)),
)
