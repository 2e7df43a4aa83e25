"""How well a feasible pair fits: seven components, each 0..1, times its weight (pure).

`component_points` is the one implementation, over arrays; the single-pair path calls it
with arrays of length one, so a page's explanation and the national run agree to the bit.
Components, each visible to the caseworker:

- distance: 1 at the door, 0 at the worker's travel limit (linear);
- experience: years in care, full marks at `Rules.experience_full_years`;
- setting: 1 if the worker has worked in the job's type of service;
- qualifications: half for the Care Certificate, half for Level 2;
- languages: the share of the languages the provider wants that the worker speaks;
- hours: 1 for exactly the hours wanted, 0 at `Rules.max_hours_gap` away (0 if unknown);
- urgency: 0 at `Rules.urgency_horizon_days` or more days left, rising to 1 on the day;
  it is the worker's alone, so in the regional assignment it is what serving this worker at
  all is worth, and workers nearest their deadline win contested places.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carehub.vacancies.matching.model import (
    COMPONENTS,
    Rules,
    Score,
    VacancyProfile,
    WorkerProfile,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def component_points(
    *,
    distance: FloatArray,
    limit: FloatArray,
    years: FloatArray,
    has_setting: BoolArray,
    care_certificate: BoolArray,
    level2: BoolArray,
    languages_matched: IntArray,
    languages_wanted: IntArray,
    hours_wanted: FloatArray,  # NaN: not recorded
    hours_offered: FloatArray,
    days_left: IntArray,
    has_deadline: BoolArray,
    rules: Rules,
) -> tuple[FloatArray, FloatArray]:
    """(points (n, 7) in COMPONENTS order, total (n,)) for n feasible pairs."""
    gap = rules.max_hours_gap
    # A gap of 0 lets through only exact hours (the gate), which fit fully.
    hours_fit = 1.0 - np.abs(hours_wanted - hours_offered) / gap if gap > 0 else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (
            np.where(limit > 0, 1.0 - distance / np.where(limit > 0, limit, 1.0), 1.0),
            np.minimum(years, rules.experience_full_years) / rules.experience_full_years,
            has_setting.astype(np.float64),
            (care_certificate.astype(np.float64) + level2.astype(np.float64)) / 2.0,
            np.where(
                languages_wanted > 0, languages_matched / np.maximum(languages_wanted, 1), 0.0
            ),
            np.where(np.isnan(hours_wanted), 0.0, hours_fit),
            np.where(
                has_deadline,
                np.clip(1.0 - days_left / rules.urgency_horizon_days, 0.0, 1.0),
                0.0,
            ),
        )
    weights = rules.weights.as_tuple()
    n = distance.shape[0]
    points = np.empty((n, len(COMPONENTS)), dtype=np.float64)
    total = np.zeros(n, dtype=np.float64)
    # Added one component at a time, in a fixed order: the same sum for one pair or many.
    for column, (value, weight) in enumerate(zip(values, weights, strict=True)):
        points[:, column] = np.clip(value, 0.0, 1.0) * weight
        total = total + points[:, column]
    return points, total


def describe(
    worker: WorkerProfile,
    vacancy: VacancyProfile,
    distance: float,
    points: FloatArray,
    total: float,
    rules: Rules,
) -> Score:
    """The score with a plain-English line per component (points from `component_points`)."""
    limit = worker.travel_miles if worker.travel_miles is not None else rules.default_travel_miles
    years = worker.years_in_care
    wanted = sorted(vacancy.languages_wanted)
    spoken = [lang for lang in wanted if lang in worker.languages]
    quals = [
        name
        for name, held in (
            ("Care Certificate", worker.care_certificate),
            ("Level 2", worker.level2),
        )
        if held is True
    ]
    if worker.deadline is None:
        urgency = "No running deadline"
    else:
        urgency = f"{(worker.deadline - rules.today).days} days left before the deadline"
    texts = {
        "distance": f"{distance:.1f} miles of a {float(limit):g}-mile travel limit",
        "experience": (
            "Years in care not recorded"
            if years is None
            else f"{years:g} years in care (full points at {rules.experience_full_years:g})"
        ),
        "setting": (
            f"Has worked in {vacancy.setting.replace('_', ' ')}"
            if vacancy.setting in worker.settings
            else f"Has not worked in {vacancy.setting.replace('_', ' ')}"
        ),
        "qualifications": " and ".join(quals) if quals else "No Care Certificate or Level 2",
        "languages": (
            "The provider asked for no other languages"
            if not wanted
            else f"Speaks {len(spoken)} of the languages asked for ({', '.join(wanted)})"
        ),
        "hours": (
            "Hours wanted not recorded"
            if worker.hours_wanted is None
            else f"Wants {float(worker.hours_wanted):g} hours a week; the job offers "
            f"{float(vacancy.hours_per_week):g}"
        ),
        "urgency": urgency,
    }
    return Score(
        total=float(total),
        components={name: float(points[i]) for i, name in enumerate(COMPONENTS)},
        explanations=texts,
    )
