"""The immigration clock (pure: no database; every rule's value is passed in from policy
values by the caller, so changing a policy value changes results without code changes).

Sources: shared reference domain brief, section 3 (curtailment to 60 days or visa expiry if
sooner; no curtailment if fewer than 60 days remain; cancellation may be paused; in-country
care sponsorship ends 22 July 2028; share codes valid 90 days; switchers need 3 months).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Rules:
    """The policy values the clock needs, as in force on the day."""

    curtailment_days: int
    transition_end: dt.date
    share_code_days: int
    switcher_months: int


@dataclass(frozen=True)
class Clock:
    """What the hub knows about one worker's immigration position."""

    visa_expiry: dt.date | None = None
    curtailment_letter_on: dt.date | None = None
    cancellation_paused_on: dt.date | None = None
    cancellation_paused_reason: str = ""


class Basis(StrEnum):
    CURTAILMENT = "curtailment"
    VISA_EXPIRY = "visa_expiry"
    TRANSITION_END = "transition_end"
    PAUSED = "paused"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Deadline:
    date: dt.date | None
    basis: Basis
    reason: str


def deadline(clock: Clock, rules: Rules) -> Deadline:
    """The date by which the worker must have applied with a new sponsor, and why."""
    if clock.cancellation_paused_on is not None:
        return Deadline(
            None,
            Basis.PAUSED,
            f"Cancellation paused on {clock.cancellation_paused_on:%d %B %Y}"
            + (f": {clock.cancellation_paused_reason}" if clock.cancellation_paused_reason else ""),
        )
    found: Deadline
    if clock.curtailment_letter_on is not None:
        curtailed_to = clock.curtailment_letter_on + dt.timedelta(days=rules.curtailment_days)
        if clock.visa_expiry is not None and clock.visa_expiry <= curtailed_to:
            found = Deadline(
                clock.visa_expiry,
                Basis.VISA_EXPIRY,
                f"Fewer than {rules.curtailment_days} days of leave remained at curtailment, so "
                "the visa expiry date stands",
            )
        else:
            found = Deadline(
                curtailed_to,
                Basis.CURTAILMENT,
                f"{rules.curtailment_days} days from the curtailment letter of "
                f"{clock.curtailment_letter_on:%d %B %Y}",
            )
    elif clock.visa_expiry is not None:
        found = Deadline(clock.visa_expiry, Basis.VISA_EXPIRY, "Visa expiry date")
    else:
        return Deadline(None, Basis.UNKNOWN, "No curtailment letter or visa expiry recorded")
    if found.date is not None and found.date > rules.transition_end:
        return Deadline(
            rules.transition_end,
            Basis.TRANSITION_END,
            f"In-country care worker sponsorship ends on {rules.transition_end:%d %B %Y}",
        )
    return found


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # England and Wales share bank holidays; the holidays package is kept up to date,
    # including one-off days (coronations, jubilees).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@dataclass(frozen=True)
class Remaining:
    calendar_days: int
    working_days: int


def remaining(until: dt.date, today: dt.date) -> Remaining:
    """Days left after today, up to and including the deadline (negative once passed)."""
    calendar = (until - today).days
    if calendar <= 0:
        return Remaining(calendar, 0 if calendar == 0 else -_working_days(until, today))
    return Remaining(calendar, _working_days(today, until))


def _working_days(start: dt.date, end: dt.date) -> int:
    """Working days after start up to and including end."""
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=offset))
    )


def band(calendar_days: int | None, thresholds: Sequence[int]) -> str:
    """The escalation band a number of days left falls in, e.g. "14 days or fewer"."""
    if calendar_days is None:
        return "no deadline"
    if calendar_days < 0:
        return "passed"
    crossed = [t for t in sorted(thresholds) if calendar_days <= t]
    return f"{crossed[0]} days or fewer" if crossed else f"more than {max(thresholds)} days"


def share_code_valid_until(checked_on: dt.date, rules: Rules) -> dt.date:
    return checked_on + dt.timedelta(days=rules.share_code_days)


def can_switch_into_care_from(employed_since: dt.date, rules: Rules) -> dt.date:
    """Switchers from another route must have worked for the sponsor in the care role for
    the minimum months first (calendar months: 30 November + 3 months is 28 or 29 February)."""
    return employed_since + relativedelta(months=rules.switcher_months)
