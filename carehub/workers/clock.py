"""The immigration clock's rules as in force on a day, from policy values."""

from __future__ import annotations

import datetime as dt

from carehub.core import policy
from carehub.workers.deadlines import Rules


def rules_on(day: dt.date) -> Rules:
    return Rules(
        curtailment_days=policy.value("curtailment_period_days", on=day),
        transition_end=policy.value("in_country_transition_end_date", on=day),
        share_code_days=policy.value("share_code_validity_days", on=day),
        switcher_months=policy.value("switcher_minimum_months", on=day),
    )
