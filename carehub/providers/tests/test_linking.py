from __future__ import annotations

import datetime as dt

import pytest

from carehub.providers import linking
from carehub.providers.sponsorship import LicenceFacts, LocationFacts, can_sponsor


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Brindley Court Care Ltd", ["brindley court care"]),
        ("BRINDLEY COURT CARE LIMITED", ["brindley court care"]),
        (
            "Absolute Healthcare West Ltd T/A The Village Nursing Home",
            ["absolute healthcare west", "village nursing home"],
        ),
        ("Potteries Community Care C.I.C.", ["potteries community care"]),
        ("The Care Co. (UK) Limited", ["care"]),
    ],
)
def test_it_reduces_names_to_what_identifies_the_organisation(name, expected):
    assert linking.matching_names(name) == expected


RECORDS = [
    linking.Record(
        ("brindley court care ltd", "birmingham"), "Brindley Court Care Ltd", "Birmingham"
    ),
    linking.Record(
        ("brindley court care ltd", "blackpool"), "BRINDLEY COURT CARE LTD", "Blackpool"
    ),
    linking.Record(
        ("brindley care homes ltd", "birmingham"), "Brindley Care Homes Ltd", "Birmingham"
    ),
    linking.Record(("acorn nursing home", "birmingham"), "Acorn Nursing Home", "Birmingham"),
]


def test_it_proposes_candidates_in_the_same_town_with_reasons():
    index = linking.Index(RECORDS)
    found = index.candidates(["Brindley Court Care Limited"], ["birmingham"])
    assert [c.key for c in found] == [("brindley court care ltd", "birmingham")]
    assert found[0].score == 100
    assert found[0].reasons == (
        "Name 100% similar ('brindley court care' and 'brindley court care')",
        "Same town: birmingham",
    )


def test_it_does_not_propose_a_namesake_in_another_town_or_a_rejected_record():
    index = linking.Index(RECORDS)
    assert index.candidates(["Brindley Court Care Ltd"], ["walsall"]) == []
    rejected = {("brindley court care ltd", "birmingham"): "Different company"}
    assert index.candidates(["Brindley Court Care Ltd"], ["birmingham"], rejected=rejected) == []


def test_it_uses_trading_names():
    index = linking.Index(RECORDS)
    found = index.candidates(["Heartlands Healthcare Ltd", "Acorn Nursing Home"], ["birmingham"])
    assert found[0].name == "Acorn Nursing Home"


SKILLED_A = LicenceFacts("Worker", "Skilled Worker", "A", None)
CARE_HOME = LocationFacts("Brindley Court", True, False, ("Personal care",))
CQC_FROM = dt.date(2024, 3, 11)
TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("licences", "locations", "on", "expected", "reason"),
    [
        ([SKILLED_A], [CARE_HOME], TODAY, True, "A-rated Worker licence"),
        (
            [LicenceFacts("Worker", "Skilled Worker", "B", None)],
            [CARE_HOME],
            TODAY,
            False,
            "rated B, not A",
        ),
        (
            [LicenceFacts("Worker", "Skilled Worker", "A", dt.date(2026, 11, 1))],
            [CARE_HOME],
            TODAY,
            False,
            "No current Skilled Worker licence",
        ),
        (
            [LicenceFacts("Worker", "Skilled Worker", "A", dt.date(2026, 12, 1))],
            [CARE_HOME],
            TODAY,
            True,
            "A-rated",
        ),
        (
            [LicenceFacts("Temporary Worker", "Charity Worker", "A", None)],
            [CARE_HOME],
            TODAY,
            False,
            "No current Skilled Worker",
        ),
        ([], [CARE_HOME], TODAY, False, "Not linked to any entry"),
        ([SKILLED_A], [], TODAY, False, "Not linked to a CQC registration"),
        (
            [SKILLED_A],
            [LocationFacts("Closed", False, False, ("Personal care",))],
            TODAY,
            False,
            "No CQC location registered",
        ),
        (
            [SKILLED_A],
            [LocationFacts("Dormant", True, True, ("Personal care",))],
            TODAY,
            False,
            "No CQC location registered",
        ),
        ([SKILLED_A], [], dt.date(2024, 3, 10), True, "A-rated"),
    ],
)
def test_it_decides_whether_a_provider_can_sponsor_with_reasons(
    licences, locations, on, expected, reason
):
    decision = can_sponsor(licences, locations, on=on, cqc_required_from=CQC_FROM)
    assert decision.can_sponsor is expected
    assert any(reason in r for r in decision.reasons)
