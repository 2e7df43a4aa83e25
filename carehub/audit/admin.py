from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carehub.audit.models import AccessEvent, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit trail is append-only: the admin site can read it, never change it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "occurred_at", "actor", "verb", "subject_type", "subject_id"]
    list_filter = ["verb"]
    list_select_related = ["actor"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "user", "action", "subject_type", "subject_id"]
    list_select_related = ["user"]
