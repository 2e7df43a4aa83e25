from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from carehub.audit.chain import GENESIS_HASH, HASHED_FIELDS, canonical, compute_hash, verify

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
        "data": {"new": {"role": "hub_caseworker", "note": "Brindley Court – Wolverhampton"}},
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


@pytest.mark.parametrize(
    "variant",
    [
        lambda row: dict(reversed(list(row.items()))),
        lambda row: {
            **row,
            "occurred_at": row["occurred_at"].astimezone(ZoneInfo("Europe/London")),
        },
        lambda row: {
            **row,
            "occurred_at": row["occurred_at"].astimezone(dt.timezone(dt.timedelta(hours=-5))),
        },
        lambda row: {**row, "data": {"new": dict(reversed(list(row["data"]["new"].items())))}},
        lambda row: {**row, "prev_hash": "x", "hash": "y", "id": 99},  # not covered fields
    ],
    ids=["key-order", "london", "new-york", "nested-key-order", "uncovered-fields"],
)
def test_it_encodes_the_same_event_the_same_way(variant):
    row = event(1)
    assert canonical(variant(row)) == canonical(row)
    assert compute_hash(GENESIS_HASH, variant(row)) == compute_hash(GENESIS_HASH, row)


def test_it_encodes_every_covered_field_and_nothing_else():
    payload = json.loads(canonical({**event(1), "hash": "h", "extra": 1}))
    assert list(payload) == sorted(HASHED_FIELDS)
    assert payload["occurred_at"] == "2026-07-02T09:31:00.000000+00:00"
    assert payload["data"]["new"]["note"] == "Brindley Court – Wolverhampton"  # not escaped


def test_it_treats_a_missing_field_as_null():
    row = event(1)
    del row["subject_user_id"]
    assert canonical(row) == canonical(event(1, subject_user_id=None))


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 2},
        {"occurred_at": WHEN + dt.timedelta(microseconds=1)},
        {"actor_id": 8},
        {"actor_id": None},
        {"verb": "accounts.membership_removed"},
        {"partnership_id": 2},
        {"organisation_id": None},
        {"subject_user_id": 5},
        {"subject_type": "accounts.user"},
        {"subject_id": "99"},
        {"subject_id": 1},  # the same digits, but a number rather than text
        {"data": {"new": {"role": "hub_coordinator"}}},
        {"data": {}},
    ],
    ids=lambda change: next(iter(change)),
)
def test_it_changes_the_hash_when_any_covered_field_changes(change):
    assert compute_hash(GENESIS_HASH, event(1)) != compute_hash(GENESIS_HASH, event(1, **change))


def test_it_changes_the_hash_when_the_previous_hash_changes():
    assert compute_hash(GENESIS_HASH, event(1)) != compute_hash("f" * 64, event(1))


@pytest.mark.parametrize("length", [0, 1, 5])
def test_it_accepts_an_intact_chain(length):
    rows = chain(length)
    head_hash = rows[-1]["hash"] if rows else GENESIS_HASH
    assert verify(rows, head_seq=length, head_hash=head_hash) == []
    assert verify(iter(rows), head_seq=None, head_hash=None) == []  # no head row yet


def tampered(kind: str) -> tuple[list[dict], int, str]:
    rows = chain(5)
    head_seq, head_hash = 5, rows[-1]["hash"]
    if kind == "changed":
        rows[2]["data"] = {"new": {"role": "hub_coordinator"}}
    elif kind == "changed-time":
        rows[2]["occurred_at"] += dt.timedelta(seconds=1)
    elif kind == "deleted-first":
        del rows[0]
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
    elif kind == "forged-with-real-link":
        # Rewritten and rehashed on its real predecessor: the next row no longer links to it.
        rows[2]["verb"] = "accounts.membership_removed"
        rows[2]["hash"] = compute_hash(rows[2]["prev_hash"], rows[2])
    elif kind == "whole-tail-rewritten":
        # Every later row rehashed too: only the chain head still remembers the truth.
        rows[2]["verb"] = "accounts.membership_removed"
        for index in range(2, 5):
            rows[index]["prev_hash"] = rows[index - 1]["hash"]
            rows[index]["hash"] = compute_hash(rows[index]["prev_hash"], rows[index])
    elif kind == "appended-without-head":
        extra = event(6)
        extra["prev_hash"] = rows[-1]["hash"]
        extra["hash"] = compute_hash(extra["prev_hash"], extra)
        rows.append(extra)
    return rows, head_seq, head_hash


@pytest.mark.parametrize(
    ("kind", "first_bad_seq", "message"),
    [
        ("changed", 3, "contents do not match its hash"),
        ("changed-time", 3, "contents do not match its hash"),
        ("deleted-first", 2, "expected event #1: events are missing"),
        ("deleted-middle", 4, "expected event #3: events are missing"),
        ("deleted-last", 4, "the chain head records event #5, but the last event is #4"),
        ("reordered", 3, "expected event #2: events are missing"),
        ("forged", 3, "does not link to the previous event's hash"),
        ("forged-with-real-link", 4, "does not link to the previous event's hash"),
        ("whole-tail-rewritten", 5, "the chain head records event #5, but the last event is #5"),
        ("appended-without-head", 6, "the chain head records event #5, but the last event is #6"),
    ],
)
def test_it_detects_tampering(kind, first_bad_seq, message):
    rows, head_seq, head_hash = tampered(kind)
    problems = verify(rows, head_seq=head_seq, head_hash=head_hash)
    assert problems
    assert (problems[0].seq, message in problems[0].message) == (first_bad_seq, True), problems


def test_it_reports_every_problem_not_just_the_first():
    rows, head_seq, head_hash = tampered("reordered")
    problems = verify(rows, head_seq=head_seq, head_hash=head_hash)
    assert {problem.seq for problem in problems} == {2, 3, 4}
