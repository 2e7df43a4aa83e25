from __future__ import annotations

import pytest

from carehub.workers.eligibility import (
    NeedReason,
    Outcome,
    PoolFacts,
    missing_for_transitional_cos,
    pool_eligibility,
)

CARE = ("6135", "6136")
CARE_2010 = ("6145", "6146")


@pytest.mark.parametrize(
    ("facts", "outcome", "rule"),
    [
        (PoolFacts(True, "6135", NeedReason.LICENCE_REVOKED), Outcome.ELIGIBLE, "lost its licence"),
        (PoolFacts(True, "6136", NeedReason.INSUFFICIENT_WORK), Outcome.ELIGIBLE, "enough work"),
        (
            PoolFacts(True, "6145", NeedReason.IDENTIFIED_BY_PARTNERSHIP),
            Outcome.ELIGIBLE,
            "identified",
        ),
        (PoolFacts(True, "6146", NeedReason.LICENCE_REVOKED), Outcome.ELIGIBLE, "lost its licence"),
        (PoolFacts(False, "6135", NeedReason.LICENCE_REVOKED), Outcome.NOT_ELIGIBLE, "in the UK"),
        (PoolFacts(None, "6135", NeedReason.LICENCE_REVOKED), Outcome.NEEDS_REVIEW, "in the UK"),
        (PoolFacts(True, "", NeedReason.LICENCE_REVOKED), Outcome.NEEDS_REVIEW, "SOC code"),
        (PoolFacts(True, "2231", NeedReason.LICENCE_REVOKED), Outcome.NOT_ELIGIBLE, "SOC 2231"),
        (PoolFacts(True, "6135", NeedReason.EXPLOITATION), Outcome.NEEDS_REVIEW, "can identify"),
        (PoolFacts(True, "6135", NeedReason.OTHER), Outcome.NEEDS_REVIEW, "can identify"),
        (PoolFacts(True, "6135", None), Outcome.NEEDS_REVIEW, "can identify"),
    ],
)
def test_it_decides_pool_eligibility_with_the_deciding_rule(facts, outcome, rule):
    result = pool_eligibility(facts, care_soc_codes=CARE, care_soc_codes_2010=CARE_2010)
    assert result.outcome == outcome
    assert rule in result.rule


def test_it_uses_the_soc_codes_it_is_given():
    facts = PoolFacts(True, "6135", NeedReason.LICENCE_REVOKED)
    assert pool_eligibility(facts, care_soc_codes=("9999",), care_soc_codes_2010=()).outcome == (
        Outcome.NOT_ELIGIBLE
    )


@pytest.mark.parametrize(
    ("details", "missing"),
    [
        (
            {
                "full_name": "A B",
                "nationality": "Indian",
                "date_of_birth": "1990-01-01",
                "home_office_reference": "X1",
            },
            [],
        ),
        ({"full_name": "A B"}, ["nationality", "date of birth", "Home Office reference number"]),
    ],
)
def test_it_lists_what_a_transitional_cos_request_still_needs(details, missing):
    assert missing_for_transitional_cos(details) == missing
