from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from carehub.audit.chain import GENESIS_HASH, canonical, compute_hash, verify

WHEN = dt.datetime(2026, 7, 2, 9, 30, tzinfo=dt.UTC)  # summer: London is UTC+1


def event(number: int, **changes):
    fields = {
        "seq": number,
        "occurred_at": WHEN + dt.timedelta(minutes=number),
        "actor_id": 7,
        "verb": "accounts.membership_added",
        "partnership_id": 1,
        "organisation_id": 3,
        "subject_user_id": None,
        "subject_type": "accounts.membership",
        "subject_id": str(number),
        "data": {"new": {"role": "hub_caseworker"}},
    }
    fields.update(changes)
    return fields


def chain(length: int) -> list[dict]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, length + 1):
        row = event(seq)
        row["prev_hash"] = prev
        row["hash"] = prev = compute_hash(prev, row)
        rows.append(row)
    return rows


def test_it_encodes_the_same_event_the_same_way_whatever_the_key_order_or_zone():
    row = event(1)
    reordered = dict(reversed(list(row.items())))
    london = {**row, "occurred_at": row["occurred_at"].astimezone(ZoneInfo("Europe/London"))}
    assert canonical(row) == canonical(reordered) == canonical(london)


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 2},
        {"occurred_at": WHEN + dt.timedelta(microseconds=1)},
        {"actor_id": 8},
        {"verb": "accounts.membership_removed"},
        {"partnership_id": 2},
        {"organisation_id": None},
        {"subject_user_id": 5},
        {"subject_type": "accounts.user"},
        {"subject_id": "99"},
        {"data": {"new": {"role": "hub_coordinator"}}},
    ],
)
def test_it_changes_the_hash_when_any_covered_field_changes(change):
    assert compute_hash(GENESIS_HASH, event(1)) != compute_hash(GENESIS_HASH, event(1, **change))


def test_it_changes_the_hash_when_the_previous_hash_changes():
    assert compute_hash(GENESIS_HASH, event(1)) != compute_hash("f" * 64, event(1))


def test_it_accepts_an_intact_chain():
    rows = chain(5)
    assert verify(rows, head_seq=5, head_hash=rows[-1]["hash"]) == []
    assert verify([], head_seq=0, head_hash=GENESIS_HASH) == []


def tampered(kind: str) -> tuple[list[dict], int, str]:
    rows = chain(5)
    head_seq, head_hash = 5, rows[-1]["hash"]
    if kind == "changed":
        rows[2]["data"] = {"new": {"role": "hub_coordinator"}}
    elif kind == "deleted-middle":
        del rows[2]
    elif kind == "deleted-last":
        del rows[-1]
    elif kind == "reordered":
        rows[1], rows[2] = rows[2], rows[1]
    elif kind == "forged":
        # Rewritten with a correct hash of its own, but linking to nothing real.
        rows[2]["verb"] = "accounts.membership_removed"
        rows[2]["prev_hash"] = "a" * 64
        rows[2]["hash"] = compute_hash(rows[2]["prev_hash"], rows[2])
    elif kind == "appended-without-head":
        extra = event(6)
        extra["prev_hash"] = rows[-1]["hash"]
        extra["hash"] = compute_hash(extra["prev_hash"], extra)
        rows.append(extra)
    return rows, head_seq, head_hash


@pytest.mark.parametrize(
    ("kind", "first_bad_seq"),
    [
        ("changed", 3),
        ("deleted-middle", 4),
        ("deleted-last", 4),
        ("reordered", 3),
        ("forged", 3),
        ("appended-without-head", 6),
    ],
)
def test_it_detects_tampering(kind, first_bad_seq):
    rows, head_seq, head_hash = tampered(kind)
    problems = verify(rows, head_seq=head_seq, head_hash=head_hash)
    assert problems
    assert problems[0].seq == first_bad_seq
