from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin, TranslatedAdmin, TranslatedStackedInline
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport


class VersionInline(TranslatedStackedInline):
    model = MeasureVersion
    extra = 0
    can_delete = False


@admin.register(Measure)
class MeasureAdmin(TranslatedAdmin):
    list_display = ["name", "code", "kind", "better", "requirement", "collaborative"]
    list_filter = ["collaborative", "kind", "requirement"]
    inlines = [VersionInline]


@admin.register(MeasureVersion)
class MeasureVersionAdmin(TranslatedAdmin):
    list_display = ["measure", "number", "effective_from", "unit", "goal"]


class ValueInline(admin.TabularInline):
    model = MeasureValue
    extra = 0
    can_delete = False
    fields = ["measure", "measure_version", "numerator", "denominator", "value", "note"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(AuditedAdmin):
    list_display = ["team", "period", "status", "submitted_at"]
    list_filter = ["status", "period", "team__collaborative"]
    inlines = [ValueInline]


@admin.register(MeasureValue)
class MeasureValueAdmin(AuditedAdmin):
    list_display = ["report", "measure", "numerator", "denominator", "value"]
    list_filter = ["measure"]
