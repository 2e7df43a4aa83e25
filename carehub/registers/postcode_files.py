"""Reading postcode files (pure: no database).

Three shapes are understood, told apart by their header:
- the ONS National Statistics Postcode Lookup / ONS Postcode Directory, whose column names
  carry a release suffix (`lad25cd`, `rgn25cd`; older files `oslaua`, `rgn`), matched by pattern;
- a plain `postcode,lat,long` file;
- postcode district centroids: `outcode,…,lat,long`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from carehub.lib.postcodes import normalise_outcode, normalise_postcode, outcode_of

NOT_IN_A_COUNTY = "E99999999"


class PostcodeFileError(ValueError):
    """The file is not a postcode file we understand; the message says why."""


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str
    latitude: float
    longitude: float
    lad_code: str = ""
    utla_code: str = ""
    region_code: str = ""
    terminated: bool = False

    @property
    def outcode(self) -> str:
        return outcode_of(self.postcode)


@dataclass(frozen=True)
class DistrictRow:
    outcode: str
    latitude: float
    longitude: float


def optional_column(header: list[str], *patterns: str) -> int | None:
    for pattern in patterns:
        for index, name in enumerate(header):
            if re.fullmatch(pattern, name.strip().lower()):
                return index
    return None


def column(header: list[str], *patterns: str) -> int:
    index = optional_column(header, *patterns)
    if index is None:
        raise PostcodeFileError(
            f"No column matching {' or '.join(patterns)} in the header: {', '.join(header)}"
        )
    return index


def kind_of(header: list[str]) -> str:
    names = {name.strip().lower() for name in header}
    if "outcode" in names:
        return "districts"
    if {"lat", "long"} <= names and names & {"pcds", "pcd", "pcd7", "pcd8", "postcode"}:
        return "postcodes"
    raise PostcodeFileError(
        f"This is not a postcode file: the header is {', '.join(header) or 'empty'}"
    )


def coordinates(lat: str, long: str) -> tuple[float, float] | None:
    """ONS marks postcodes with no grid reference as 99.999999 / 0."""
    try:
        latitude, longitude = float(lat), float(long)
    except ValueError:
        return None
    if latitude > 90 or (latitude == 0 and longitude == 0):
        return None
    return latitude, longitude


def read(text_stream: io.TextIOBase) -> tuple[str, Iterator[PostcodeRow | DistrictRow]]:
    """The file's kind and a stream of its rows (the ONS file is ~1 GB: never load it)."""
    reader = csv.reader(text_stream)
    header = [name.lstrip("\ufeff") for name in next(reader, [])]
    kind = kind_of(header)
    if kind == "districts":
        return kind, _districts(reader, header)
    return kind, _postcodes(reader, header)


def _districts(reader: Iterator[list[str]], header: list[str]) -> Iterator[DistrictRow]:
    outcode, lat, long = (column(header, name) for name in ("outcode", "lat", "long"))
    for number, cells in enumerate(reader, start=2):
        code = normalise_outcode(cells[outcode])
        point = coordinates(cells[lat], cells[long])
        if code is None:
            raise PostcodeFileError(f"Line {number}: {cells[outcode]!r} is not a postcode district")
        if point is not None:
            yield DistrictRow(code, *point)


def _postcodes(reader: Iterator[list[str]], header: list[str]) -> Iterator[PostcodeRow]:
    code = column(header, "pcds", "postcode", "pcd8", "pcd7", "pcd")
    lat, long = column(header, "lat"), column(header, "long")
    lad = optional_column(header, r"lad\d\dcd", "oslaua")
    county = optional_column(header, r"cty\d\dcd", "oscty")
    region = optional_column(header, r"rgn\d\dcd", "rgn")
    ended = optional_column(header, "doterm")
    for number, cells in enumerate(reader, start=2):
        if len(cells) < len(header):
            raise PostcodeFileError(f"Line {number} is cut short: the file may be incomplete")
        postcode = normalise_postcode(cells[code])
        if postcode is None:
            continue  # non-geographic and special codes (e.g. GIR 0AA)
        point = coordinates(cells[lat], cells[long])
        if point is None:
            continue
        lad_code = cells[lad].strip() if lad is not None else ""
        county_code = cells[county].strip() if county is not None else ""
        yield PostcodeRow(
            postcode=postcode,
            latitude=point[0],
            longitude=point[1],
            lad_code=lad_code,
            # Upper tier: the county where there is one, else the district (a unitary).
            utla_code=county_code if county_code and county_code != NOT_IN_A_COUNTY else lad_code,
            region_code=cells[region].strip() if region is not None else "",
            terminated=bool(ended is not None and cells[ended].strip()),
        )
