"""Who may see and change provider records."""

from __future__ import annotations

from typing import Any

from carehub.accounts import permissions
from carehub.core.permissions import get_visible_or_404
from carehub.providers.models import Provider


def get_provider_for_user(user: Any, uuid: Any) -> Provider:
    """The provider, if the user may see it; 404 otherwise."""
    return get_visible_or_404(
        Provider.objects.visible_to(user).select_related(
            "organisation__partnership", "organisation__local_authority"
        ),
        uuid=uuid,
    )


def can_manage_provider(user: Any, provider: Provider) -> bool:
    """Hub coordinators and system administrators of the partnership, and the provider's
    own managers, may edit its details and decide its register links."""
    return permissions.can_manage_members(user, provider.organisation)
