"""Signals in plain words (issue #16): a run of months is one sentence with its months, side and length."""

from __future__ import annotations

from django.utils import translation

from breakthrough.dashboards.templatetags.signal_words import iso_month, signal_sentences


def _points(flagged: dict[int, list[str]], y=None) -> list[dict]:
    return [
        {"x": f"2026-{m:02d}-01", "y": (y or {}).get(m, 60.0), "cl": 50.0, "flags": flagged.get(m, [])}
        for m in range(1, 13)
    ]


def test_a_shift_is_one_sentence_with_its_months_and_side():
    points = _points({m: ["shift"] for m in range(3, 11)})
    assert signal_sentences(points) == [
        "From March 2026 to October 2026, 8 months in a row above the center line: a shift."
    ]


def test_point_signals_get_a_sentence_each_in_spanish_too():
    points = _points({4: ["astronomical point"], 9: ["outside limits"]})
    assert signal_sentences(points) == [
        "In April 2026, a value far from all the others: an astronomical point.",
        "In September 2026, a value outside the control limits.",
    ]
    with translation.override("es"):
        assert signal_sentences(points)[0] == (
            "En abril de 2026, un valor muy alejado de todos los demás: un punto astronómico."
        )
        assert iso_month("2025-12-01") == "diciembre de 2025"


def test_a_month_without_data_does_not_break_a_run_and_no_flags_say_nothing():
    points = _points({m: ["shift"] for m in (2, 3, 5, 6)}, y={4: None, 2: 40.0, 3: 40.0, 5: 41.0, 6: 42.0})
    points[3]["flags"] = []
    assert signal_sentences(points) == [
        "From February 2026 to June 2026, 4 months in a row below the center line: a shift."
    ]
    assert signal_sentences(_points({})) == []
