"""Pay rules for sponsored care roles (pure: the floors are passed in from policy values)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PayFloor:
    hourly: Decimal
    annual: Decimal


def pay_shortfalls(hourly: Decimal, annual: Decimal, floor: PayFloor) -> list[str]:
    """Why the pay falls short of the floor for a sponsored care role: both the hourly rate
    and the annual salary must meet it (empty when it does)."""
    reasons = []
    if hourly < floor.hourly:
        reasons.append(f"The hourly rate £{hourly:,.2f} is below the floor of £{floor.hourly:,.2f}")
    if annual < floor.annual:
        reasons.append(
            f"The annual salary £{annual:,.2f} is below the floor of £{floor.annual:,.2f}"
        )
    return reasons


def annual_from_hourly(hourly: Decimal, hours_per_week: Decimal) -> Decimal:
    """The yearly pay for a weekly pattern (52 weeks), to the penny."""
    return (hourly * hours_per_week * 52).quantize(Decimal("0.01"))
