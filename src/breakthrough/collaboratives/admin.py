from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from breakthrough.collaboratives.models import (
    Classroom,
    Collaborative,
    Invitation,
    Membership,
    Period,
    Phase,
    Program,
    Team,
)
from breakthrough.core.admin import AuditedAdmin


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "start_date", "end_date"]
    can_delete = False


@admin.register(Collaborative)
class CollaborativeAdmin(AuditedAdmin):
    list_display = ["name", "topic", "start_date", "end_date"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(AuditedAdmin):
    list_display = ["collaborative", "kind", "start_date", "end_date"]
    list_filter = ["collaborative"]


@admin.register(Period)
class PeriodAdmin(AuditedAdmin):
    list_display = ["collaborative", "month", "due_date"]
    list_filter = ["collaborative"]


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ["name", "kind", "neighborhood", "licensed_capacity", "qris_level"]
    list_filter = ["kind", "setting"]
    search_fields = ["name", "neighborhood"]


@admin.register(Classroom)
class ClassroomAdmin(AuditedAdmin):
    list_display = ["name", "code", "program", "age_group", "participation"]
    list_filter = ["age_group", "participation", "program"]


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ["name", "collaborative", "program"]
    list_filter = ["collaborative"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "team", "collaborative"]
    list_filter = ["collaborative", "role", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    """The token itself is never stored; its hash is not shown either."""

    list_display = ["email", "role", "team", "collaborative", "expires_at", "accepted_at", "archived_at"]
    list_filter = ["collaborative", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    readonly_fields = ["invited_by", "accepted_at", "accepted_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the set-up page, which emails the link
