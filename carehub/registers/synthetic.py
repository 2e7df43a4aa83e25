"""Synthetic sponsor registers in the real file format, for tests, benchmarks and demo data.

Deterministic: the same arguments always give the same bytes. Organisation names are made
up; towns are real place names so geocoding has something to find.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from carehub.registers.sponsor_register import HEADER

FIRST = [
    "Acorn",
    "Brindley",
    "Severn",
    "Wrekin",
    "Arden",
    "Malvern",
    "Kinver",
    "Lickey",
    "Clent",
    "Cannock",
    "Avon",
    "Teme",
    "Trent",
    "Dove",
    "Tame",
    "Stour",
    "Rea",
    "Sow",
]
SECOND = ["Court", "Vale", "View", "Lodge", "House", "Gardens", "Meadows", "Park", "Grange"]
KIND = [
    "Care Ltd",
    "Home Care Ltd",
    "Healthcare Limited",
    "Nursing Home",
    "Care Services Ltd",
    "Support Ltd",
    "Consulting Ltd",
    "Engineering Limited",
    "Foods Ltd",
    "Digital Ltd",
]
TOWNS = [
    "Birmingham",
    "Coventry",
    "Wolverhampton",
    "Walsall",
    "Dudley",
    "Solihull",
    "Worcester",
    "Hereford",
    "Telford",
    "Stoke-on-Trent",
    "Shrewsbury",
    "Stafford",
    "Warwick",
    "London",
    "Manchester",
    "Leeds",
    "Bristol",
    "Nottingham",
    "Leicester",
]
ROUTES = [("Worker", "Skilled Worker")] * 8 + [
    ("Worker", "Global Business Mobility: Senior or Specialist Worker"),
    ("Temporary Worker", "Charity Worker"),
]


@dataclass(frozen=True)
class SyntheticRow:
    name: str
    town: str
    county: str
    type_and_rating: str
    route: str


def rows(count: int, *, start: int = 0) -> list[SyntheticRow]:
    made = []
    for number in range(start, start + count):
        name = (
            f"{FIRST[number % len(FIRST)]} {SECOND[(number // len(FIRST)) % len(SECOND)]} "
            f"{KIND[number % len(KIND)]} {number}"
        )
        licence_type, route = ROUTES[number % len(ROUTES)]
        made.append(
            SyntheticRow(
                name=name,
                town=TOWNS[number % len(TOWNS)],
                county="" if number % 3 else "West Midlands",
                type_and_rating=f"{licence_type} (A rating)",
                route=route,
            )
        )
    return made


def to_csv(register: Iterable[SyntheticRow]) -> bytes:
    """Quote every non-empty field and leave empty ones bare, with CRLF, as GOV.UK does."""
    buffer = io.StringIO()
    buffer.write(",".join(f'"{column}"' for column in HEADER) + "\r\n")
    for row in register:
        cells = [row.name, row.town, row.county, row.type_and_rating, row.route]
        buffer.write(",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if c else "" for c in cells))
        buffer.write("\r\n")
    return buffer.getvalue().encode()


def changed(register: list[SyntheticRow], *, every: int, start: int) -> list[SyntheticRow]:
    """A later register: every `every`-th row removed, every `every`-th (offset) row
    downgraded to B, and as many new rows added. With every=100, about 1% changes."""
    result = []
    for index, row in enumerate(register):
        if index % every == 0:
            continue  # removed
        if index % every == every // 2:
            licence_type = row.type_and_rating.split(" (")[0]
            row = SyntheticRow(
                row.name, row.town, row.county, f"{licence_type} (B rating)", row.route
            )
        result.append(row)
    added = len(register) // every + (1 if len(register) % every else 0)
    return result + rows(added, start=start)
