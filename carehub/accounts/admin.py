from __future__ import annotations

from django.contrib import admin

from carehub.accounts.models import Membership, Organisation, Partnership, User
from carehub.audit.admin import ReadOnlyAdmin

# Read-only: changes to people and organisations go through the hub's pages, commands and
# API, which check permissions and write the audit trail.


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "is_service_account", "last_login"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ["name", "region"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "partnership", "local_authority", "is_active"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
