from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord, Comment, User, snapshot
from breakthrough.core.services import archive, restore

if TYPE_CHECKING:  # the admin classes are generic to the type checker only
    ModelAdmin = admin.ModelAdmin[Any]
    PersonAdminBase = UserAdmin[User]
    TranslationAdminBase = TranslationAdmin[Any]
    TranslationInlineBase = TranslationStackedInline[Any, Any]
else:
    ModelAdmin = admin.ModelAdmin
    PersonAdminBase = UserAdmin
    TranslationAdminBase = TranslationAdmin
    TranslationInlineBase = TranslationStackedInline


class AuditedAdmin(ModelAdmin):
    """Every admin change is recorded with what it was before; nothing is deleted, only archived."""

    actions = ["archive_selected", "restore_selected"]

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            old = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
            super().save_model(request, obj, form, change)
            action = AuditRecord.Action.UPDATE if change else AuditRecord.Action.CREATE
            audit_record(obj=obj, by=request.user, action=action, before=snapshot(old) if old else None)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = list(super().get_list_filter(request))
        if any(f.name == "archived_at" for f in self.model._meta.fields):
            filters.append(("archived_at", admin.EmptyFieldListFilter))
        return filters

    @admin.action(description=_("Archive the selected rows"))
    def archive_selected(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                archive(obj=obj, by=request.user)

    @admin.action(description=_("Restore the selected rows"))
    def restore_selected(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                restore(obj=obj, by=request.user)


class TranslatedAdmin(AuditedAdmin, TranslationAdminBase):
    """An audited admin for a model with content in English and Spanish (registered in the app's
    ``translation.py``): each translated field is shown once per language, side by side."""


class TranslatedStackedInline(TranslationInlineBase):
    """An inline whose translated fields show both languages."""


@admin.register(User)
class PersonAdmin(PersonAdminBase):
    fieldsets = (*(UserAdmin.fieldsets or ()), (_("Preferences"), {"fields": ("preferred_language",)}))

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ModelAdmin):
    list_display = ["at", "by", "action", "model_name", "object_repr"]
    list_filter = ["action", "app_label", "model_name"]
    search_fields = ["object_repr", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(AuditedAdmin):
    list_display = ["author", "target_type", "target_id", "created_at"]
    list_filter = ["target_type"]
