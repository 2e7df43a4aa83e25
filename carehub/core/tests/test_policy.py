from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from carehub.core import policy
from carehub.core.models import PolicyValue
from carehub.core.policy import Kind, PolicyError


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.MONEY, "25000", Decimal("25000")),
        (Kind.MONEY, " 12.82 ", Decimal("12.82")),
        (Kind.MONEY, "12.8", Decimal("12.8")),
        (Kind.MONEY, "0", Decimal("0")),
        (Kind.DAYS, "60", 60),
        (Kind.DAYS, " 0 ", 0),
        (Kind.DATE, "2028-07-22", dt.date(2028, 7, 22)),
        (Kind.DATE, " 2025-04-09\n", dt.date(2025, 4, 9)),
        (Kind.CODES, "6135, 6136", ("6135", "6136")),
        (Kind.CODES, "6145", ("6145",)),
        (Kind.CODES, "6135,,6136,", ("6135", "6136")),
    ],
)
def test_it_parses_each_kind(kind, text, expected):
    parsed = policy.parse(kind, text)
    assert parsed == expected
    assert type(parsed) is type(expected)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (Kind.MONEY, "twelve", "'twelve' is not an amount of money"),
        (Kind.MONEY, "", "'' is not an amount of money"),
        (Kind.MONEY, "£12.82", "is not an amount of money"),
        (Kind.MONEY, "-1", "must be a positive amount"),
        (Kind.MONEY, "12.825", "in pounds and pence"),
        (Kind.DAYS, "6.5", "'6.5' is not a whole number of days"),
        (Kind.DAYS, "-3", "is not a whole number of days"),
        (Kind.DAYS, "sixty", "is not a whole number of days"),
        (Kind.DAYS, "", "is not a whole number of days"),
        (Kind.DATE, "22/07/2028", "'22/07/2028' is not a date in the form YYYY-MM-DD"),
        (Kind.DATE, "2025-02-30", "is not a date in the form YYYY-MM-DD"),
        (Kind.DATE, "", "is not a date in the form YYYY-MM-DD"),
        (Kind.CODES, " , ", "Give at least one code"),
        (Kind.CODES, "", "Give at least one code"),
    ],
)
def test_it_rejects_values_that_do_not_fit_the_kind(kind, text, message):
    with pytest.raises(ValueError, match=message):
        policy.parse(kind, text)


# Special numbers get the same plain ValueError, so `add_policy_value` turns them into a
# form error rather than a traceback.


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        pytest.param(
            Kind.MONEY,
            "NaN",
            "not an amount of money",
        ),
        pytest.param(
            Kind.MONEY,
            "Infinity",
            "not an amount of money",
        ),
        pytest.param(
            Kind.DAYS,
            "²",
            "not a whole number of days",
        ),
    ],
)
def test_it_rejects_special_numbers_with_a_plain_message(kind, text, message):
    with pytest.raises(ValueError, match=message):
        policy.parse(kind, text)


ROWS = [(dt.date(2024, 4, 4), "11.90"), (dt.date(2025, 4, 9), "12.82")]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2024, 4, 3), None),  # before the first start
        (dt.date(2024, 4, 4), "11.90"),  # on the first start date
        (dt.date(2025, 4, 8), "11.90"),  # between
        (dt.date(2025, 4, 9), "12.82"),  # on the second start date
        (dt.date(2030, 1, 1), "12.82"),  # after
    ],
)
def test_it_selects_the_value_in_force_on_a_day(on, expected):
    assert policy.select(ROWS, on) == expected
    assert policy.select(list(reversed(ROWS)), on) == expected


def test_it_selects_nothing_from_no_rows():
    assert policy.select([], dt.date(2025, 1, 1)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.82"), "12.82"),
        (Decimal("25000"), "25000"),
        (60, 60),
        (dt.date(2025, 7, 22), "2025-07-22"),
        (("6135", "6136"), ["6135", "6136"]),
    ],
)
def test_it_makes_values_json_friendly_without_floats(value, expected):
    result = policy.jsonable(value)
    assert result == expected
    assert type(result) is type(expected)


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
@pytest.mark.parametrize(
    ("now_utc", "expected"),
    [
        ("2025-04-08 22:30", Decimal("11.90")),  # 23:30 on 8 April in London
        ("2025-04-08 23:30", Decimal("12.82")),  # 00:30 on 9 April in London (BST)
    ],
)
def test_it_uses_todays_rule_in_london_when_no_date_is_given(now_utc, expected):
    moment = dt.datetime.fromisoformat(now_utc).replace(tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        assert policy.value("care_worker_salary_floor_hourly") == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "on", "message"),
    [
        ("salary_floor", dt.date(2025, 1, 1), "Unknown policy key 'salary_floor'"),
        ("", dt.date(2025, 1, 1), "Unknown policy key ''"),
        (
            "care_worker_salary_floor_hourly",
            dt.date(2019, 1, 1),
            "No value of 'care_worker_salary_floor_hourly' was in force on 2019-01-01",
        ),
        (
            "care_worker_salary_floor_annual",
            dt.date(2024, 4, 3),
            "was in force on 2024-04-03",
        ),
    ],
)
def test_it_refuses_unknown_keys_and_dates_before_any_rule(key, on, message):
    with pytest.raises(PolicyError, match=message):
        policy.value(key, on=on)


@pytest.mark.django_db
def test_it_seeds_a_valid_value_for_every_declared_key():
    seeded = set(PolicyValue.objects.values_list("key", flat=True))
    assert seeded == set(policy.KEYS)
    for row in PolicyValue.objects.all():
        policy.jsonable(policy.parse(policy.KEYS[row.key].kind, row.value))
