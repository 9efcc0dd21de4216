from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.core.forms import ServiceErrors
from breakthrough.exports.writers import FORMATS

FORMAT_LABELS = {
    "csv": _("CSV (with an R script that applies the labels)"),
    "xlsx": _("Excel workbook (one sheet per table, and the codebook)"),
    "parquet": _("Parquet (Python, R arrow, DuckDB)"),
    "sav": _("SPSS (.sav, with variable and value labels)"),
    "dta": _("Stata (.dta, with variable and value labels)"),
}


class ExportForm(ServiceErrors, forms.Form):
    tables = forms.MultipleChoiceField(label=_("Tables"), widget=forms.CheckboxSelectMultiple)
    format = forms.ChoiceField(label=_("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS])
    identified = forms.BooleanField(
        label=_("Identified: names and emails instead of study codes"), required=False
    )
    free_text = forms.BooleanField(label=_("Include free text (narratives, notes, excerpts)"), required=False)
    shift_dates = forms.BooleanField(
        label=_("Shift each respondent's dates by a stable offset"), required=False
    )
    excel_bom = forms.BooleanField(label=_("CSV for Excel (with a byte-order mark)"), required=False)

    def __init__(self, *args: Any, tables: list[Any], may_identify: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tables"].choices = [(t.name, f"{t.name}: {t.label}") for t in tables]
        self.fields["tables"].initial = [t.name for t in tables]
        if not may_identify:
            del self.fields["identified"]
