from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carehub.core import services
from carehub.core.models import LocalAuthority, PolicyValue, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "gss_code"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "gss_code", "la_type", "region"]
    list_filter = ["region", "la_type"]
    search_fields = ["name", "gss_code"]


@admin.register(PolicyValue)
class PolicyValueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """New values are added with a new start date; past values are never edited, so cases
    decided under them can still be explained."""

    list_display = ["key", "value", "effective_from", "note"]
    list_filter = ["key"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

    def save_model(self, request: HttpRequest, obj: PolicyValue, form: Any, change: bool) -> None:
        services.add_policy_value(
            key=obj.key,
            value=obj.value,
            effective_from=obj.effective_from,
            source=obj.source,
            note=obj.note,
            actor=request.user,
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
