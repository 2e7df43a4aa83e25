"""Reading the Home Office "Register of licensed sponsors: workers" (pure: no database).

The file has five quoted columns, one row per organisation per route, no identifier, and
real-world mess: a BOM or not, CRLF, stray spaces, exact duplicate rows, upstream mojibake
apostrophes. `parse()` turns the bytes into clean rows or refuses the file with a plain
reason; `diff()` compares two snapshots and says what changed.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

HEADER = ("Organisation Name", "Town/City", "County", "Type & Rating", "Route")

# Upstream mojibake for a curly apostrophe ("Lâ??Expansion"), and its usual cousins.
APOSTROPHES = re.compile(
    "\u00e2\\?\\?"  # "â??" as the register prints it
    "|\u00e2\u20ac\u2122|\u00e2\u20ac\u02dc"  # UTF-8 curly quotes read as cp1252
    "|[\u2018\u2019\u02bc`\u00b4]"
)
NOT_WORD = re.compile(r"[^\w']+")
TRAILING = re.compile(r"[\s,.;:]+$")


class SuspectFileError(ValueError):
    """The file is not a register we can trust; the message says why in plain words."""


class Rating(StrEnum):
    A = "A"
    B = "B"
    PROVISIONAL = "Provisional"
    OTHER = "Other"


# Higher ranks are better; a fall in rank is a downgrade.
RATING_RANK = {Rating.B: 0, Rating.OTHER: 1, Rating.PROVISIONAL: 2, Rating.A: 3}


@dataclass(frozen=True)
class Licence:
    licence_type: str
    rating: Rating
    service_level: str  # "", "Premium" or "SME+"


@dataclass(frozen=True)
class Row:
    name: str
    town: str
    county: str
    type_and_rating: str
    route: str
    licence: Licence

    @property
    def published(self) -> tuple[str, ...]:
        """The fields as printed, to tell whether an entry's details changed."""
        return (self.name, self.town, self.county, self.type_and_rating, self.route)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity across snapshots: the register has no id, so name, town, licence type
        and route, normalised so case and punctuation changes do not count as new rows."""
        return (
            normalise_name(self.name),
            normalise_town(self.town),
            self.licence.licence_type.casefold(),
            self.route.casefold(),
        )


@dataclass(frozen=True)
class ParsedRegister:
    rows: list[Row]
    duplicate_rows: int


def normalise_name(name: str) -> str:
    text = APOSTROPHES.sub("'", name).casefold()
    return " ".join(NOT_WORD.sub(" ", text).split())


@functools.lru_cache(maxsize=65536)
def normalise_town(town: str) -> str:
    text = TRAILING.sub("", town.strip()).casefold().replace("-", " ")
    return " ".join(text.split())


@functools.lru_cache(maxsize=1024)  # a few dozen distinct values in 140,000 rows
def split_type_and_rating(value: str) -> Licence:
    """`Worker (A (Premium))` -> Worker, A, Premium. Unknown ratings are kept as Other,
    so a new value in the file never stops an import."""
    value = " ".join(value.split())
    licence_type, _, rest = value.partition(" (")
    inner = rest[:-1].strip() if rest.endswith(")") else rest.strip()
    service_level = ""
    nested = re.fullmatch(r"(\w+) \((.+)\)", inner)
    if nested:
        inner, service_level = nested.group(1), nested.group(2).strip()
    inner = inner.removesuffix(" rating")
    if inner in ("A", "B"):
        rating = Rating(inner)
    elif inner.endswith("Provisional"):
        rating = Rating.PROVISIONAL
    else:
        rating = Rating.OTHER
    return Licence(licence_type.strip(), rating, service_level)


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse(raw: bytes) -> ParsedRegister:
    """Clean rows from the register's bytes, with exact duplicates dropped.

    Raises SuspectFileError for an empty, binary or HTML file, a wrong header, or a row that
    does not have five columns (a truncated download).
    """
    if not raw.strip():
        raise SuspectFileError("The file is empty")
    if b"\x00" in raw[:4096]:
        raise SuspectFileError("The file is binary, not a CSV file")
    text = decode(raw)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml")) or "<html" in head:
        raise SuspectFileError("The file is a web page, not the register (did the download fail?)")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(cell.strip().lstrip("\ufeff") for cell in next(reader, []))
    if header != HEADER:
        raise SuspectFileError(
            f"The header is {', '.join(header) or 'missing'}; expected {', '.join(HEADER)}"
        )
    rows: list[Row] = []
    seen: set[tuple[str, ...]] = set()
    duplicates = 0
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            raise SuspectFileError(
                f"Line {line} has {len(cells)} columns, not 5: the file may be cut short"
            )
        name, town, county, type_and_rating, route = (cell.strip() for cell in cells)
        exact = (name, town, county, type_and_rating, route)
        if exact in seen:
            duplicates += 1
            continue
        seen.add(exact)
        if not name or not type_and_rating or not route:
            raise SuspectFileError(f"Line {line} has no organisation name, licence or route")
        licence = split_type_and_rating(type_and_rating)
        rows.append(Row(name, town, county, type_and_rating, route, licence))
    return ParsedRegister(rows=rows, duplicate_rows=duplicates)


class ChangeKind(StrEnum):
    NEW_LICENCE = "new_licence"
    REMOVED = "removed"  # the organisation has left the register: possible revocation
    ROUTE_ADDED = "route_added"
    ROUTE_REMOVED = "route_removed"
    DOWNGRADED = "downgraded"
    UPGRADED = "upgraded"


@dataclass(frozen=True)
class Change:
    key: tuple[str, str, str, str]
    kind: ChangeKind
    old_rating: str = ""
    new_rating: str = ""


def organisation_of(key: tuple[str, str, str, str]) -> tuple[str, str]:
    return key[0], key[1]


def diff(
    previous: Mapping[tuple[str, str, str, str], str],
    current: Mapping[tuple[str, str, str, str], str],
) -> list[Change]:
    """What changed between two snapshots, each a map of entry key to rating.

    A new route for an organisation already on the register is "route added"; a route gone
    while the organisation keeps others is "route removed"; an organisation that appears or
    disappears entirely is a "new licence" or a "removal". Rating moves are compared by rank.
    """
    previous_orgs = {organisation_of(key) for key in previous}
    current_orgs = {organisation_of(key) for key in current}
    changes: list[Change] = []
    for key in sorted(current.keys() - previous.keys()):
        kind = (
            ChangeKind.ROUTE_ADDED
            if organisation_of(key) in previous_orgs
            else ChangeKind.NEW_LICENCE
        )
        changes.append(Change(key, kind, new_rating=current[key]))
    for key in sorted(previous.keys() - current.keys()):
        kind = (
            ChangeKind.ROUTE_REMOVED if organisation_of(key) in current_orgs else ChangeKind.REMOVED
        )
        changes.append(Change(key, kind, old_rating=previous[key]))
    for key in sorted(previous.keys() & current.keys()):
        old, new = previous[key], current[key]
        if old == new:
            continue
        rank_old, rank_new = RATING_RANK[Rating(old)], RATING_RANK[Rating(new)]
        if rank_new == rank_old:
            continue
        kind = ChangeKind.DOWNGRADED if rank_new < rank_old else ChangeKind.UPGRADED
        changes.append(Change(key, kind, old_rating=old, new_rating=new))
    return changes


def unique_by_key(rows: Iterable[Row]) -> dict[tuple[str, str, str, str], Row]:
    """One row per entry key. Two rows differing only in case or punctuation are the same
    entry; the later one wins (the register lists each entry once when it is well formed)."""
    return {row.key: row for row in rows}
