"""One form-field pattern (issue #16): a field's error sits right under its label, before the input, on
every hand-written form (Django's own field template does the same for the rest)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
FORMS = {
    "measures/templates/measures/report_detail.html": (r"_field_error\.html", r'<input id="\{\{ f\.id \}\}"'),
    "events/templates/events/attendance_form.html": (r"field\.errors", r"\{\{ field \}\}"),
    "collaboratives/templates/collaboratives/setup.html": (r"start\.errors", r"\{\{ start \}\}"),
}


def test_errors_come_before_the_input():
    for path, (error, field) in FORMS.items():
        text = (SRC / path).read_text()
        assert re.search(error, text), path
        assert re.search(error, text).start() < re.search(field, text).start(), f"{path}: error after input"
