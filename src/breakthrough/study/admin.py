from __future__ import annotations

from typing import Any

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin, TranslatedAdmin
from breakthrough.study import models as m


@admin.register(m.Instrument)
class InstrumentAdmin(TranslatedAdmin):
    list_display = ["name", "kind", "owner", "licence", "proprietary", "illustrative"]
    list_filter = ["kind", "proprietary"]


@admin.register(m.Item)
class ItemAdmin(AuditedAdmin):
    list_display = ["instrument", "number", "code", "required", "reverse_keyed"]
    list_filter = ["instrument"]


@admin.register(m.Subscale)
class SubscaleAdmin(AuditedAdmin):
    list_display = ["instrument", "code", "name_en", "scoring", "min_answered"]


@admin.register(m.RespondentGroup)
class RespondentGroupAdmin(TranslatedAdmin):
    list_display = ["name", "kind", "collaborative"]


@admin.register(m.Wave)
class WaveAdmin(TranslatedAdmin):
    list_display = ["name", "instrument", "kind", "opens_on", "closes_on"]


@admin.register(m.SurveyLink)
class SurveyLinkAdmin(AuditedAdmin):
    list_display = ["wave", "respondent_key", "role", "language", "used_at"]
    exclude = ["token_hash"]


@admin.register(m.SurveyLinkContact)
class SurveyLinkContactAdmin(admin.ModelAdmin):
    """Listed so the admin knows the table; the address itself is never shown or edited here."""

    list_display = ["link", "created_at"]
    exclude = ["email"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(m.StudyCodeSecret)
class StudyCodeSecretAdmin(admin.ModelAdmin):
    """Listed so the admin knows the table; the key itself is never shown or edited here."""

    list_display = ["created_at"]
    exclude = ["key"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(m.Response)
class ResponseAdmin(AuditedAdmin):
    list_display = ["wave", "respondent_key", "role", "on_team", "submitted_at"]


@admin.register(m.Answer)
class AnswerAdmin(AuditedAdmin):
    actions: list[str] = []  # rows of a response; archive the response instead
    list_display = ["response", "item", "value"]


@admin.register(m.Observation)
class ObservationAdmin(AuditedAdmin):
    list_display = ["wave", "classroom", "observer", "starts_at", "status"]


@admin.register(m.ObservationScore)
class ObservationScoreAdmin(AuditedAdmin):
    actions: list[str] = []  # rows of a response; archive the response instead
    list_display = ["observation", "item", "value"]


@admin.register(m.Interview)
class InterviewAdmin(AuditedAdmin):
    list_display = ["label", "informant", "held_on"]


@admin.register(m.Code)
class CodeAdmin(AuditedAdmin):
    list_display = ["name", "mechanism", "collaborative"]


@admin.register(m.Excerpt)
class ExcerptAdmin(AuditedAdmin):
    list_display = ["interview", "__str__"]
