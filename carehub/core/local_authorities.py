"""Reading the ONS lookup of lower-tier to upper-tier local authorities (pure: no database).

The Open Geography Portal publishes "Lower Tier Local Authority to Upper Tier Local
Authority" and "Local Authority District to Region" lookups as CSV. Column names carry the
year (`LTLA23CD`, `UTLA23NM`, `RGN24CD`), so columns are found by pattern, not by name.
The upper-tier councils are the ones with adult social care responsibility.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

# The type of an English council follows from its ONS code's entity prefix.
TYPE_BY_PREFIX = {"E06": "UA", "E08": "MD", "E09": "LBO", "E10": "CTY"}
CITY_OF_LONDON = "E09000001"
CODE = re.compile(r"^E\d{8}$")

COLUMN_PATTERNS = {
    "lower_code": re.compile(r"^(?:(?:LTLA|LAD)\d{2}CD|lad_gss_code)$", re.IGNORECASE),
    "upper_code": re.compile(r"^(?:UTLA\d{2}CD|utla_gss_code)$", re.IGNORECASE),
    "upper_name": re.compile(r"^(?:UTLA\d{2}NM|utla_name)$", re.IGNORECASE),
    "region_code": re.compile(r"^(?:RGN\d{2}CD|region_code)$", re.IGNORECASE),
    "region_name": re.compile(r"^(?:RGN\d{2}NM|region_name)$", re.IGNORECASE),
}


class LookupFileError(ValueError):
    """The file is not a lookup we understand; the message says why in plain words."""


@dataclass(frozen=True)
class Council:
    gss_code: str
    name: str
    la_type: str
    region_code: str
    region_name: str


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else an older Windows export (cp1252)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise LookupFileError("The file is not text: is it the CSV lookup, not a zip?") from None


def find_columns(header: Iterable[str], wanted: Iterable[str]) -> dict[str, str]:
    header = [name.strip() for name in header]
    found: dict[str, str] = {}
    for role in wanted:
        matches = [name for name in header if COLUMN_PATTERNS[role].match(name)]
        if len(matches) != 1:
            raise LookupFileError(
                f"Expected one column for {role.replace('_', ' ')}, found "
                f"{len(matches)} in the header: {', '.join(header)}"
            )
        found[role] = matches[0]
    return found


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV lookup."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise LookupFileError("The file is empty")
    header = [name.strip() for name in reader.fieldnames]
    return header, [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def councils_from_lookup(tiers_text: str, regions_text: str | None = None) -> list[Council]:
    """English upper-tier councils with their regions.

    The regions come from the same file when it has region columns, else from a second
    "Local Authority District to Region" lookup joined on the lower-tier code.
    """
    header, rows = read_rows(tiers_text)
    has_regions = any(COLUMN_PATTERNS["region_code"].match(name) for name in header)
    roles = ["lower_code", "upper_code", "upper_name"]
    columns = find_columns(header, roles + (["region_code", "region_name"] if has_regions else []))

    region_of_lower: dict[str, tuple[str, str]] = {}
    if has_regions:
        for row in rows:
            region_of_lower[row[columns["lower_code"]]] = (
                row[columns["region_code"]],
                row[columns["region_name"]],
            )
    elif regions_text is not None:
        region_header, region_rows = read_rows(regions_text)
        region_columns = find_columns(region_header, ["lower_code", "region_code", "region_name"])
        for row in region_rows:
            region_of_lower[row[region_columns["lower_code"]]] = (
                row[region_columns["region_code"]],
                row[region_columns["region_name"]],
            )
    else:
        raise LookupFileError(
            "This lookup has no region columns: also give the Local Authority District "
            "to Region lookup (--regions)"
        )

    councils: dict[str, Council] = {}
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        upper, lower = row[columns["upper_code"]], row[columns["lower_code"]]
        if upper[:1] in ("W", "S", "N"):
            continue  # Wales, Scotland and Northern Ireland run social care differently.
        prefix = upper[:3]
        if not CODE.match(upper) or prefix not in TYPE_BY_PREFIX:
            problems.append(f"line {number}: {upper!r} is not an English upper-tier code")
            continue
        region = region_of_lower.get(lower)
        if region is None or not region[0]:
            problems.append(f"line {number}: no region for {lower}")
            continue
        la_type = "CC" if upper == CITY_OF_LONDON else TYPE_BY_PREFIX[prefix]
        council = Council(upper, row[columns["upper_name"]], la_type, region[0], region[1])
        previous = councils.setdefault(upper, council)
        if previous.region_code != council.region_code:
            problems.append(f"line {number}: {upper} is in two regions")
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise LookupFileError(f"The lookup has problems, nothing was imported: {shown}{more}")
    if not councils:
        raise LookupFileError("The lookup lists no English councils")
    return sorted(councils.values(), key=lambda c: c.gss_code)
