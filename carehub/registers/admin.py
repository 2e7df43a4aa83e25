from __future__ import annotations

from django.contrib import admin

from carehub.audit.admin import ReadOnlyAdmin
from carehub.registers.models import RegisterChange, RegisterSnapshot, SponsorEntry

# Register data changes only by import, so the admin site can read it but not edit it.


@admin.register(RegisterSnapshot)
class RegisterSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["published_on", "imported_at", "row_count", "duplicate_rows", "file_name"]


@admin.register(SponsorEntry)
class SponsorEntryAdmin(ReadOnlyAdmin):
    list_display = ["name", "town", "licence_type", "rating", "route", "removed_on"]
    list_filter = ["rating", "licence_type", "removed_on"]
    search_fields = ["name", "town"]


@admin.register(RegisterChange)
class RegisterChangeAdmin(ReadOnlyAdmin):
    list_display = ["snapshot", "kind", "entry", "old_rating", "new_rating"]
    list_filter = ["kind"]
    list_select_related = ["snapshot", "entry"]
