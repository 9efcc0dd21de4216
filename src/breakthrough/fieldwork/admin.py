from __future__ import annotations

from typing import Any

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.fieldwork import models as m


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Scores and turns are shown here; they change on the observation's page (audited per value)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class SessionScoreInline(ReadOnlyInline):
    model = m.SessionScore


class SessionVoiceInline(ReadOnlyInline):
    model = m.SessionVoice


@admin.register(m.SessionObservation)
class SessionObservationAdmin(AuditedAdmin):
    list_display = ["event", "instrument", "observer", "observed_on", "cross_team_exchanges"]
    list_filter = ["instrument"]
    inlines = [SessionScoreInline, SessionVoiceInline]


@admin.register(m.TAContact)
class TAContactAdmin(AuditedAdmin):
    list_display = ["team", "date", "topic", "minutes", "mode", "provider"]
    list_filter = ["topic", "mode"]


@admin.register(m.Adaptation)
class AdaptationAdmin(AuditedAdmin, TranslationAdmin):  # type: ignore[misc]
    list_display = ["collaborative", "date", "component", "recorded_by"]
    list_filter = ["component"]


@admin.register(m.ChildScore)
class ChildScoreAdmin(AuditedAdmin):
    list_display = ["child_code", "classroom", "time_point", "instrument", "score", "assessed_on"]
    list_filter = ["time_point", "instrument"]
    search_fields = ["child_code"]


@admin.register(m.SessionScore)
class SessionScoreAdmin(AuditedAdmin):
    list_display = ["observation", "item", "value"]


@admin.register(m.SessionVoice)
class SessionVoiceAdmin(AuditedAdmin):
    list_display = ["observation", "role", "turns"]
