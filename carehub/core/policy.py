"""Effective-dated policy values: immigration thresholds, dates and codes.

Rules change (the care worker salary floor rose on 9 April 2025), and a case must be judged
by the rule in force on the relevant day, so thresholds live in `PolicyValue` rows, never as
literals in code. Each key is declared here with its kind, so values come back typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.utils import timezone


class Kind(StrEnum):
    MONEY = "money"  # pounds, as Decimal
    DAYS = "days"  # a whole number of days, as int
    DATE = "date"  # an ISO date, as datetime.date
    CODES = "codes"  # a comma-separated list, as tuple[str, ...]


@dataclass(frozen=True)
class Key:
    name: str
    kind: Kind
    label: str


KEYS: dict[str, Key] = {
    key.name: key
    for key in [
        Key("care_worker_salary_floor_annual", Kind.MONEY, "Care worker salary floor (per year)"),
        Key("care_worker_salary_floor_hourly", Kind.MONEY, "Care worker salary floor (per hour)"),
        Key("curtailment_period_days", Kind.DAYS, "Days to find a new sponsor after curtailment"),
        Key(
            "overseas_recruitment_closure_date",
            Kind.DATE,
            "Entry clearance for care workers closed",
        ),
        Key(
            "in_country_transition_end_date",
            Kind.DATE,
            "End of in-country care worker sponsorship",
        ),
        Key("share_code_validity_days", Kind.DAYS, "Right-to-work share code validity"),
        Key("care_soc_codes", Kind.CODES, "Care occupation codes (SOC 2020)"),
        Key("care_soc_codes_2010", Kind.CODES, "Care occupation codes (SOC 2010)"),
        Key(
            "displaced_worker_pool_requirement_date",
            Kind.DATE,
            "Care worker recruitment requirement (displaced worker pool) began",
        ),
        Key("cqc_registration_required_date", Kind.DATE, "CQC registration required to sponsor"),
        Key(
            "switcher_minimum_months",
            Kind.DAYS,
            "Months in the care role before switching in from another route",
        ),
    ]
}

PolicyScalar = Decimal | int | dt.date | tuple[str, ...]


class PolicyError(LookupError):
    pass


def parse(kind: Kind, text: str) -> PolicyScalar:
    """Turn the stored text into a typed value; raises ValueError with a plain message."""
    text = text.strip()
    if kind is Kind.MONEY:
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{text!r} is not an amount of money") from None
        if not amount.is_finite():
            raise ValueError(f"{text!r} is not an amount of money")
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"{text!r} must be a positive amount in pounds and pence")
        return amount
    if kind is Kind.DAYS:
        if not (text.isascii() and text.isdigit()):
            raise ValueError(f"{text!r} is not a whole number of days")
        return int(text)
    if kind is Kind.DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not codes:
        raise ValueError("Give at least one code")
    return codes


def jsonable(parsed: PolicyScalar) -> str | int | list[str]:
    """Money as a string (never a float), dates in ISO form, codes as a list."""
    if isinstance(parsed, tuple):
        return list(parsed)
    if isinstance(parsed, int):
        return parsed
    return parsed.isoformat() if isinstance(parsed, dt.date) else str(parsed)


def select(rows: list[tuple[dt.date, str]], on: dt.date) -> str | None:
    """The value in force on a day: the latest one whose start is on or before it."""
    in_force = [(start, text) for start, text in rows if start <= on]
    return max(in_force)[1] if in_force else None


def value(key: str, *, on: dt.date | None = None) -> Any:
    """The typed value of a policy key in force on a date (today by default).

    Raises PolicyError for an unknown key, or when no value was in force on that date:
    a missing rule must never silently become zero.
    """
    from carehub.core.models import PolicyValue

    if key not in KEYS:
        raise PolicyError(f"Unknown policy key {key!r}")
    on = on or timezone.localdate()
    rows = list(PolicyValue.objects.filter(key=key).values_list("effective_from", "value"))
    text = select(rows, on)
    if text is None:
        raise PolicyError(f"No value of {key!r} was in force on {on.isoformat()}")
    return parse(KEYS[key].kind, text)
