"""The hard gates, one table each, boundaries included (no database)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from carehub.vacancies.matching import gates

D = dt.date
TODAY = D(2026, 11, 30)
CARE = {"6135", "6136"}


def test_the_package_imports_without_django():
    code = (
        "import sys, carehub.vacancies.matching; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    # Our own interpreter running a fixed snippet.
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603


@pytest.mark.parametrize(
    ("eligible", "consents", "passed"),
    [(True, True, (True, True)), (False, True, (False, True)), (True, False, (True, False))],
)
def test_eligibility_and_consent(eligible, consents, passed):
    assert (gates.eligibility_gate(eligible).passed, gates.consent_gate(consents).passed) == passed


@pytest.mark.parametrize(
    ("can_sponsor", "restricted", "passed", "reason"),
    [
        (True, False, True, "can sponsor"),
        (False, False, False, "cannot sponsor"),
        (True, True, False, "safeguarding restriction"),
        (False, True, False, "safeguarding restriction"),
    ],
)
def test_provider(can_sponsor, restricted, passed, reason):
    check = gates.provider_gate(can_sponsor, restricted)
    assert check.passed is passed
    assert reason in check.reason


@pytest.mark.parametrize(
    ("hourly", "annual", "passed", "reason"),
    [
        ("12.82", "25000.00", True, "meets the floor"),  # exactly on both floors
        ("12.81", "25000.00", False, "Pay £12.81 an hour is below the floor of £12.82"),
        ("12.50", "25000.00", False, "Pay £12.50 an hour is below the floor of £12.82"),
        ("13.00", "24999.99", False, "Pay £24,999.99 a year is below the floor of £25,000.00"),
        ("12.00", "20000.00", False, "an hour is below"),
    ],
)
def test_pay_meets_both_floors(hourly, annual, passed, reason):
    check = gates.pay_gate(Decimal(hourly), Decimal(annual), Decimal("12.82"), Decimal("25000.00"))
    assert check.passed is passed
    assert reason in check.reason


def test_both_pay_shortfalls_are_given():
    check = gates.pay_gate(Decimal("12"), Decimal("20000"), Decimal("12.82"), Decimal("25000"))
    assert "an hour" in check.reason
    assert "a year" in check.reason


@pytest.mark.parametrize(
    ("sponsored", "soc", "passed"),
    [
        (True, "6135", True),
        (True, "6136", True),
        (True, "6145", False),
        (True, "", False),
        (False, "6135", False),
    ],
)
def test_role(sponsored, soc, passed):
    assert gates.role_gate(sponsored, soc, CARE).passed is passed


@pytest.mark.parametrize(("positions", "passed"), [(0, False), (1, True), (3, True)])
def test_positions(positions, passed):
    assert gates.positions_gate(positions).passed is passed


@pytest.mark.parametrize(
    ("distance", "limit", "passed"),
    [
        (0.0, 10, True),
        (9.99, 10, True),
        (10.0, 10, True),  # exactly at the limit passes
        (10.000001, 10, False),
        (0.0, 0, True),  # "won't travel" still takes a job next door
        (0.1, 0, False),
        (None, 10, False),  # a postcode not located
    ],
)
def test_distance(distance, limit, passed):
    assert gates.distance_gate(distance, limit).passed is passed


@pytest.mark.parametrize(
    ("licence_required", "car_required", "licence", "car", "passed"),
    [
        (False, False, None, None, True),
        (True, False, True, None, True),
        (True, False, False, True, False),
        (True, False, None, None, False),  # not recorded counts as no
        (False, True, False, True, True),
        (False, True, True, None, False),
        (True, True, True, True, True),
        (True, True, True, False, False),
    ],
)
def test_driving(licence_required, car_required, licence, car, passed):
    assert gates.driving_gate(licence_required, car_required, licence, car).passed is passed


@pytest.mark.parametrize(
    ("level", "needed", "passed"),
    [(0, 0, True), (1, 2, False), (2, 2, True), (3, 1, True), (None, 0, False)],
)
def test_english(level, needed, passed):
    assert gates.english_gate(level, needed).passed is passed


@pytest.mark.parametrize(
    ("soc", "worker_socs", "passed"),
    [("6135", set(), True), ("6136", {"6135"}, False), ("6136", {"6135", "6136"}, True)],
)
def test_soc(soc, worker_socs, passed):
    assert gates.soc_gate(soc, worker_socs).passed is passed


@pytest.mark.parametrize(
    ("wanted", "offered", "gap", "passed"),
    [
        (None, 48, 10, True),
        (37.5, 37.5, 10, True),
        (30, 40, 10, True),  # exactly the gap away passes
        (30, 40.5, 10, False),
        (48, 37.5, 10, False),
        (40, 40, 0, True),
        (40, 39, 0, False),
    ],
)
def test_hours(wanted, offered, gap, passed):
    assert gates.hours_gate(wanted, offered, gap).passed is passed


@pytest.mark.parametrize(
    ("start", "earliest", "deadline", "passed"),
    [
        (D(2026, 12, 10), None, D(2026, 12, 11), True),  # the day before the deadline
        (D(2026, 12, 11), None, D(2026, 12, 11), False),  # on the deadline day: fails
        (D(2026, 12, 12), None, D(2026, 12, 11), False),
        (D(2026, 12, 1), D(2026, 12, 11), D(2026, 12, 11), False),  # worker can't start sooner
        (D(2026, 11, 1), None, D(2026, 12, 1), True),  # past start dates count as today
        (D(2026, 11, 1), None, TODAY, False),  # deadline today: too late
        (D(2026, 11, 1), None, D(2026, 11, 29), False),  # deadline passed
        (D(2027, 6, 1), None, None, True),  # no running deadline
    ],
)
def test_start_strictly_before_the_deadline(start, earliest, deadline, passed):
    assert gates.start_gate(start, earliest, deadline, TODAY).passed is passed


def test_every_check_has_a_plain_reason_either_way():
    for check in (
        gates.distance_gate(3.0, 10),
        gates.distance_gate(30.0, 10),
        gates.hours_gate(30, 48, 10),
        gates.start_gate(TODAY, None, TODAY, TODAY),
    ):
        assert check.reason
        assert check.reason[0].isupper() or check.reason[0].isdigit()
