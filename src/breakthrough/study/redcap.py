"""REDCap data dictionaries (the 18-column CSV) in and out of instruments.

Breakthrough reads radio, dropdown and slider fields as items (their coded choices become the response
scale), keeps the section header, the required flag and two Field Annotation tags of its own:
``@REVERSE`` (a reverse-keyed item) and ``@SUBSCALE=code`` (the item's subscale, scored as the mean).
Other field types (text, notes, descriptive, calc…) are skipped. An import is all or nothing; each
error names the row (as a spreadsheet numbers it, the header being row 1) and the column. A file larger than
``settings.REDCAP_MAX_BYTES`` is refused before it is read (``check_size``); every cell has a length limit
(``LIMITS``), and the items are written with one bulk insert.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
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
SMALLEST_CODE, LARGEST_CODE = -32768, 32767  # choice codes are stored as scores (a small integer)
LIMITS = {  # characters a cell may hold: the model's column, or a generous bound for free text
    "Variable / Field Name": 100,
    "Section Header": 200,
    "Field Label": 5000,
    "Choices, Calculations, OR Slider Labels": 20000,
    "Field Annotation": 2000,
}
CHOICE_LABEL_LIMIT = 500
SUBSCALE_LIMIT = 100
SUBSCALE = re.compile(r"@SUBSCALE=([a-z0-9_-]+)", re.IGNORECASE)


class DictionaryError(ValidationError):
    pass


def check_size(size: int | None) -> None:
    """Refuse a file over the stated limit on its declared size, before reading it."""
    limit = settings.REDCAP_MAX_BYTES
    if size is not None and size > limit:
        raise DictionaryError(
            [
                _("The file is %(size)s; a data dictionary may be at most %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            ]
        )


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
            value = int(code.strip())
        except ValueError:
            raise ValueError(
                _("choice codes must be whole numbers (got “%(code)s”)") % {"code": code.strip()[:20]}
            ) from None
        if not SMALLEST_CODE <= value <= LARGEST_CODE:
            raise ValueError(
                _("choice codes must lie between %(low)s and %(high)s")
                % {"low": SMALLEST_CODE, "high": LARGEST_CODE}
            )
        if len(label.strip()) > CHOICE_LABEL_LIMIT:
            raise ValueError(
                _("a choice's label may have at most %(n)s characters") % {"n": CHOICE_LABEL_LIMIT}
            )
        out.append((value, label.strip()))
    if len(out) < 2:
        raise ValueError(_("give at least two choices"))
    return out


def read_dictionary(data: str) -> list[dict[str, Any]]:
    """Check a data dictionary and return its items; raise DictionaryError listing every problem."""
    # A cell may be as long as the whole file (capped at REDCAP_MAX_BYTES), so the length checks below name
    # its row and column instead of the csv module refusing it (its default cap is 128 KiB). The limit is
    # per process; it only ever grows here.
    if csv.field_size_limit() < settings.REDCAP_MAX_BYTES:
        csv.field_size_limit(settings.REDCAP_MAX_BYTES)
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DictionaryError([_("The file is empty.")]) from None
    except csv.Error:
        raise DictionaryError([_("Row 1: this is not a CSV file REDCap wrote.")]) from None
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
    for number, row in _rows(reader, errors):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            errors.append(
                _("Row %(row)s: expected 18 columns, found %(n)s.") % {"row": number, "n": len(row)}
            )
            continue
        cell = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        too_long = [c for c, n in LIMITS.items() if len(cell[c]) > n]
        for column in too_long:
            message = _("at most %(n)s characters (this one has %(length)s)")
            errors.append(_err(number, column, message % {"n": LIMITS[column], "length": len(cell[column])}))
        if too_long:
            continue
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
        if sub and len(sub.group(1)) > SUBSCALE_LIMIT:
            message = _("a subscale's code may have at most %(n)s characters") % {"n": SUBSCALE_LIMIT}
            errors.append(_err(number, "Field Annotation", message))
            continue
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
        # One bulk insert: each row's cells were checked above (codes unique, lengths within the columns),
        # so the per-item full_clean and its uniqueness queries would only repeat those checks 5,000 times.
        subscale_of: dict[int, str] = {}
        rows = []
        for number, spec in enumerate(items, start=1):
            subscale_of[number] = spec.pop("subscale")
            if proprietary:
                spec["text_en"] = ""
                spec["labels"] = [{"value": c["value"], "en": "", "es": ""} for c in spec["labels"]]
            item = Item(instrument=instrument, number=number, **spec)
            item.clean_fields(exclude=["instrument"])  # the instrument was just made (no query per item)
            rows.append(item)
        Item.objects.bulk_create(rows, batch_size=500)
        pk_of = dict(instrument.items.values_list("number", "pk"))
        members_of: dict[str, list[int]] = {}
        for number, code in subscale_of.items():
            if code:
                members_of.setdefault(code, []).append(pk_of[number])
        for code, members in members_of.items():
            sub = Subscale.objects.create(
                instrument=instrument, code=code, name_en=code.replace("_", " ").title()[:200]
            )
            Through = Subscale.items.through
            Through.objects.bulk_create(
                [Through(subscale_id=sub.pk, item_id=pk) for pk in members], batch_size=1000
            )
    return instrument


def _rows(reader: Any, errors: list[str]) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header, numbered as a spreadsheet numbers them; a row the CSV reader refuses (a
    cell beyond its size limit, a stray quote) becomes an error naming its row, and reading goes on."""
    number = 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            errors.append(_("Row %(row)s: a cell's quotes do not close.") % {"row": number})
            continue
        yield number, row


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
