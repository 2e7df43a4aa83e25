"""Great-circle distances between geocoded points (pure).

The distance is the haversine distance, computed from 3-D unit vectors: with p and q on the
unit sphere, the chord |p - q| equals 2·sqrt(hav θ), so d = 2R·asin(|p - q| / 2) is the
haversine formula. Unit vectors are what the k-d tree indexes, so candidate search and the
gate use the same geometry. The single-pair path and the vectorised path run the same numpy
code, so they give bit-identical distances (the tests check it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Mean Earth radius (IUGG, 6,371.0088 km) in statute miles: geometry, not policy.
EARTH_RADIUS_MILES = 6371.0088 / 1.609344


def unit_vectors(points: Sequence[tuple[float | None, float | None]]) -> FloatArray:
    """(n, 3) unit vectors; NaN rows for points not geocoded. numpy's float64 sin/cos give
    the same bits for an array of one as for a long one (tested), so one code path serves."""
    latlon = np.array(
        [
            (lat, lon) if lat is not None and lon is not None else (math.nan, math.nan)
            for lat, lon in points
        ],
        dtype=np.float64,
    ).reshape(len(points), 2)
    phi, lam = np.radians(latlon[:, 0]), np.radians(latlon[:, 1])
    cos_phi = np.cos(phi)
    return np.stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)], axis=1)


def chord_for_miles(miles: float) -> float:
    """The straight-line (chord) length on the unit sphere for a great-circle distance."""
    return 2.0 * math.sin(min(miles / EARTH_RADIUS_MILES, math.pi) / 2.0)


def miles_between(a: FloatArray, b: FloatArray) -> FloatArray:
    """Great-circle miles between row-matched unit vectors a[i] and b[i]."""
    dx = a[:, 0] - b[:, 0]
    dy = a[:, 1] - b[:, 1]
    dz = a[:, 2] - b[:, 2]
    half_chord = np.sqrt(dx * dx + dy * dy + dz * dz) / 2.0
    return 2.0 * EARTH_RADIUS_MILES * np.arcsin(np.minimum(half_chord, 1.0))
