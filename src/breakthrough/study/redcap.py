"""REDCap data dictionaries (the 18-column CSV) in and out of instruments.

Breakthrough reads radio, dropdown and slider fields as items (their coded choices become the response
scale), keeps the section header, the required flag and two Field Annotation tags of its own:
``@REVERSE`` (a reverse-keyed item) and ``@SUBSCALE=code`` (the item's subscale, scored as the mean).
Other field types (text, notes, descriptive, calc…) are skipped. An import is all or nothing; each
error names the row (as a spreadsheet numbers it, the header being row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from breakthrough.core.models import AuditRecord
from breakthrough.core.services import save_audited
from breakthrough.core.spreadsheets import csv_writer
from breakthrough.study.models import Instrument, Item, Subscale

COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]
ITEM_TYPES = {"radio", "dropdown", "slider"}
KNOWN_TYPES = ITEM_TYPES | {
    "text",
    "notes",
    "descriptive",
    "calc",
    "checkbox",
    "yesno",
    "truefalse",
    "file",
    "sql",
}
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SUBSCALE = re.compile(r"@SUBSCALE=([a-z0-9_-]+)", re.IGNORECASE)


class DictionaryError(ValidationError):
    pass


def _err(row: int, column: str, message: str) -> str:
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


def parse_choices(text: str) -> list[tuple[int, str]]:
    out = []
    for part in text.split("|"):
        if not part.strip():
            continue
        code, sep, label = part.partition(",")
        if not sep:
            raise ValueError(_("each choice is “code, label”, separated by |"))
        try:
            out.append((int(code.strip()), label.strip()))
        except ValueError:
            raise ValueError(
                _("choice codes must be whole numbers (got “%(code)s”)") % {"code": code.strip()}
            ) from None
    if len(out) < 2:
        raise ValueError(_("give at least two choices"))
    return out


def read_dictionary(data: str) -> list[dict[str, Any]]:
    """Check a data dictionary and return its items; raise DictionaryError listing every problem."""
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DictionaryError([_("The file is empty.")]) from None
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        detail = (
            _("missing %(columns)s") % {"columns": ", ".join(f"“{c}”" for c in missing)}
            if missing
            else _("the columns are not in REDCap's order")
        )
        raise DictionaryError(
            [_("Row 1: a REDCap data dictionary has these 18 columns: %(detail)s.") % {"detail": detail}]
        )
    errors: list[str] = []
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            errors.append(
                _("Row %(row)s: expected 18 columns, found %(n)s.") % {"row": number, "n": len(row)}
            )
            continue
        cell = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        name, kind = cell["Variable / Field Name"], cell["Field Type"].lower()
        if not FIELD_NAME.match(name):
            errors.append(
                _err(number, COLUMNS[0], _("use lowercase letters, digits and _, starting with a letter"))
            )
        elif name in seen:
            errors.append(_err(number, COLUMNS[0], _("“%(name)s” appears twice") % {"name": name}))
        seen.add(name)
        if kind not in KNOWN_TYPES:
            errors.append(_err(number, COLUMNS[3], _("unknown field type “%(type)s”") % {"type": kind}))
            continue
        if kind not in ITEM_TYPES:
            continue
        try:
            choices = parse_choices(cell[COLUMNS[5]])
        except ValueError as exc:
            errors.append(_err(number, COLUMNS[5], str(exc)))
            continue
        if cell["Required Field?"].lower() not in {"", "y", "n"}:
            errors.append(_err(number, "Required Field?", _("write y or leave it empty")))
        annotation = cell["Field Annotation"]
        sub = SUBSCALE.search(annotation)
        items.append(
            {
                "code": name,
                "section": cell["Section Header"],
                "text_en": cell["Field Label"],
                "labels": [{"value": v, "en": label, "es": ""} for v, label in choices],
                "scale_min": min(v for v, _l in choices),
                "scale_max": max(v for v, _l in choices),
                "required": cell["Required Field?"].lower() == "y",
                "reverse_keyed": "@REVERSE" in annotation.upper(),
                "subscale": sub.group(1).lower() if sub else "",
            }
        )
    if not items and not errors:
        errors.append(_("Row 2: the dictionary has no radio, dropdown or slider fields to use as items."))
    if errors:
        raise DictionaryError(errors)
    return items


def instrument_import(
    *, by: Any, data: str, name: str, kind: str, owner: str = "", licence: str = "", proprietary: bool = False
) -> Instrument:
    """Create an instrument from a data dictionary, all at once or not at all."""
    items = read_dictionary(data)
    slug_base = slugify(name)[:40] or "instrument"
    slug, n = slug_base, 1
    while Instrument.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{slug_base}-{n}"
    with transaction.atomic():
        instrument = save_audited(
            obj=Instrument(
                name=name, slug=slug, kind=kind, owner=owner, licence=licence, proprietary=proprietary
            ),
            by=by,
            action=AuditRecord.Action.CREATE,
        )
        subscales: dict[str, list[Item]] = {}
        for number, spec in enumerate(items, start=1):
            subscale = spec.pop("subscale")
            if proprietary:
                spec["text_en"] = ""
                spec["labels"] = [{"value": c["value"], "en": "", "es": ""} for c in spec["labels"]]
            item = Item(instrument=instrument, number=number, **spec)
            item.full_clean()
            item.save()
            if subscale:
                subscales.setdefault(subscale, []).append(item)
        for code, members in subscales.items():
            sub = Subscale.objects.create(
                instrument=instrument, code=code, name_en=code.replace("_", " ").title()
            )
            sub.items.set(members)
    return instrument


def instrument_export(instrument: Instrument) -> str:
    """The instrument as a REDCap data dictionary (a proprietary tool's items carry numbers, not text)."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    form = instrument.slug.replace("-", "_")
    subscale_of = {item.pk: sub.code for sub in instrument.subscales.active() for item in sub.items.all()}
    for item in instrument.items.active().order_by("number"):
        labels = {int(c["value"]): c.get("en", "") for c in item.labels}
        choices = " | ".join(f"{v}, {labels.get(v) or v}" for v in range(item.scale_min, item.scale_max + 1))
        tags = []
        if item.reverse_keyed:
            tags.append("@REVERSE")
        if item.pk in subscale_of:
            tags.append(f"@SUBSCALE={subscale_of[item.pk]}")
        label = f"Item {item.number}" if instrument.proprietary else item.text_en
        row = dict.fromkeys(COLUMNS, "")
        row |= {
            COLUMNS[0]: item.code.replace("-", "_"),
            COLUMNS[1]: form,
            COLUMNS[2]: item.section,
            COLUMNS[3]: "radio",
            COLUMNS[4]: label,
            COLUMNS[5]: choices,
            "Required Field?": "y" if item.required else "",
            "Field Annotation": " ".join(tags),
        }
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue()
