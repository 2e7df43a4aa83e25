"""Where is a postcode? Offline, from the imported ONS postcode lookup."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carehub.lib.postcodes import normalise_postcode, outcode_of
from carehub.registers.models import Postcode, PostcodeDistrict


class Precision(StrEnum):
    POSTCODE = "postcode"  # the postcode's own centroid
    DISTRICT = "district"  # the centroid of its postcode district: a few km out in towns
    NONE = "none"


@dataclass(frozen=True)
class Location:
    postcode: str | None
    precision: Precision
    latitude: float | None = None
    longitude: float | None = None
    local_authority_code: str = ""  # upper tier, ONS code; empty below postcode precision
    terminated: bool = False


def geocode(text: str) -> Location:
    """Validate and normalise a UK postcode, then place it as precisely as the data allows.

    A terminated postcode still geocodes (people keep using old addresses), flagged as such.
    """
    postcode = normalise_postcode(text)
    if postcode is None:
        return Location(None, Precision.NONE)
    found = Postcode.objects.filter(postcode=postcode).first()
    if found is not None:
        return Location(
            postcode,
            Precision.POSTCODE,
            found.latitude,
            found.longitude,
            found.utla_code,
            found.terminated,
        )
    district = PostcodeDistrict.objects.filter(outcode=outcode_of(postcode)).first()
    if district is not None:
        return Location(postcode, Precision.DISTRICT, district.latitude, district.longitude)
    return Location(postcode, Precision.NONE)
