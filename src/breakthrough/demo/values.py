"""The demo's measure values: where a team's process sits each month, by its pattern, and what it reports.

A pattern is a team's story over the year: a sustained ``shift`` after learning session 2 (month 5), a
steady ``trend``, ``flat`` (common cause only) or ``noisy``. Every draw comes from the generator passed in,
so the same seed gives the same values.
"""

from __future__ import annotations

import itertools
import random
import statistics
from decimal import Decimal


def level(
    rng: random.Random, pattern: str, month: int, start: float, gain: float, trend_months: int
) -> float:
    """Where a team's process sits in a month (0 = its baseline, 1 = its full improvement); a trend team
    reaches its full improvement after ``trend_months``."""
    if pattern == "shift":
        step = 1.0 if month >= 4 else 0.0  # learning session 2 is month 5
    elif pattern == "trend":
        step = month / trend_months
    else:
        step = 0.0
    noise = rng.gauss(0, 0.09 if pattern == "noisy" else 0.035)
    return start + gain * step + noise


def entry(
    rng: random.Random, code: str, pattern: str, month: int, team_size: int, trend_months: int
) -> dict[str, Decimal]:
    """One month's entry of the measure ``code`` (numerator and denominator, or a value)."""

    def at(start: float, gain: float) -> float:
        return level(rng, pattern, month, start, gain, trend_months)

    if code in {"checkin", "lessons", "family_notes"}:
        p = min(0.99, max(0.02, at(rng.uniform(0.35, 0.55), 0.3)))
        den = rng.randint(40, 120) if code != "lessons" else rng.randint(8, 20)
        num = sum(rng.random() < p for _ in range(den))
        return {"numerator": Decimal(num), "denominator": Decimal(den)}
    if code == "incidents":  # per 100 child-days: about one a week in a small program, a few in a large one
        rate = max(0.1, 1.2 * (1 - at(0.0, 0.45)))
        days = rng.randint(600, 1800)
        count = sum(rng.random() < rate / 100 for _ in range(days))
        return {"numerator": Decimal(count), "denominator": Decimal(days)}
    if code == "removals":
        return {"value": Decimal(max(0, round(rng.gauss(2.5 - 1.5 * at(0, 1), 1))))}
    if code == "supported":
        return {"value": Decimal(str(round(min(5, 2.6 + 1.2 * at(0, 1)), 2)))}
    if code == "stress":
        return {"value": Decimal(str(round(3.1 + rng.gauss(0, 0.25), 2)))}
    return {"value": Decimal(max(0, round(rng.gauss(2 + team_size / 4, 1))))}


def flat_year(key: str, code: str, months: int, reported: int, team_size: int) -> list[dict[str, Decimal]]:
    """A flat team's entries of one measure for every month, drawn from their own generator (seeded by
    ``key``) until they look like what "flat" means: a common-cause process, whose runs on one side of the
    median (the whole year's, and the baseline's of the first four months) stay short and cross it often,
    in the whole year and in the ``reported`` months so far, and no month is an astronomical point. Chance
    alone gives an 8-point run in about one flat series of twenty, which would make a "flat" team a signal.
    A flat team reports every month and every value, so these are the series its charts show."""
    rng = random.Random(key)
    while True:
        year = [entry(rng, code, "flat", m, team_size, 1) for m in range(months)]
        y = [
            float(e["numerator"] / e["denominator"]) if "numerator" in e else float(e["value"]) for e in year
        ]
        shown = [y, y[:reported]]
        runs = all(balanced(part, statistics.median(ref)) for part in shown for ref in (part, y[:4]))
        if runs and all(within_limits(y, statistics.median(ref)) for ref in (y, y[:4])):
            return year


def within_limits(y: list[float], centre: float) -> bool:
    """No astronomical point: every point within 2.8 sigma of ``centre``, sigma from the moving ranges with
    the very large ones screened out (those above 3.267 times their mean), as the charts estimate it."""
    moving = [abs(b - a) for a, b in itertools.pairwise(y)]
    if not moving:
        return True
    mean = statistics.fmean(moving)
    kept = [r for r in moving if r <= 3.267 * mean] or moving
    sigma = statistics.fmean(kept) / 1.128
    return all(abs(v - centre) <= 2.8 * sigma for v in y)


def balanced(y: list[float], centre: float) -> bool:
    """No run of six on one side of ``centre`` (the IHI shift), no five points rising or falling in a row
    (the IHI trend), and a crossing of the centre at least every third point."""
    sides = [v > centre for v in y if v != centre]
    longest = max((len(list(run)) for _, run in itertools.groupby(sides)), default=0)
    crossings = sum(a != b for a, b in itertools.pairwise(sides))
    steps = [b > a for a, b in itertools.pairwise(y) if b != a]
    trend = max((len(list(run)) for _, run in itertools.groupby(steps)), default=0)
    return longest <= 5 and trend < 4 and crossings >= len(sides) // 3
