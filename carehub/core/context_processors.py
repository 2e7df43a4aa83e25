from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from carehub.accounts.permissions import memberships, primary_membership
from carehub.accounts.roles import CAPABILITIES


def service(request: HttpRequest) -> dict[str, Any]:
    """Service-wide values for the GOV.UK layout: its name, demo mode, and the signed-in
    person's organisation for the header."""
    user = getattr(request, "user", None)
    membership = primary_membership(user) if user is not None else None
    capabilities = (
        set().union(*(CAPABILITIES[m.role] for m in memberships(user))) if user else set()
    )
    return {
        "navigation": navigation(request, capabilities),
        "user_capabilities": capabilities,
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "current_membership": membership,
    }


# (URL name, label, capability needed (None: any signed-in member), the view names that
# belong to the item's section)
NAVIGATION: list[tuple[str, str, tuple[str, ...] | None, tuple[str, ...]]] = [
    ("core:home", "Home", None, ("core:home",)),
    (
        "accounts:organisation-list",
        "Organisations",
        ("view_organisations",),
        ("accounts:organisation", "accounts:invite", "accounts:revoke-invitation"),
    ),
    (
        "workers:caseload",
        "Cases",
        ("view_all_cases", "view_area_cases", "receive_referrals"),
        (
            "workers:case",
            "workers:intake",
            "workers:task",
            "workers:note",
            "workers:document",
            "workers:follow-up",
        ),
    ),
    (
        "workers:referral-list",
        "Referrals",
        ("view_all_cases", "receive_referrals"),
        ("workers:referral",),
    ),
    (
        "vacancies:vacancy-list",
        "Vacancies",
        ("manage_all_vacancies", "manage_own_vacancies"),
        ("vacancies:vacancy",),
    ),
    (
        "vacancies:introduction-list",
        "Introductions",
        ("manage_all_vacancies", "manage_own_vacancies"),
        ("vacancies:introduction",),
    ),
    ("vacancies:matching", "Regional matching", ("run_matching",), ("vacancies:matching",)),
    (
        "providers:provider-list",
        "Providers",
        ("view_organisations",),
        ("providers:", "registers:"),
    ),
    ("audit:event-list", "Audit log", ("view_audit",), ("audit:",)),
    ("accounts:notification-list", "Notifications", None, ("accounts:notification",)),
    ("core:local-authorities", "Reference data", None, ("core:local-auth", "core:policy-values")),
    ("api-docs", "API", None, ("api-docs",)),
]


def navigation(request: HttpRequest, capabilities: set[str]) -> list[dict[str, Any]]:
    """The service navigation items this person may use. `current` is "page" on the item's
    own page, "true" elsewhere in its section, and empty otherwise (for aria-current)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    items = []
    for name, label, capability, section in NAVIGATION:
        if capability is not None and not capabilities.intersection(capability):
            continue
        current = "page" if here == name else "true" if here.startswith(section) else ""
        items.append({"href": reverse(name), "text": label, "current": current})
    return items
