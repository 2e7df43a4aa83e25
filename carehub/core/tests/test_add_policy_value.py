from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from carehub.audit.models import AuditEvent
from carehub.core import policy, services
from carehub.core.models import PolicyValue

pytestmark = pytest.mark.django_db


def test_it_adds_a_value_that_applies_from_its_date_and_audits_it(world):
    services.add_policy_value(
        key="care_worker_salary_floor_hourly",
        value="13.40",
        effective_from=dt.date(2026, 4, 1),
        note="Illustrative future uprating",
        actor=world.user("system_admin"),
    )
    on = "care_worker_salary_floor_hourly"
    assert str(policy.value(on, on=dt.date(2026, 3, 31))) == "12.82"
    assert str(policy.value(on, on=dt.date(2026, 4, 1))) == "13.40"
    event = AuditEvent.objects.get(verb="core.policy_value_added")
    assert event.data["new"]["value"] == "13.40"


@pytest.mark.parametrize(
    ("key", "value", "effective_from", "field"),
    [
        ("no_such_rule", "1", dt.date(2026, 1, 1), "key"),
        ("curtailment_period_days", "sixty", dt.date(2026, 1, 1), "value"),
        ("care_worker_salary_floor_annual", "-5", dt.date(2026, 1, 1), "value"),
        ("overseas_recruitment_closure_date", "22/07/2025", dt.date(2026, 1, 1), "value"),
        ("care_worker_salary_floor_annual", "26000", dt.date(2025, 4, 9), "effective_from"),
    ],
)
def test_it_refuses_bad_values_and_changes_nothing(world, key, value, effective_from, field):
    before = PolicyValue.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_policy_value(
            key=key, value=value, effective_from=effective_from, actor=world.user("system_admin")
        )
    assert field in error.value.message_dict
    assert PolicyValue.objects.count() == before
