"""Who may see how much of a case, and who may work on it. Which cases a person sees at
all is `Case.objects.visible_to`; this decides the detail within a visible case."""

from __future__ import annotations

from typing import Any

from carehub.accounts import permissions
from carehub.accounts.roles import CAPABILITIES, Capability
from carehub.workers.models import SHAREABLE, Case, Referral


def has_full_view(user: Any, case: Case) -> bool:
    """Hub staff of the partnership, and council leads for workers living in their area,
    see the whole case (except safeguarding detail)."""
    if case.partnership_id in permissions.partnership_ids_with(user, Capability.VIEW_ALL_CASES):
        return True
    return any(
        Capability.VIEW_AREA_CASES in CAPABILITIES[m.role]
        and m.organisation.partnership_id == case.partnership_id
        and m.organisation.local_authority_id is not None
        and m.organisation.local_authority_id == case.worker.local_authority_id
        for m in permissions.memberships(user)
    )


def can_manage(user: Any, case: Case) -> bool:
    return case.partnership_id in permissions.partnership_ids_with(user, Capability.MANAGE_CASES)


def shared_groups(user: Any, case: Case, referrals: list[Referral]) -> set[str]:
    """The parts of a case someone sees only through referrals to their organisation:
    the union of what each live referral shared (all parts for a full viewer)."""
    if has_full_view(user, case):
        return set(SHAREABLE)
    receiving = permissions.organisation_ids_with(user, Capability.RECEIVE_REFERRALS)
    return {
        group
        for referral in referrals
        if referral.to_organisation_id in receiving and referral.status in Referral.SEEN_BY_RECEIVER
        for group in referral.shared
    }


def referral_actions(user: Any, referral: Referral) -> list[str]:
    """What this person may do with a referral now."""
    actions = []
    if referral.to_organisation_id in permissions.organisation_ids_with(
        user, Capability.RECEIVE_REFERRALS
    ):
        if referral.status == Referral.Status.PENDING:
            actions += ["accept", "reject"]
        elif referral.status == Referral.Status.ACCEPTED:
            actions.append("complete")
    if can_manage(user, referral.case) and referral.status in (
        Referral.Status.PENDING,
        Referral.Status.ACCEPTED,
    ):
        actions.append("withdraw")
    return actions
