"""What a table of an export is: its columns (documented in the codebook) and the rows it reads in chunks.

A table's rows are dicts keyed by column name, read with ``.iterator(chunk_size=…)`` so that no table is
ever held whole; the writers take them a chunk at a time. Columns marked ``identified`` leave a
de-identified export, columns marked ``free_text`` leave unless free text is asked for, columns marked
``participation`` leave an observer's export, and ``shift`` columns move by the row's respondent offset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from breakthrough.collaboratives.models import Collaborative
from breakthrough.study.services import study_code_of

CHUNK = 2000  # rows read from the database and handed to a writer at a time
TYPES = ("string", "integer", "number", "date", "datetime", "boolean")


@dataclass(frozen=True)
class Column:
    name: str
    label: Any  # a lazy translation, rendered in the export's language
    type: str = "string"
    values: dict[Any, Any] | None = None  # allowed values and their labels
    unit: str = ""
    source: str = ""
    definition: str = ""
    identified: bool = False
    free_text: bool = False
    participation: bool = False
    shift: bool = False


def col(model: type[models.Model], name: str, *, as_name: str = "", **kw: Any) -> Column:
    """A column read from a model field, with the field's own (translated) label, type and choices."""
    f = model._meta.get_field(name)
    kind = "string"
    if isinstance(f, models.BooleanField):
        kind = "boolean"
    elif isinstance(f, models.DateTimeField):
        kind = "datetime"
    elif isinstance(f, models.DateField):
        kind = "date"
    elif isinstance(f, models.DecimalField | models.FloatField):
        kind = "number"
    elif isinstance(f, models.IntegerField | models.ForeignKey):
        kind = "integer"
    values = dict(f.choices) if getattr(f, "choices", None) else None  # type: ignore[arg-type]
    kw.setdefault("label", f.verbose_name)
    kw.setdefault("type", kind)
    kw.setdefault("values", values)
    return Column(name=as_name or name, source=f"{model._meta.label}.{name}", **kw)


@dataclass
class Context:
    """One export's choices, and the pseudonyms and date offsets it hands out."""

    collaborative: Collaborative
    user: Any
    identified: bool = False
    free_text: bool = False
    shift_dates: bool = False
    blind: bool = False  # an observer's export: their own visits, nothing about participation
    _codes: dict[int, str] = field(default_factory=dict, repr=False)

    def person(self, user_id: int | None) -> str:
        """A person's study code (the study's own pseudonym, stable across exports and waves)."""
        if user_id is None:
            return ""
        if user_id not in self._codes:
            self._codes[user_id] = study_code_of(SimpleNamespace(pk=user_id))
        return self._codes[user_id]

    def pseudonym(self, kind: str, key: str) -> str:
        """A stable code for a non-person key (a child's program code) in a de-identified export."""
        if self.identified or not key:
            return key
        digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}-{key}".encode(), hashlib.sha256)
        return f"{kind[:1].upper()}-{digest.hexdigest()[:10]}"

    def offset(self, respondent: str) -> dt.timedelta:
        """The respondent's date shift: the same number of days in every export of this collaborative."""
        span = settings.EXPORT_DATE_SHIFT_DAYS
        if not self.shift_dates or not respondent or span <= 0:
            return dt.timedelta(0)
        key = f"shift-{self.collaborative.pk}-{respondent}".encode()
        digest = hmac.new(settings.SECRET_KEY.encode(), key, hashlib.sha256).digest()
        return dt.timedelta(days=int.from_bytes(digest[:4], "big") % (2 * span + 1) - span)

    def keeps(self, column: Column) -> bool:
        if column.identified and not self.identified:
            return False
        if column.free_text and not self.free_text:
            return False
        return not (column.participation and self.blind)


Rows = Iterator[dict[str, Any]]


@dataclass(frozen=True)
class Table:
    """One dataset of an export, documented column by column."""

    name: str
    label: Any
    group: str  # the access group (collaboratives.access.EXPORT_GROUPS) that may take it out
    columns: Callable[[Context], list[Column]]
    rows: Callable[[Context], Rows]
    count: Callable[[Context], int]
    respondent: str = ""  # the row key whose offset shifts the table's ``shift`` columns
    description: Any = ""

    def kept_columns(self, ctx: Context) -> list[Column]:
        return [c for c in self.columns(ctx) if ctx.keeps(c)]

    def chunks(self, ctx: Context) -> Iterator[list[dict[str, Any]]]:
        """The table's rows in lists of at most CHUNK, with dates shifted and types made plain."""
        columns = self.kept_columns(ctx)
        shifted = [c.name for c in columns if c.shift and ctx.shift_dates]
        chunk: list[dict[str, Any]] = []
        for row in self.rows(ctx):
            if shifted:
                delta = ctx.offset(str(row.get(self.respondent, "")))
                for name in shifted:
                    if row.get(name) is not None:
                        row[name] = row[name] + delta
            chunk.append({c.name: plain(row.get(c.name), c.type) for c in columns})
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def plain(value: Any, kind: str) -> Any:
    """One cell as the writers take it: floats, ints, dates, naive local datetimes, 0/1, str or None."""
    if value is None or (value == "" and kind != "string"):
        return None
    if kind == "number":
        return float(value) if isinstance(value, Decimal | int | float) else value
    if kind == "boolean":
        return int(bool(value))
    if kind == "datetime" and isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == "string":
        return str(value)
    return value


def registry(*tables: Table) -> dict[str, Table]:
    return {t.name: t for t in tables}
