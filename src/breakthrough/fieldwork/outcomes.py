"""Children's social-emotional outcomes per program, small cells hidden (``stats.suppress_table``).

Per program: the children scored pre (n, mean), post (n, mean), and the children scored at both (n, the mean
of post − pre). The counts pass through ``suppress_table`` with the collaborative's threshold and the column
totals (all programs) published; a mean is shown only where its count is. Everyone who sees this table sees
it suppressed: child scores are the study's most sensitive figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.fieldwork.selectors import ChildScoreRow, child_scores
from breakthrough.stats.suppression import suppress_table
from breakthrough.study.models import Instrument


@dataclass(frozen=True)
class Cell:
    n: int | None  # None: hidden
    mean: float | None


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    pre: Cell
    post: Cell
    change: Cell

    @property
    def hidden(self) -> bool:
        return self.pre.n is None or self.post.n is None or self.change.n is None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _summary(rows: list[ChildScoreRow]) -> tuple[list[int], list[float | None]]:
    pre = {r.child_code: r.score for r in rows if r.time_point == "pre"}
    post = {r.child_code: r.score for r in rows if r.time_point == "post"}
    both = sorted(pre.keys() & post.keys())
    changes = [post[c] - pre[c] for c in both]
    return [len(pre), len(post), len(both)], [
        _mean(list(pre.values())),
        _mean(list(post.values())),
        _mean(changes),
    ]


def outcome_table(
    collaborative: Collaborative, *, instrument: Instrument | None = None
) -> tuple[list[OutcomeRow], OutcomeRow | None]:
    """Rows per program (by name) and the row of all programs; (empty, None) without scores."""
    scores = child_scores(collaborative, instrument=instrument)
    if not scores:
        return [], None
    by_program: dict[int, list[ChildScoreRow]] = {}
    for row in scores:
        by_program.setdefault(row.program_id, []).append(row)
    names = dict(Program.objects.filter(pk__in=by_program).values_list("pk", "name"))
    order = sorted(by_program, key=lambda pk: (names.get(pk, ""), pk))
    counts, means = [], []
    for pk in order:
        n, m = _summary(by_program[pk])
        counts.append(n)
        means.append(m)
    _total_n, total_means = _summary(scores)  # the counts are suppress_table's column totals
    table = suppress_table(counts, threshold=collaborative.small_cell_threshold, totals="columns")
    shown = table.values.tolist()
    totals = table.column_totals.tolist()

    def cells(ns: list[float], ms: list[float | None]) -> list[Cell]:
        return [
            Cell(n=None, mean=None) if math.isnan(n) else Cell(n=int(n), mean=m)
            for n, m in zip(ns, ms, strict=True)
        ]

    rows = [OutcomeRow(names.get(pk, "?"), *cells(shown[i], means[i])) for i, pk in enumerate(order)]
    # The row of all programs: its counts are suppress_table's column totals, its means all children's.
    return rows, OutcomeRow("", *cells(totals, total_means))
