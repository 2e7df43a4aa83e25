"""Can this provider sponsor a care worker on a given day? (pure: no database)

One rule, used everywhere (vacancies, matching, directory pages): the provider holds a
Worker licence rated A on the Skilled Worker route, still on the register, and, since CQC
registration became a condition, a CQC-registered location carrying on a regulated activity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

SKILLED_WORKER = "skilled worker"


@dataclass(frozen=True)
class LicenceFacts:
    licence_type: str
    route: str
    rating: str
    removed_on: dt.date | None


@dataclass(frozen=True)
class LocationFacts:
    name: str
    registered: bool
    dormant: bool
    regulated_activities: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    can_sponsor: bool
    reasons: tuple[str, ...]


def can_sponsor(
    licences: Sequence[LicenceFacts],
    locations: Sequence[LocationFacts],
    *,
    on: dt.date,
    cqc_required_from: dt.date,
) -> Decision:
    """Whether the provider could assign a Certificate of Sponsorship for a care worker on
    the day, with the reasons for the answer."""
    reasons: list[str] = []
    listed = [
        licence
        for licence in licences
        if licence.route.casefold() == SKILLED_WORKER
        and licence.licence_type.casefold() == "worker"
        and (licence.removed_on is None or licence.removed_on > on)
    ]
    a_rated = [licence for licence in listed if licence.rating == "A"]
    if a_rated:
        reasons.append("A-rated Worker licence on the Skilled Worker route")
    elif listed:
        reasons.append(
            f"Skilled Worker licence is rated {listed[0].rating}, not A: it cannot assign new "
            "certificates of sponsorship"
        )
    elif licences:
        reasons.append("No current Skilled Worker licence on the sponsor register")
    else:
        reasons.append("Not linked to any entry on the sponsor register")

    cqc_ok = True
    if on >= cqc_required_from:
        active = [
            location
            for location in locations
            if location.registered and not location.dormant and location.regulated_activities
        ]
        cqc_ok = bool(active)
        if active:
            reasons.append(f"CQC-registered for a regulated activity at {active[0].name}")
        elif locations:
            reasons.append("No CQC location registered and active for a regulated activity")
        else:
            reasons.append("Not linked to a CQC registration")
    return Decision(bool(a_rated) and cqc_ok, tuple(reasons))
