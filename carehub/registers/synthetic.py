"""Synthetic sponsor registers in the real file format, for tests, benchmarks and demo data.

Deterministic: the same arguments always give the same bytes. Organisation names are made
up; towns are real place names so geocoding has something to find.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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


# The care directory's columns, in order (Personal names included, as CQC publishes them;
# the importer never reads them).
HSCA_COLUMNS = (
    [
        "Location ID",
        "Location HSCA start date",
        "Dormant (Y/N)",
        "Care home?",
        "Location Name",
        "Location ODS Code",
        "Location Telephone Number",
        "Registered manager",
        "Location Web Address",
        "Care homes beds",
        "Location Type/Sector",
        "Location Inspection Directorate",
        "Location Primary Inspection Category",
        "Location Latest Overall Rating",
        "Publication Date",
        "Inherited Rating (Y/N)",
        "Location Region",
        "Location NHS Region",
        "Location Local Authority",
        "Location ONSPD CCG Code",
        "Location ONSPD CCG",
        "Location Commissioning CCG Code",
        "Location Commissioning CCG",
        "Location Street Address",
        "Location Address Line 2",
        "Location City",
        "Location County",
        "Location Postal Code",
        "Location PAF ID",
        "Location UPRN ID",
        "Location Latitude",
        "Location Longitude",
        "Location Parliamentary Constituency",
        "Brand ID",
        "Brand Name",
        "Provider Companies House Number",
        "Provider Charity Number",
        "Provider ID",
        "Provider Name",
        "Provider HSCA start date",
        "Provider Type/Sector",
        "Provider Inspection Directorate",
        "Provider Primary Inspection Category",
        "Provider Ownership Type",
        "Provider Telephone Number",
        "Provider Web Address",
        "Provider Street Address",
        "Provider Address Line 2",
        "Provider City",
        "Provider County",
        "Provider Postal Code",
        "Provider PAF ID",
        "Provider UPRN ID",
        "Provider Local Authority",
        "Provider Region",
        "Provider NHS Region",
        "Provider Latitude",
        "Provider Longitude",
        "Provider Parliamentary Constituency",
        "Provider Nominated Individual Name",
        "Provider Main Partner Name",
    ]
    + [
        f"Regulated activity - {name}"
        for name in [
            "Accommodation for persons who require nursing or personal care",
            "Accommodation for persons who require treatment for substance misuse",
            "Assessment or medical treatment for persons detained under the Mental Health Act 1983",
            "Diagnostic and screening procedures",
            "Family planning",
            "Management of supply of blood and blood derived products",
            "Maternity and midwifery services",
            "Nursing care",
            "Personal care",
            "Services in slimming clinics",
            "Surgical procedures",
            "Termination of pregnancies",
            "Transport services, triage and medical advice provided remotely",
            "Treatment of disease, disorder or injury",
        ]
    ]
    + [
        f"Service type - {name}"
        for name in [
            "Acute services with overnight beds",
            "Acute services without overnight beds",
            "Ambulance service",
            "Blood and Transplant service",
            "Care home service with nursing",
            "Care home service without nursing",
            "Community based services for people who misuse substances",
            "Community based services for people with a learning disability",
            "Community based services for people with mental health needs",
            "Community health care services - Nurses Agency only",
            "Community healthcare service",
            "Dental service",
            "Diagnostic and/or screening service",
            "Diagnostic and/or screening service - single handed sessional providers",
            "Doctors consultation service",
            "Doctors treatment service",
            "Domiciliary care service",
            "Extra Care housing services",
            "Hospice services",
            "Hospice services at home",
            "Hospital services for people with mental health needs, learning disabilities and "
            "problems with substance misuse",
            "Hyperbaric chamber",
            "Long term conditions services",
            "Mobile doctors service",
            "Prison Healthcare Services",
            "Rehabilitation services",
            "Remote clinical advice service",
            "Residential substance misuse treatment and rehabilitation service",
            "Shared Lives",
            "Specialist college service",
            "Supported housing service",
            "Supported living service",
            "Urgent care services",
        ]
    ]
    + [
        f"Service user band - {name}"
        for name in [
            "Children 0-18 years",
            "Dementia",
            "Learning disabilities or autistic spectrum disorder",
            "Mental Health",
            "Older People",
            "People detained under the Mental Health Act",
            "People who misuse drugs and alcohol",
            "People with an eating disorder",
            "Physical Disability",
            "Sensory Impairment",
            "Whole Population",
            "Younger Adults",
        ]
    ]
    + ["Location Dual Registered", "Primary ID (Dual registration locations)"]
)

WEST_MIDLANDS_LOCATIONS = [
    ("Birmingham", "B1 1AA", 52.4767, -1.9035),
    ("Worcestershire", "WR1 1AA", 52.19, -2.22),
    ("Herefordshire, County of", "HR1 1AA", 52.056, -2.716),
    ("Stoke-on-Trent", "ST1 1AA", 53.024, -2.177),
]


def hsca_rows(count: int) -> Iterator[dict[str, str]]:
    """Care directory rows: home-care agencies and care homes across four councils."""
    for number in range(count):
        council, postcode, lat, long = WEST_MIDLANDS_LOCATIONS[
            number % len(WEST_MIDLANDS_LOCATIONS)
        ]
        home = number % 2 == 0
        row = dict.fromkeys(HSCA_COLUMNS, "")
        row.update(
            {
                "Location ID": f"1-{100000000 + number}",
                "Location HSCA start date": "2015-06-01",
                "Dormant (Y/N)": "N",
                "Care home?": "Y" if home else "N",
                "Location Name": f"{FIRST[number % len(FIRST)]} {SECOND[number % len(SECOND)]} {number}",
                "Registered manager": "A Person",  # personal data: must never be imported
                "Location Inspection Directorate": "Adult social care",
                "Location Latest Overall Rating": ["Good", "Requires improvement", "Outstanding"][
                    number % 3
                ],
                "Location Region": "West Midlands",
                "Location Local Authority": council,
                "Location Street Address": f"{number} High Street",
                "Location City": council.split(",")[0],
                "Location Postal Code": postcode,
                "Location Latitude": str(lat),
                "Location Longitude": str(long),
                "Brand Name": "-",
                "Provider Companies House Number": f"{10000000 + number // 3}",
                "Provider ID": f"1-{200000000 + number // 3}",
                "Provider Name": f"{FIRST[(number // 3) % len(FIRST)]} Care Group {number // 3} Ltd",
                "Provider Nominated Individual Name": "B Person",
                "Regulated activity - Personal care": "Y",
                "Regulated activity - Accommodation for persons who require nursing or personal care": "Y"
                if home
                else "",
                "Service type - Care home service without nursing": "Y" if home else "",
                "Service type - Domiciliary care service": "" if home else "Y",
                "Service user band - Older People": "Y",
            }
        )
        yield row


def hsca_ods(rows: Iterable[dict[str, str]], target: Any) -> None:
    """Write an OpenDocument spreadsheet like CQC's, streaming rows into the zip."""
    from xml.sax.saxutils import escape, quoteattr

    def cell(value: str) -> str:
        if not value:
            return "<table:table-cell/>"
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return (
                f'<table:table-cell office:value-type="date" office:date-value={quoteattr(value)}>'
                f"<text:p>{escape(value)}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'

    def row(values: list[str]) -> str:
        return "<table:table-row>" + "".join(cell(v) for v in values) + "</table:table-row>"

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        with archive.open("content.xml", "w") as content:
            content.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
                b'<table:table table:name="README"><table:table-row><table:table-cell office:value-type="string">'
                b"<text:p>Active locations for providers registered under the HSCA</text:p></table:table-cell>"
                b"</table:table-row></table:table>"
                b'<table:table table:name="HSCA_Active_Locations">'
            )
            content.write(row(HSCA_COLUMNS).encode())
            for values in rows:
                content.write(row([values[name] for name in HSCA_COLUMNS]).encode())
            # Trailing blank cells, as spreadsheets write them.
            content.write(
                b'<table:table-row><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
            )
            content.write(
                b"</table:table></office:spreadsheet></office:body></office:document-content>"
            )
