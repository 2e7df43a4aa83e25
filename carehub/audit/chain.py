"""The audit hash chain, as pure functions over plain data (no database).

Each event's hash is SHA-256 over the previous event's hash and a canonical JSON encoding
of the event's own fields. Changing, inserting or deleting any row changes a hash that a
later row (or the chain head) has already committed to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64

# The fields a hash covers. Adding a typed subject later means adding it here *and* treating
# its absence as null, so that older rows still verify.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "verb",
    "partnership_id",
    "organisation_id",
    "subject_user_id",
    "subject_type",
    "subject_id",
    "data",
)


def canonical(fields: Mapping[str, Any]) -> bytes:
    def encode(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        return value

    payload = {name: encode(fields.get(name)) for name in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int
    message: str


def verify(
    rows: Iterable[Mapping[str, Any]], *, head_seq: int | None, head_hash: str | None
) -> list[Problem]:
    """Check rows (in seq order) against each other and against the chain head.

    Returns every problem found; an empty list means the chain is intact.
    """
    problems: list[Problem] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            problems.append(Problem(seq, f"expected event #{expected_seq}: events are missing"))
        if row["prev_hash"] != prev_hash:
            problems.append(Problem(seq, "does not link to the previous event's hash"))
        if compute_hash(row["prev_hash"], row) != row["hash"]:
            problems.append(Problem(seq, "contents do not match its hash: the row was changed"))
        prev_hash = row["hash"]
        expected_seq = seq + 1
    last_seq = expected_seq - 1
    if head_seq is not None and (head_seq != last_seq or head_hash != prev_hash):
        problems.append(
            Problem(
                last_seq,
                f"the chain head records event #{head_seq}, but the last event is #{last_seq}: "
                "events at the end were removed or replaced",
            )
        )
    return problems
