from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from carehub.core import policy
from carehub.core.policy import Kind, PolicyError


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.MONEY, "25000", Decimal("25000")),
        (Kind.MONEY, " 12.82 ", Decimal("12.82")),
        (Kind.DAYS, "60", 60),
        (Kind.DATE, "2028-07-22", dt.date(2028, 7, 22)),
        (Kind.CODES, "6135, 6136", ("6135", "6136")),
        (Kind.CODES, "6145", ("6145",)),
    ],
)
def test_it_parses_each_kind(kind, text, expected):
    assert policy.parse(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (Kind.MONEY, "twelve", "not an amount of money"),
        (Kind.MONEY, "-1", "positive amount"),
        (Kind.MONEY, "12.825", "pounds and pence"),
        (Kind.DAYS, "6.5", "whole number of days"),
        (Kind.DAYS, "-3", "whole number of days"),
        (Kind.DATE, "22/07/2028", "YYYY-MM-DD"),
        (Kind.CODES, " , ", "at least one code"),
    ],
)
def test_it_rejects_values_that_do_not_fit_the_kind(kind, text, message):
    with pytest.raises(ValueError, match=message):
        policy.parse(kind, text)


ROWS = [(dt.date(2024, 4, 4), "11.90"), (dt.date(2025, 4, 9), "12.82")]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2024, 4, 3), None),
        (dt.date(2024, 4, 4), "11.90"),
        (dt.date(2025, 4, 8), "11.90"),
        (dt.date(2025, 4, 9), "12.82"),
        (dt.date(2030, 1, 1), "12.82"),
    ],
)
def test_it_selects_the_value_in_force_on_a_day(on, expected):
    assert policy.select(ROWS, on) == expected
    assert policy.select(list(reversed(ROWS)), on) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.82"), "12.82"),
        (60, 60),
        (dt.date(2025, 7, 22), "2025-07-22"),
        (("6135", "6136"), ["6135", "6136"]),
    ],
)
def test_it_makes_values_json_friendly_without_floats(value, expected):
    assert policy.jsonable(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "on", "expected"),
    [
        ("care_worker_salary_floor_hourly", dt.date(2025, 4, 8), Decimal("11.90")),
        ("care_worker_salary_floor_hourly", dt.date(2025, 4, 9), Decimal("12.82")),
        ("care_worker_salary_floor_annual", dt.date(2025, 4, 8), Decimal("23200")),
        ("care_worker_salary_floor_annual", dt.date(2025, 4, 9), Decimal("25000")),
        ("curtailment_period_days", dt.date(2025, 1, 1), 60),
        ("share_code_validity_days", dt.date(2025, 1, 1), 90),
        ("care_soc_codes", dt.date(2025, 1, 1), ("6135", "6136")),
        ("care_soc_codes_2010", dt.date(2023, 1, 1), ("6145", "6146")),
        ("overseas_recruitment_closure_date", dt.date(2025, 8, 1), dt.date(2025, 7, 22)),
        ("in_country_transition_end_date", dt.date(2026, 1, 1), dt.date(2028, 7, 22)),
    ],
)
def test_it_reads_the_seeded_rules(key, on, expected):
    assert policy.value(key, on=on) == expected


@pytest.mark.django_db
def test_it_refuses_unknown_keys_and_dates_before_any_rule():
    with pytest.raises(PolicyError, match="Unknown policy key"):
        policy.value("salary_floor", on=dt.date(2025, 1, 1))
    with pytest.raises(PolicyError, match="was in force on 2019-01-01"):
        policy.value("care_worker_salary_floor_hourly", on=dt.date(2019, 1, 1))


@pytest.mark.django_db
def test_it_seeds_a_valid_value_for_every_declared_key():
    from carehub.core.models import PolicyValue

    seeded = set(PolicyValue.objects.values_list("key", flat=True))
    assert seeded == set(policy.KEYS)
    for row in PolicyValue.objects.all():
        policy.parse(policy.KEYS[row.key].kind, row.value)
