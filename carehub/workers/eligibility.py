"""Is a worker in the displaced worker pool? (pure: no database)

The pool (Immigration Rules from 9 April 2025): people in the UK, last sponsored as a care
worker or senior care worker, who need a new sponsor because their sponsor lost its licence,
could not give them enough work, or the partnership identified them as needing help.
The answer comes with the rule that decided it, so a caseworker can explain it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_REVIEW = "needs_review"


class NeedReason(StrEnum):
    LICENCE_REVOKED = "licence_revoked"
    INSUFFICIENT_WORK = "insufficient_work"
    IDENTIFIED_BY_PARTNERSHIP = "identified_by_partnership"
    EXPLOITATION = "exploitation"
    OTHER = "other"


QUALIFYING_NEEDS = {
    NeedReason.LICENCE_REVOKED,
    NeedReason.INSUFFICIENT_WORK,
    NeedReason.IDENTIFIED_BY_PARTNERSHIP,
}


@dataclass(frozen=True)
class PoolFacts:
    in_uk: bool | None
    last_soc_code: str  # "" when not known
    need: NeedReason | None


@dataclass(frozen=True)
class Eligibility:
    outcome: Outcome
    rule: str  # the rule that decided it, in plain words


def pool_eligibility(
    facts: PoolFacts, *, care_soc_codes: Collection[str], care_soc_codes_2010: Collection[str]
) -> Eligibility:
    """Decide pool eligibility; the first rule that applies decides. The SOC code lists are
    policy values, passed in so the rule stays pure."""
    if facts.in_uk is False:
        return Eligibility(Outcome.NOT_ELIGIBLE, "The pool is for people in the UK")
    if facts.in_uk is None:
        return Eligibility(Outcome.NEEDS_REVIEW, "Check whether the worker is in the UK")
    code = facts.last_soc_code.strip()
    if not code:
        return Eligibility(
            Outcome.NEEDS_REVIEW,
            "Find the SOC code on the worker's last certificate of sponsorship",
        )
    if code not in care_soc_codes and code not in care_soc_codes_2010:
        return Eligibility(
            Outcome.NOT_ELIGIBLE,
            f"Last sponsored under SOC {code}, not as a care worker or senior care worker "
            f"({', '.join([*care_soc_codes, *care_soc_codes_2010])})",
        )
    if facts.need in QUALIFYING_NEEDS:
        return Eligibility(
            Outcome.ELIGIBLE,
            "In the UK, last sponsored in care, and needs a new sponsor because "
            + {
                NeedReason.LICENCE_REVOKED: "the sponsor lost its licence",
                NeedReason.INSUFFICIENT_WORK: "the sponsor could not give enough work",
                NeedReason.IDENTIFIED_BY_PARTNERSHIP: (
                    "the partnership identified them as needing help"
                ),
            }[facts.need],
        )
    return Eligibility(
        Outcome.NEEDS_REVIEW,
        "The reason for needing a new sponsor does not qualify by itself: the partnership "
        "can identify the worker as needing help",
    )


TRANSITIONAL_COS_FIELDS = {
    "full_name": "full name",
    "nationality": "nationality",
    "date_of_birth": "date of birth",
    "home_office_reference": "Home Office reference number",
}


def missing_for_transitional_cos(details: dict[str, object]) -> list[str]:
    """What a transitional certificate of sponsorship request still needs (the most
    recent CoS number is asked for but optional)."""
    return [label for field, label in TRANSITIONAL_COS_FIELDS.items() if not details.get(field)]
