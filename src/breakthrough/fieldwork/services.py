"""Writes of the fieldwork records: each validates, saves and audits in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Classroom, Collaborative, Team
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord, snapshot
from breakthrough.core.services import check_revision, save_audited
from breakthrough.events.models import Event
from breakthrough.fieldwork.models import (
    Adaptation,
    ChildScore,
    SessionObservation,
    SessionScore,
    SessionVoice,
    Speaker,
    TAContact,
    child_code_error,
    normalise_child_code,
    score_range,
)
from breakthrough.study.models import Instrument
from breakthrough.study.services import clean_answers

MAX_TURNS = 2000


# --- session observations ---


def clean_voices(raw: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Turns per role (``turns-<role>`` → text) to whole numbers; errors keyed by the same names."""
    values: dict[str, int] = {}
    errors: dict[str, str] = {}
    for role in Speaker.values:
        name = f"turns-{role}"
        text = str(raw.get(name, "") or "").strip()
        if not text:
            continue
        try:
            value = int(text)
        except ValueError:
            errors[name] = _("Enter a whole number of turns.")
            continue
        if not 0 <= value <= MAX_TURNS:
            errors[name] = _("Enter a number of turns between 0 and %(max)s.") % {"max": MAX_TURNS}
            continue
        values[role] = value
    return values, errors


def session_observation_save(
    *,
    by: Any,
    event: Event,
    instrument: Instrument,
    observed_on: dt.date,
    cross_team_exchanges: int,
    notes: str = "",
    raw: dict[str, Any],
    observation: SessionObservation | None = None,
    revision: int | None = None,
) -> SessionObservation:
    """Create or change an observation, its item scores (``item-<pk>``) and turns by role (``turns-<role>``).

    Every item is asked; a blank one is left unscored. Each changed score and count is audited."""
    items = list(instrument.items.active())
    values, errors = clean_answers(items, raw)
    turns, voice_errors = clean_voices(raw)
    errors |= voice_errors
    if not values and not errors:
        errors["__all__"] = _("Score at least one item of the protocol.")
    row = observation or SessionObservation(observer=by)
    row.event, row.instrument, row.observed_on = event, instrument, observed_on
    row.cross_team_exchanges, row.notes = cross_team_exchanges, notes
    try:
        row.full_clean()
    except ValidationError as exc:
        errors |= {k: " ".join(v) for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if observation is not None:
            check_revision(observation, revision)
        row = save_audited(obj=row, by=by)
        _rows_update(
            rows={s.item_id: s for s in SessionScore.objects.select_for_update().filter(observation=row)},
            values=values,
            make=lambda key, value: SessionScore(observation=row, item_id=key, value=value),
            field="value",
            by=by,
        )
        _rows_update(
            rows={v.role: v for v in SessionVoice.objects.select_for_update().filter(observation=row)},
            values=turns,
            make=lambda key, value: SessionVoice(observation=row, role=key, turns=value),
            field="turns",
            by=by,
        )
    return row


def _rows_update(*, rows: dict[Any, Any], values: dict[Any, int], make: Any, field: str, by: Any) -> None:
    """Each value changed in place (audited before and after), a new one created, one left blank removed
    (its last value kept in the audit trail)."""
    for key, value in values.items():
        row = rows.pop(key, None)
        if row is None:
            save_audited(obj=make(key, value), by=by, action=AuditRecord.Action.CREATE)
        elif getattr(row, field) != value:
            setattr(row, field, value)
            save_audited(obj=row, by=by, fields=(field,))
    for row in rows.values():
        before = snapshot(row)
        setattr(row, field, None)
        audit_record(obj=row, by=by, action=AuditRecord.Action.UPDATE, before=before)
        type(row).objects.filter(pk=row.pk).delete()


# --- technical assistance and adaptations ---


def ta_contact_save(
    *, by: Any, team: Team, contact: TAContact | None = None, revision: int | None = None, **fields: Any
) -> TAContact:
    """Record a TA contact (its provider is who records it) or change one (audited)."""
    row = contact or TAContact(provider=by)
    row.team = team
    for name, value in fields.items():
        setattr(row, name, value)
    with transaction.atomic():
        if contact is not None:
            check_revision(contact, revision)
        return save_audited(obj=row, by=by)


def adaptation_save(
    *,
    by: Any,
    collaborative: Collaborative,
    adaptation: Adaptation | None = None,
    revision: int | None = None,
    **fields: Any,
) -> Adaptation:
    row = adaptation or Adaptation(recorded_by=by)
    row.collaborative = collaborative
    for name, value in fields.items():
        setattr(row, name, value)
    if "what_changed_en" in fields:
        row.what_changed = fields["what_changed_en"]
    if "why_en" in fields:
        row.why = fields["why_en"]
    with transaction.atomic():
        if adaptation is not None:
            check_revision(adaptation, revision)
        return save_audited(obj=row, by=by)


# --- child scores ---


def _parse_score(text: str) -> float | None:
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        return None


def _child_rows(
    *,
    collaborative: Collaborative,
    instrument: Instrument,
    entries: list[dict[str, Any]],
    label: Any,
) -> tuple[list[ChildScore], list[dict[str, Any]], dict[str, str]]:
    """Entries (classroom, child_code, time_point, score text, assessed_on) checked one by one: the rows to
    create, the rows to change (with their new values) and the errors, keyed by ``label(index, field)``."""
    errors: dict[str, str] = {}
    low, high = score_range(instrument)
    rooms = set(
        Classroom.objects.filter(program__teams__collaborative=collaborative).values_list("pk", flat=True)
    )
    existing = {
        (s.child_code, s.time_point): s
        for s in ChildScore.objects.filter(collaborative=collaborative, instrument=instrument)
    }
    seen: set[tuple[str, str]] = set()
    new: list[ChildScore] = []
    changed: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        code = normalise_child_code(entry.get("child_code", ""))
        problem = child_code_error(code)
        if problem:
            errors[label(i, "child_code")] = problem
        point = entry.get("time_point")
        if point not in ChildScore.TimePoint.values:
            errors[label(i, "time_point")] = _("Write pre or post.")
        score = _parse_score(entry.get("score", ""))
        if score is None:
            errors[label(i, "score")] = _("Enter the child's total score as a number.")
        elif not low <= score <= high:
            errors[label(i, "score")] = _("A score on this assessment lies between %(low)s and %(high)s.") % {
                "low": f"{low:g}",
                "high": f"{high:g}",
            }
        if entry.get("classroom") is None or entry["classroom"].pk not in rooms:
            errors.setdefault(label(i, "classroom"), _("Use the code of one of your classrooms."))
        if entry.get("assessed_on") is None:
            errors.setdefault(label(i, "assessed_on"), _("Enter the date as YYYY-MM-DD."))
        if problem or score is None or point not in ChildScore.TimePoint.values:
            continue
        if (code, point) in seen:
            errors[label(i, "child_code")] = _("This child code is entered twice for the same time point.")
            continue
        seen.add((code, point))
        old = existing.get((code, point))
        if (
            old is not None
            and entry.get("classroom") is not None
            and old.classroom_id != entry["classroom"].pk
        ):
            errors[label(i, "child_code")] = _("This child code belongs to another classroom.")
            continue
        fields = {
            "score": score,
            "assessed_on": entry.get("assessed_on"),
            "classroom": entry.get("classroom"),
        }
        if old is not None:
            changed.append({"row": old, **fields})
        else:
            new.append(
                ChildScore(
                    collaborative=collaborative,
                    instrument=instrument,
                    child_code=code,
                    time_point=point,
                    **fields,
                )
            )
    return new, changed, errors


def child_scores_save(
    *,
    by: Any,
    collaborative: Collaborative,
    instrument: Instrument,
    entries: list[dict[str, Any]],
    label: Any = None,
) -> int:
    """Save several children's scores at once, all or none; a code already scored at that time point is
    updated (audited). ``entries`` hold a classroom, a child code, a time point, a score (text) and a date;
    errors are keyed by ``label(index, field)`` (default ``"<field>-<index>"``). Returns how many saved."""
    label = label or (lambda i, name: f"{name}-{i}")
    if instrument.kind != Instrument.Kind.CHILD:
        raise ValidationError({"instrument": _("Choose a child assessment.")})
    if not entries:
        raise ValidationError({"__all__": _("Enter at least one child's score.")})
    new, changed, errors = _child_rows(
        collaborative=collaborative, instrument=instrument, entries=entries, label=label
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for row in new:
            row.entered_by = by
            save_audited(obj=row, by=by, action=AuditRecord.Action.CREATE)
        for change in changed:
            row = change.pop("row")
            if any(getattr(row, k) != v for k, v in change.items()):
                for k, v in change.items():
                    setattr(row, k, v)
                row.entered_by = by
                save_audited(obj=row, by=by)
    return len(new) + len(changed)


CSV_COLUMNS = ["classroom", "child_code", "time_point", "score", "assessed_on"]


def child_scores_import(
    *,
    by: Any,
    collaborative: Collaborative,
    instrument: Instrument,
    data: str,
    classrooms: Any,
) -> int:
    """A CSV of child scores (columns ``CSV_COLUMNS``; classroom by its code, the date as YYYY-MM-DD), all
    rows or none. ``classrooms`` are those the person may enter for. An error names its row and column."""
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise ValidationError({"file": _("The file is empty.")}) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            {
                "file": _("Row 1: the header lacks the column(s) %(columns)s.")
                % {"columns": ", ".join(missing)}
            }
        )
    by_code = {c.code.upper(): c for c in classrooms}
    entries: list[dict[str, Any]] = []
    numbers: list[int] = []
    errors: dict[str, str] = {}
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors[f"row {number}"] = _("Row %(row)s: a cell's quotes do not close.") % {"row": number}
            continue
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        room = by_code.get(row.get("classroom", "").upper())
        try:
            day: dt.date | None = dt.date.fromisoformat(row.get("assessed_on", ""))
        except ValueError:
            day = None
        entries.append(
            {
                "classroom": room,
                "child_code": row.get("child_code", ""),
                "time_point": row.get("time_point", "").lower(),
                "score": row.get("score", ""),
                "assessed_on": day,
            }
        )
        numbers.append(number)
    if not entries and not errors:
        raise ValidationError({"file": _("The file has no rows after its header.")})

    def label(i: int, name: str) -> str:
        return f"row {numbers[i]}, {name}"

    try:
        if entries:
            return _import_rows(by, collaborative, instrument, entries, label, errors)
    except ValidationError as exc:
        errors |= {k: " ".join(v) for k, v in exc.message_dict.items()}
    raise ValidationError(_csv_messages(errors))


def _import_rows(
    by: Any,
    collaborative: Collaborative,
    instrument: Instrument,
    entries: list[dict[str, Any]],
    label: Any,
    errors: dict[str, str],
) -> int:
    if errors:
        _new, _changed, more = _child_rows(
            collaborative=collaborative, instrument=instrument, entries=entries, label=label
        )
        raise ValidationError(errors | more)
    return child_scores_save(
        by=by, collaborative=collaborative, instrument=instrument, entries=entries, label=label
    )


def _csv_messages(errors: dict[str, str]) -> dict[str, list[str]]:
    """Errors of a file, each naming its row and column, in row order, under the form's ``file`` field."""

    def order(key: str) -> tuple[int, str]:
        digits = "".join(ch for ch in key.split(",")[0] if ch.isdigit())
        return (int(digits or 0), key)

    messages = []
    for key in sorted(errors, key=order):
        text = errors[key]
        if key.startswith("row ") and "," in key:
            row, column = key.split(", ", 1)
            text = _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": row.removeprefix("row "),
                "column": column,
                "message": text,
            }
        messages.append(text)
    return {"file": messages}
