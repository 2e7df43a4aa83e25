from __future__ import annotations

import datetime as dt

import pytest

from carehub.workers.deadlines import (
    Basis,
    Clock,
    Remaining,
    Rules,
    band,
    can_switch_into_care_from,
    deadline,
    is_working_day,
    remaining,
    share_code_valid_until,
)

D = dt.date
RULES = Rules(
    curtailment_days=60, transition_end=D(2028, 7, 22), share_code_days=90, switcher_months=3
)


@pytest.mark.parametrize(
    ("clock", "expected_date", "basis"),
    [
        # 60 days from the curtailment letter.
        (
            Clock(visa_expiry=D(2027, 6, 1), curtailment_letter_on=D(2026, 11, 2)),
            D(2027, 1, 1),
            Basis.CURTAILMENT,
        ),
        # Visa expiry is sooner than 60 days: it stands.
        (
            Clock(visa_expiry=D(2026, 12, 20), curtailment_letter_on=D(2026, 11, 2)),
            D(2026, 12, 20),
            Basis.VISA_EXPIRY,
        ),
        # Exactly 60 days of leave left at curtailment: no curtailment, visa expiry stands.
        (
            Clock(visa_expiry=D(2027, 1, 1), curtailment_letter_on=D(2026, 11, 2)),
            D(2027, 1, 1),
            Basis.VISA_EXPIRY,
        ),
        # One day more than 60: curtailed to the 60th day.
        (
            Clock(visa_expiry=D(2027, 1, 2), curtailment_letter_on=D(2026, 11, 2)),
            D(2027, 1, 1),
            Basis.CURTAILMENT,
        ),
        # Leap year: 60 days from 1 January 2028 is 1 March 2028 (29 February exists).
        (Clock(curtailment_letter_on=D(2028, 1, 1)), D(2028, 3, 1), Basis.CURTAILMENT),
        (Clock(curtailment_letter_on=D(2027, 1, 1)), D(2027, 3, 2), Basis.CURTAILMENT),
        # No curtailment letter yet: the visa expiry.
        (Clock(visa_expiry=D(2027, 3, 31)), D(2027, 3, 31), Basis.VISA_EXPIRY),
        # Nothing recorded.
        (Clock(), None, Basis.UNKNOWN),
        # Cancellation paused: no running deadline.
        (
            Clock(curtailment_letter_on=D(2026, 11, 2), cancellation_paused_on=D(2026, 11, 10)),
            None,
            Basis.PAUSED,
        ),
        # In-country care sponsorship ends on 22 July 2028.
        (Clock(visa_expiry=D(2029, 1, 1)), D(2028, 7, 22), Basis.TRANSITION_END),
        (
            Clock(curtailment_letter_on=D(2028, 6, 1), visa_expiry=D(2030, 1, 1)),
            D(2028, 7, 22),
            Basis.TRANSITION_END,
        ),
        (Clock(visa_expiry=D(2028, 7, 22)), D(2028, 7, 22), Basis.VISA_EXPIRY),
    ],
)
def test_it_works_out_the_deadline_and_why(clock, expected_date, basis):
    found = deadline(clock, RULES)
    assert (found.date, found.basis) == (expected_date, basis)
    assert found.reason


def test_it_follows_the_policy_values_it_is_given():
    clock = Clock(curtailment_letter_on=D(2026, 11, 2))
    assert deadline(clock, RULES).date == D(2027, 1, 1)
    longer = Rules(
        curtailment_days=90,
        transition_end=RULES.transition_end,
        share_code_days=90,
        switcher_months=3,
    )
    assert deadline(clock, longer).date == D(2027, 1, 31)


def test_it_says_why_cancellation_is_paused():
    clock = Clock(
        cancellation_paused_on=D(2026, 11, 10), cancellation_paused_reason="Home Office review"
    )
    assert (
        deadline(clock, RULES).reason
        == "Cancellation paused on 10 November 2026: Home Office review"
    )


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 12, 24), True),  # Thursday
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2026, 12, 26), False),  # Saturday
        (D(2026, 12, 28), False),  # Boxing Day substitute (Monday)
        (D(2027, 5, 3), False),  # Early May bank holiday
        (D(2023, 5, 8), False),  # Coronation of King Charles III, a one-off bank holiday
        (D(2026, 3, 17), True),  # St Patrick's Day is not a holiday in England and Wales
    ],
)
def test_it_knows_england_and_wales_working_days(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("until", "today", "calendar", "working"),
    [
        (D(2026, 12, 31), D(2026, 12, 21), 10, 6),  # over Christmas: 22,23,24,29,30,31
        (D(2026, 12, 21), D(2026, 12, 21), 0, 0),
        (D(2026, 12, 22), D(2026, 12, 21), 1, 1),
        (D(2026, 11, 30), D(2026, 12, 2), -2, -2),
    ],
)
def test_it_counts_calendar_and_working_days_left(until, today, calendar, working):
    assert remaining(until, today) == Remaining(calendar, working)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (None, "no deadline"),
        (-1, "passed"),
        (0, "7 days or fewer"),
        (7, "7 days or fewer"),
        (8, "14 days or fewer"),
        (30, "30 days or fewer"),
        (45, "45 days or fewer"),
        (46, "more than 45 days"),
    ],
)
def test_it_puts_days_left_in_an_escalation_band(days, expected):
    assert band(days, [45, 30, 14, 7]) == expected


@pytest.mark.parametrize(
    ("checked", "expected"),
    [(D(2026, 11, 28), D(2027, 2, 26)), (D(2027, 12, 1), D(2028, 2, 29))],
)
def test_it_knows_when_a_share_code_expires(checked, expected):
    assert share_code_valid_until(checked, RULES) == expected


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (D(2026, 8, 15), D(2026, 11, 15)),
        (D(2027, 11, 30), D(2028, 2, 29)),  # month end, leap year
        (D(2026, 11, 30), D(2027, 2, 28)),
    ],
)
def test_it_applies_the_three_month_rule_for_switchers(since, expected):
    assert can_switch_into_care_from(since, RULES) == expected


@pytest.mark.django_db
def test_it_reads_every_rule_from_policy_values():
    from carehub.core import services
    from carehub.workers.clock import rules_on

    assert rules_on(D(2026, 11, 28)) == RULES
    services.add_policy_value(
        key="curtailment_period_days", value="90", effective_from=D(2027, 1, 1), actor=None
    )
    assert rules_on(D(2027, 1, 1)).curtailment_days == 90
    assert rules_on(D(2026, 12, 31)).curtailment_days == 60
