"""Reading CQC's published lists of registered services (pure: no database).

Three formats, each streamed row by row:
- "Care directory with filters" (`HSCA_Active_Locations.ods`, ~24 MB zipped, ~440 MB of
  XML, ~122 columns): its `content.xml` is parsed incrementally, never loaded whole;
- the CQC directory CSV (15 columns after a few preamble lines);
- the cqc.org.uk search-results export CSV (18 columns).

Personal names in the files (registered manager, nominated individual, main partner) are
never read into records.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from defusedxml.ElementTree import iterparse

from carehub.lib.postcodes import normalise_postcode

TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
HSCA_SHEET = "HSCA_Active_Locations"
# A run of identical cells is stored once with a repeat count; trailing blank runs can claim
# thousands of columns, so repeats beyond the header's width are not expanded.
MAX_COLUMNS = 400

# CQC's region names, where they differ from the ONS names the hub uses.
REGIONS = {"East": "East of England", "Yorkshire & Humberside": "Yorkshire and The Humber"}


class CqcFileError(ValueError):
    """The file is not a CQC list we understand; the message says why."""


@dataclass(frozen=True)
class CqcRecord:
    location_id: str
    location_name: str
    provider_id: str
    provider_name: str
    address: str
    town: str
    postcode: str
    local_authority: str  # CQC's spelling, e.g. "Herefordshire, County of"
    region: str  # ONS name
    latitude: float | None = None
    longitude: float | None = None
    care_home: bool = False
    dormant: bool = False
    adult_social_care: bool = True
    service_types: tuple[str, ...] = ()
    regulated_activities: tuple[str, ...] = ()
    latest_rating: str = ""
    registered_on: dt.date | None = None
    companies_house_number: str = ""
    charity_number: str = ""


def region_name(cqc_name: str) -> str:
    return REGIONS.get(cqc_name.strip(), cqc_name.strip())


def read(stream: IO[bytes], file_name: str) -> tuple[str, Iterator[CqcRecord]]:
    """The file's format and a stream of its location records."""
    if file_name.lower().endswith(".ods"):
        return "hsca", _hsca(stream)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    for _ in range(10):  # the directory CSV has a few preamble lines before its header
        header = [cell.strip() for cell in next(reader, [])]
        if header[:2] == ["Name", "Also known as"]:
            return "directory", _directory(reader, header)
        if header[:2] == ["Name", "Address 1"]:
            return "search_export", _search_export(reader, header)
    raise CqcFileError(
        "This is not a CQC file: expected the care directory (.ods), the CQC directory CSV "
        "or a cqc.org.uk search export"
    )


def _cells(header: list[str], row: list[str]) -> dict[str, str]:
    if len(row) < len(header):
        row = row + [""] * (len(header) - len(row))
    return {name: value.strip() for name, value in zip(header, row, strict=False)}


def _require(header: list[str], needed: list[str]) -> None:
    missing = [name for name in needed if name not in header]
    if missing:
        raise CqcFileError(f"The file has no {', '.join(missing)} column")


def _search_export(reader: Iterator[list[str]], header: list[str]) -> Iterator[CqcRecord]:
    _require(header, ["CQC Location ID (for office use only)", "Postcode", "Provider name"])
    for row in reader:
        cell = _cells(header, row)
        location_id = cell["CQC Location ID (for office use only)"]
        if not location_id:
            continue  # provider-level rows ("Organisation", "Partnership")
        yield CqcRecord(
            location_id=location_id,
            location_name=cell["Name"],
            provider_id=cell["CQC Provider ID (for office use only)"],
            provider_name=cell["Provider name"],
            address=", ".join(v for v in (cell["Address 1"], cell["Address 2"]) if v),
            town=cell["Town/City"],
            postcode=normalise_postcode(cell["Postcode"]) or "",
            local_authority=cell["Local authority"],
            region=region_name(cell["Region"]),
            care_home="home" in cell["Service types"].lower(),
            service_types=_split(cell["Service types"]),
        )


def _directory(reader: Iterator[list[str]], header: list[str]) -> Iterator[CqcRecord]:
    _require(header, ["CQC Location ID (for office use only)", "Postcode", "Provider name"])
    for row in reader:
        cell = _cells(header, row)
        location_id = cell["CQC Location ID (for office use only)"]
        if not location_id:
            continue
        address = cell["Address"]
        yield CqcRecord(
            location_id=location_id,
            location_name=cell["Name"],
            provider_id=cell["CQC Provider ID (for office use only)"],
            provider_name=cell["Provider name"],
            address=address,
            town=address.rsplit(",", 1)[-1].strip() if "," in address else "",
            postcode=normalise_postcode(cell["Postcode"]) or "",
            local_authority=cell["Local authority"],
            region=region_name(cell["Region"]),
            care_home="home" in cell["Service types"].lower(),
            service_types=_split(cell["Service types"], separator="|"),
        )


def _split(value: str, separator: str = ",") -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(separator) if part.strip())


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _date(value: str) -> dt.date | None:
    """ISO dates (ODS date cells) or dd/mm/yyyy (text cells)."""
    value = value[:10]
    day_first = value.split("/")
    try:
        if len(day_first) == 3:
            return dt.date(int(day_first[2]), int(day_first[1]), int(day_first[0]))
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


HSCA_NEEDED = [
    "Location ID",
    "Location Name",
    "Provider ID",
    "Provider Name",
    "Location Postal Code",
    "Location Local Authority",
    "Location Region",
]


def _hsca(stream: IO[bytes]) -> Iterator[CqcRecord]:
    try:
        archive = zipfile.ZipFile(stream)
        content = archive.open("content.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise CqcFileError("This is not an OpenDocument spreadsheet (.ods)") from error
    header: list[str] | None = None
    for row in _ods_rows(content, HSCA_SHEET):
        if header is None:
            header = [name.strip() for name in row]
            _require(header, HSCA_NEEDED)
            activities = [n for n in header if n.startswith("Regulated activity - ")]
            services = [n for n in header if n.startswith("Service type - ")]
            continue
        cell = _cells(header, row)
        if not cell["Location ID"]:
            continue
        yield CqcRecord(
            location_id=cell["Location ID"],
            location_name=cell["Location Name"],
            provider_id=cell["Provider ID"],
            provider_name=cell["Provider Name"],
            address=", ".join(
                v
                for v in (
                    cell.get("Location Street Address", ""),
                    cell.get("Location Address Line 2", ""),
                )
                if v
            ),
            town=cell.get("Location City", ""),
            postcode=normalise_postcode(cell["Location Postal Code"]) or "",
            local_authority=cell["Location Local Authority"],
            region=region_name(cell["Location Region"]),
            latitude=_float(cell.get("Location Latitude", "")),
            longitude=_float(cell.get("Location Longitude", "")),
            care_home=cell.get("Care home?", "") == "Y",
            dormant=cell.get("Dormant (Y/N)", "") == "Y",
            adult_social_care=cell.get("Location Inspection Directorate", "")
            == "Adult social care",
            service_types=tuple(
                n.removeprefix("Service type - ") for n in services if cell[n] == "Y"
            ),
            regulated_activities=tuple(
                n.removeprefix("Regulated activity - ") for n in activities if cell[n] == "Y"
            ),
            latest_rating=cell.get("Location Latest Overall Rating", ""),
            registered_on=_date(cell.get("Location HSCA start date", "")),
            companies_house_number=cell.get("Provider Companies House Number", "").strip("-"),
            charity_number=cell.get("Provider Charity Number", "").strip("-"),
        )
    if header is None:
        raise CqcFileError(f"The spreadsheet has no {HSCA_SHEET} sheet")


def _ods_rows(content: IO[bytes], sheet: str) -> Iterator[list[str]]:
    """Rows of one sheet of an ODS content.xml, as lists of cell texts, streamed."""
    table_tag, row_tag = f"{{{TABLE_NS}}}table", f"{{{TABLE_NS}}}table-row"
    cell_tags = {f"{{{TABLE_NS}}}table-cell", f"{{{TABLE_NS}}}covered-table-cell"}
    name_attr = f"{{{TABLE_NS}}}name"
    repeat_attr = f"{{{TABLE_NS}}}number-columns-repeated"
    date_attr = f"{{{OFFICE_NS}}}date-value"
    in_sheet = False
    table = None
    for event, element in iterparse(content, events=("start", "end")):
        if event == "start":
            if element.tag == table_tag:
                in_sheet = element.get(name_attr) == sheet
                table = element
            continue
        if element.tag == row_tag and in_sheet:
            values: list[str] = []
            for cell in element:
                if cell.tag not in cell_tags:
                    continue
                text = cell.get(date_attr) or "\n".join(
                    "".join(p.itertext()) for p in cell.iter(f"{{{TEXT_NS}}}p")
                )
                repeat = int(cell.get(repeat_attr, "1"))
                values.extend([text] * min(repeat, MAX_COLUMNS - len(values)))
            while values and not values[-1]:
                values.pop()
            if values:
                yield values
            # Done with this row: drop it, so memory stays flat however long the sheet is.
            if table is not None:
                table.clear()
        elif element.tag == table_tag:
            in_sheet = False
            element.clear()
