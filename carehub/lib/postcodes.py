"""UK postcodes: validation and normalisation (pure, no Django)."""

from __future__ import annotations

import re

# Outward code (area letters, district) then inward code (sector digit, unit letters).
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(text: str) -> str | None:
    """`b11aa`, ` B1  1AA ` -> `B1 1AA`; None if it is not a postcode's shape."""
    compact = re.sub(r"\s+", "", text or "").upper()
    match = POSTCODE.match(compact)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


def outcode_of(postcode: str) -> str:
    """The outward code (postcode district) of a normalised postcode: `B1 1AA` -> `B1`."""
    return postcode.split(" ", 1)[0]


def normalise_outcode(text: str) -> str | None:
    compact = re.sub(r"\s+", "", text or "").upper()
    return compact if OUTCODE.match(compact) else None
