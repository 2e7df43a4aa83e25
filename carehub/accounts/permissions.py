"""Who may see and do what with organisations, memberships and invitations.

Every read goes through `visible_to(user)` or a `get_<noun>_for_user()` helper; every
"may they?" question is a `can_<verb>_<noun>(user, obj)` predicate. Pages and the API use
the same functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Q

from carehub.accounts.roles import CAPABILITIES, Capability, Role
from carehub.core.permissions import get_visible_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from carehub.accounts.models import Membership, Organisation, Partnership, User

    AnyUser: TypeAlias = User | AnonymousUser | None

_CACHE_ATTR = "_carehub_memberships"


def memberships(user: AnyUser) -> list[Membership]:
    """The user's memberships with organisation and partnership, fetched once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from carehub.accounts.models import Membership

        cached = list(
            Membership.objects.filter(user_id=user.pk).select_related(
                "organisation__partnership", "organisation__local_authority"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: AnyUser) -> None:
    """Drop the per-request cache after a membership changes."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_member(user: AnyUser) -> bool:
    """Does this signed-in person hold any role in any organisation?"""
    return bool(memberships(user))


def roles(user: AnyUser) -> set[str]:
    return {membership.role for membership in memberships(user)}


def has_role(user: AnyUser, *wanted: Role) -> bool:
    return bool(roles(user) & set(wanted))


def partnership_ids_with(user: AnyUser, capability: Capability) -> set[int]:
    """The partnerships in which the user holds a role granting the capability."""
    return {
        m.organisation.partnership_id
        for m in memberships(user)
        if capability in CAPABILITIES[m.role] and m.organisation.is_active
    }


def has_capability(user: AnyUser, capability: Capability) -> bool:
    return bool(partnership_ids_with(user, capability))


def organisation_ids_with(user: AnyUser, capability: Capability) -> set[int]:
    """The organisations in which the user's own role grants the capability."""
    return {
        m.organisation_id
        for m in memberships(user)
        if capability in CAPABILITIES[m.role] and m.organisation.is_active
    }


def _manageable_q(user: AnyUser, prefix: str) -> Q:
    all_partnerships = partnership_ids_with(user, Capability.MANAGE_ALL_MEMBERS)
    own_organisations = organisation_ids_with(user, Capability.MANAGE_OWN_MEMBERS)
    return Q(**{f"{prefix}partnership_id__in": all_partnerships}) | Q(
        **{f"{prefix}id__in": own_organisations}
    )


def manageable_organisation_ids(user: AnyUser) -> Any:
    """A subquery of the organisations whose members this user may invite and manage."""
    from carehub.accounts.models import Organisation

    return Organisation.objects.filter(_manageable_q(user, "")).values("id")


def member_scope_q(user: AnyUser) -> Q:
    """Memberships the user may see: those of organisations they manage, and their own."""
    if user is None or not is_member(user):
        return Q(pk__in=[])
    return _manageable_q(user, "organisation__") | Q(user_id=user.pk)


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Members of a partnership see its organisations, except evaluators (aggregates only)."""
    return organisation.partnership_id in partnership_ids_with(user, Capability.VIEW_ORGANISATIONS)


def can_create_organisation(user: AnyUser, partnership_id: int) -> bool:
    """Hub coordinators and system administrators add organisations to their partnership."""
    return partnership_id in partnership_ids_with(user, Capability.MANAGE_ORGANISATIONS)


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    """Hub coordinators and system administrators manage members of any organisation in
    their partnership; council leads and provider managers manage their own organisation."""
    return organisation.partnership_id in partnership_ids_with(
        user, Capability.MANAGE_ALL_MEMBERS
    ) or organisation.pk in organisation_ids_with(user, Capability.MANAGE_OWN_MEMBERS)


def can_view_audit(user: AnyUser, partnership_id: int) -> bool:
    """Hub coordinators and system administrators read their partnership's audit log."""
    return partnership_id in partnership_ids_with(user, Capability.VIEW_AUDIT)


def can_manage_api_tokens(user: AnyUser, organisation: Organisation) -> bool:
    """System administrators issue API tokens for organisations in their partnership."""
    return organisation.partnership_id in partnership_ids_with(user, Capability.MANAGE_API_TOKENS)


def get_organisation_for_user(user: User | AnonymousUser, uuid: Any) -> Organisation:
    """The organisation, if the user may see it; 404 otherwise."""
    from carehub.accounts.models import Organisation

    return get_visible_or_404(
        Organisation.objects.visible_to(user).select_related("partnership", "local_authority"),
        uuid=uuid,
    )


def primary_membership(user: AnyUser) -> Membership | None:
    """The membership shown in the page header: the first, by organisation name."""
    found = memberships(user)
    return found[0] if found else None


def partnership_for_new_organisation(user: AnyUser) -> Partnership | None:
    """Where an organisation this user adds will go: the partnership of their first
    membership that may add organisations, or None if they may add none."""
    for membership in memberships(user):
        if Capability.MANAGE_ORGANISATIONS in CAPABILITIES[membership.role]:
            return membership.organisation.partnership
    return None
