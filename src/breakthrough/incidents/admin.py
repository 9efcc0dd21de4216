from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.incidents import models as m


@admin.register(m.DemographicCategory)
class DemographicCategoryAdmin(AuditedAdmin):
    list_display = ["collaborative", "code", "name"]


@admin.register(m.Child)
class ChildAdmin(AuditedAdmin):
    list_display = ["team", "code"]


@admin.register(m.Incident)
class IncidentAdmin(AuditedAdmin):
    list_display = ["team", "child_code", "occurred_on", "behavior", "outcome"]


@admin.register(m.IncidentOption)
class IncidentOptionAdmin(AuditedAdmin, TranslationAdmin):  # type: ignore[misc]
    """The lists of the incident form, English and Spanish side by side."""

    list_display = ["collaborative", "field", "label", "order"]
    list_filter = ["field"]
