from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from runback.accounts.forms import StaffLoginForm
from runback.accounts.models import AuditEntry, Clinic, Consent, ErasedBy, Erasure, User
from runback.accounts.services_erasure import user_delete

# /admin/login/ counts a non-staff account's right password as a failure, like a wrong one.
admin.site.login_form = StaffLoginForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "name", "role", "clinic", "is_active", "is_staff")
    list_filter = ("role", "clinic", "is_active", "is_staff")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "role", "clinic", "language", "region")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),
    )

    # Deleting a person here erases every trace too and leaves an `Erasure` record.
    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """The audit log cannot be deleted on its own, but erasing a person erases it:
        the audit entries must not block the deletion of their subject."""
        deleted, model_count, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, set(), protected

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        user_delete(user=obj, erased_by=ErasedBy.ADMIN)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_delete(user=user, erased_by=ErasedBy.ADMIN)


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "medical_helpline", "created_at")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "version", "given_at", "withdrawn_at")
    readonly_fields = ("user", "version", "text", "language", "given_at", "withdrawn_at")

    def has_add_permission(self, request: object) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A record that is kept as it was written: staff may read it, never change it."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "subject", "actor", "action")
    list_filter = ("action",)
    readonly_fields = ("subject", "actor", "action", "data", "created_at")


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ("erased_at", "clinic", "account_role", "erased_by")
    list_filter = ("erased_by", "account_role", "clinic")
    readonly_fields = ("erased_at", "clinic", "account_role", "erased_by", "removed")
