"""Approximate map positions for the postcode districts the demo uses, so distances work
without importing the ONS postcode lookup. Rounded town-centre positions, for demonstration
only: a deployment imports the real centroids (`import_postcodes`)."""

from __future__ import annotations

from carehub.registers.models import PostcodeDistrict

DEMO_OUTCODES = {
    "B1": (52.480, -1.903),
    "B8": (52.487, -1.847),
    "B12": (52.466, -1.885),
    "B15": (52.466, -1.915),
    "B23": (52.527, -1.843),
    "B29": (52.436, -1.941),
    "B70": (52.518, -1.995),
    "B71": (52.533, -1.985),
    "CV1": (52.408, -1.510),
    "CV11": (52.522, -1.466),
    "CV34": (52.282, -1.584),
    "ST1": (53.026, -2.176),
    "ST4": (53.004, -2.180),
    "TF1": (52.703, -2.517),
    "TF3": (52.677, -2.441),
    "WR1": (52.193, -2.222),
    "WR5": (52.186, -2.196),
}


def seed_places() -> dict[str, int]:
    for outcode, (latitude, longitude) in DEMO_OUTCODES.items():
        PostcodeDistrict.objects.get_or_create(
            outcode=outcode, defaults={"latitude": latitude, "longitude": longitude}
        )
    return {"postcode districts": PostcodeDistrict.objects.count()}
