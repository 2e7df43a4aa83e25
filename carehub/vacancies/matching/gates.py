"""Hard gates: a pair is offered only if every gate passes (pure: no Django).

Each gate is a small function of plain values returning a `Check` with its reason in plain
English, passed or not, so a page can show a caseworker exactly why a job is or is not on a
worker's list. The vectorised engine applies the same rules to arrays; the tests hold the two
to exact agreement.

Boundaries, decided here once:
- Distance exactly at the worker's limit passes ("up to 10 miles" includes 10).
- Hours exactly `max_hours_gap` away from what the worker wants pass.
- A start on the deadline day fails: the deadline is the last day to apply with a new
  sponsor, and the application needs the CoS assigned and the job confirmed first, so a job
  starting on (or after) that day cannot be the one that keeps the worker lawful. The start
  must be strictly before the deadline. A start date already past counts as today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from carehub.vacancies.matching.model import (
    ENGLISH_LEVELS,
    Check,
    GateResult,
    Rules,
    VacancyProfile,
    WorkerProfile,
)


def eligibility_gate(eligible: bool) -> Check:
    if eligible:
        return Check("eligibility", True, "In the displaced worker pool")
    return Check("eligibility", False, "Not confirmed as eligible for the displaced worker pool")


def consent_gate(consents: bool) -> Check:
    if consents:
        return Check("consent", True, "Agreed to be matched with jobs")
    return Check("consent", False, "Has not agreed to be matched with jobs")


def worker_location_gate(located: bool) -> Check:
    if located:
        return Check("worker_location", True, "The worker's location is known")
    return Check("worker_location", False, "The worker's postcode has not been located")


def provider_gate(can_sponsor: bool, restricted: bool) -> Check:
    if restricted:
        return Check("provider", False, "The provider has an open safeguarding restriction")
    if not can_sponsor:
        return Check("provider", False, "The provider cannot sponsor workers")
    return Check("provider", True, "The provider can sponsor and has no open restriction")


def role_gate(sponsored_role: bool, soc_code: str, care_soc_codes: Collection[str]) -> Check:
    if not sponsored_role:
        return Check("role", False, "The job is not a care role the provider will sponsor")
    if soc_code not in care_soc_codes:
        return Check(
            "role",
            False,
            f"SOC {soc_code or 'not given'} is not a care code "
            f"({', '.join(sorted(care_soc_codes))})",
        )
    return Check("role", True, f"A sponsored care role (SOC {soc_code})")


def pay_gate(
    hourly: Decimal, annual: Decimal, hourly_floor: Decimal, annual_floor: Decimal
) -> Check:
    """Both the hourly rate and the annual salary must meet the floor in force."""
    reasons = []
    if hourly < hourly_floor:
        reasons.append(f"Pay £{hourly:,.2f} an hour is below the floor of £{hourly_floor:,.2f}")
    if annual < annual_floor:
        reasons.append(f"Pay £{annual:,.2f} a year is below the floor of £{annual_floor:,.2f}")
    if reasons:
        return Check("pay", False, "; ".join(reasons))
    return Check("pay", True, f"Pay £{hourly:,.2f} an hour meets the floor of £{hourly_floor:,.2f}")


def positions_gate(positions: int) -> Check:
    if positions < 1:
        return Check("positions", False, "No positions left to fill")
    return Check("positions", True, f"{positions} position{'s' if positions != 1 else ''} to fill")


def vacancy_location_gate(located: bool) -> Check:
    if located:
        return Check("vacancy_location", True, "The job's location is known")
    return Check("vacancy_location", False, "The job's postcode has not been located")


def distance_gate(distance_miles: float | None, limit_miles: float) -> Check:
    if distance_miles is None:
        return Check("distance", False, "The distance cannot be worked out without both locations")
    if distance_miles <= limit_miles:
        return Check(
            "distance",
            True,
            f"{distance_miles:.1f} miles away, within the {limit_miles:g}-mile travel limit",
        )
    return Check(
        "distance",
        False,
        f"{distance_miles:.1f} miles away, beyond the {limit_miles:g}-mile travel limit",
    )


def driving_gate(
    licence_required: bool, car_required: bool, licence: bool | None, car: bool | None
) -> Check:
    """Unknown counts as no: a job needing a car is offered only to someone who said yes."""
    missing = []
    if licence_required and licence is not True:
        missing.append("a full UK driving licence")
    if car_required and car is not True:
        missing.append("a car")
    if missing:
        return Check("driving", False, f"The job needs {' and '.join(missing)}")
    if licence_required or car_required:
        return Check("driving", True, "Has the driving licence and car the job needs")
    return Check("driving", True, "The job needs no driving")


def english_gate(level: int | None, needed: int) -> Check:
    if level is None:
        return Check(
            "english",
            False,
            f"English level not recorded; the job needs {ENGLISH_LEVELS[needed]}",
        )
    if level < needed:
        return Check(
            "english",
            False,
            f"English is {ENGLISH_LEVELS[level]}; the job needs {ENGLISH_LEVELS[needed]}",
        )
    return Check(
        "english", True, f"English is {ENGLISH_LEVELS[level]} (needs {ENGLISH_LEVELS[needed]})"
    )


def soc_gate(soc_code: str, worker_soc_codes: Collection[str]) -> Check:
    if not worker_soc_codes or soc_code in worker_soc_codes:
        return Check("soc", True, f"Can be sponsored under SOC {soc_code}")
    return Check(
        "soc",
        False,
        f"SOC {soc_code} is not one the worker can move to ({', '.join(sorted(worker_soc_codes))})",
    )


def hours_gate(hours_wanted: float | None, hours_per_week: float, max_gap: float) -> Check:
    if hours_wanted is None:
        return Check("hours", True, "The worker has not said how many hours they want")
    if abs(hours_wanted - hours_per_week) <= max_gap:
        return Check(
            "hours",
            True,
            f"{hours_per_week:g} hours a week, close to the {hours_wanted:g} wanted",
        )
    return Check(
        "hours",
        False,
        f"{hours_per_week:g} hours a week is more than {max_gap:g} away from the "
        f"{hours_wanted:g} wanted",
    )


def start_gate(
    start_date: dt.date, earliest_start: dt.date | None, deadline: dt.date | None, today: dt.date
) -> Check:
    """The job must start strictly before the deadline (see the module docstring)."""
    start = max(start_date, earliest_start or start_date, today)
    if deadline is None:
        return Check("start", True, f"Could start {start:%d %B %Y}; no running deadline")
    if start < deadline:
        return Check(
            "start",
            True,
            f"Could start {start:%d %B %Y}, before the deadline of {deadline:%d %B %Y}",
        )
    return Check(
        "start",
        False,
        f"The earliest start, {start:%d %B %Y}, is not before the deadline of {deadline:%d %B %Y}",
    )


def worker_passes(worker: WorkerProfile) -> bool:
    """All of `worker_checks` passed, without writing the reasons (the bulk path)."""
    return worker.eligible and worker.consents and worker.lat is not None and worker.lon is not None


def vacancy_passes(vacancy: VacancyProfile, rules: Rules) -> bool:
    """All of `vacancy_checks` passed, without writing the reasons (the bulk path)."""
    return (
        vacancy.provider_can_sponsor
        and not vacancy.provider_restricted
        and vacancy.sponsored_role
        and vacancy.soc_code in rules.care_soc_codes
        and vacancy.hourly_rate >= rules.hourly_floor
        and vacancy.annual_salary >= rules.annual_floor
        and vacancy.positions >= 1
        and vacancy.lat is not None
        and vacancy.lon is not None
    )


def worker_checks(worker: WorkerProfile) -> tuple[Check, ...]:
    """Gates that depend on the worker alone."""
    return (
        eligibility_gate(worker.eligible),
        consent_gate(worker.consents),
        worker_location_gate(worker.lat is not None and worker.lon is not None),
    )


def vacancy_checks(vacancy: VacancyProfile, rules: Rules) -> tuple[Check, ...]:
    """Gates that depend on the vacancy alone."""
    return (
        provider_gate(vacancy.provider_can_sponsor, vacancy.provider_restricted),
        role_gate(vacancy.sponsored_role, vacancy.soc_code, rules.care_soc_codes),
        pay_gate(
            vacancy.hourly_rate, vacancy.annual_salary, rules.hourly_floor, rules.annual_floor
        ),
        positions_gate(vacancy.positions),
        vacancy_location_gate(vacancy.lat is not None and vacancy.lon is not None),
    )


def travel_limit(worker: WorkerProfile, rules: Rules) -> float:
    return float(
        worker.travel_miles if worker.travel_miles is not None else rules.default_travel_miles
    )


def pair_checks(
    worker: WorkerProfile, vacancy: VacancyProfile, distance_miles: float | None, rules: Rules
) -> tuple[Check, ...]:
    """Gates that depend on both."""
    return (
        distance_gate(distance_miles, travel_limit(worker, rules)),
        driving_gate(
            vacancy.driving_required, vacancy.car_required, worker.driving_licence, worker.has_car
        ),
        english_gate(worker.english_level, vacancy.english_needed),
        soc_gate(vacancy.soc_code, worker.soc_codes),
        hours_gate(
            None if worker.hours_wanted is None else float(worker.hours_wanted),
            float(vacancy.hours_per_week),
            float(rules.max_hours_gap),
        ),
        start_gate(vacancy.start_date, worker.earliest_start, worker.deadline, rules.today),
    )


def gate_result(checks: tuple[Check, ...]) -> GateResult:
    failed = tuple(c.reason for c in checks if not c.passed)
    return GateResult(not failed, failed, checks)
