from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

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
        "user_capabilities": capabilities,
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "current_membership": membership,
    }
