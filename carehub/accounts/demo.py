"""The fictional demonstration data set: who is in it and how to sign in as them.

Every demo account uses a reserved domain (RFC 2606 `.example`), so no real person can
receive email from a demonstration, and the sign-in page can find the accounts to list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carehub.accounts.models import Membership

DEMO_EMAIL_DOMAIN = "demo.carehub.example"
# Printed on the sign-in page in demo mode: it protects fictional data only.
DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def demo_accounts() -> list[Membership]:
    from carehub.accounts.models import Membership

    return list(
        Membership.objects.filter(
            user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}", user__is_active=True
        )
        .select_related("user", "organisation__partnership")
        .order_by("organisation__partnership__name", "role", "user__email")
    )
