"""A naive reference for the matching engine (plain Python loops over every pair, the
textbook haversine, no numpy), the random instances the tests and the benchmark share, and
the checks that the engine's pairs and shortlists are the reference's.

No database: the matching package imports without Django.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from decimal import Decimal

import pytest

from carehub.vacancies.matching import (
    COMPONENTS,
    Rules,
    VacancyProfile,
    Weights,
    WorkerProfile,
    feasible_pairs,
    top_k_for_vacancies,
    top_k_for_workers,
)

TODAY = dt.date(2026, 11, 30)
RULES = Rules(
    today=TODAY,
    hourly_floor=Decimal("12.82"),
    annual_floor=Decimal("25000.00"),
    care_soc_codes=frozenset({"6135", "6136"}),
    weights=Weights(
        distance=30,
        experience=15,
        setting=10,
        qualifications=10,
        languages=5,
        hours=10,
        urgency=20,
    ),
    max_hours_gap=10,
    default_travel_miles=10,
    experience_full_years=5,
    urgency_horizon_days=90,
)
SETTINGS = ("residential", "nursing", "home_care", "supported_living", "day_services")
LANGUAGES = ("hindi", "tagalog", "malayalam", "urdu", "punjabi", "yoruba", "shona", "nepali")


def random_worker(
    rng: random.Random, id: int, lat: float, lon: float, spread: float
) -> WorkerProfile:
    def maybe(value: object, p_none: float = 0.1) -> object:
        return None if rng.random() < p_none else value

    located = rng.random() > 0.03
    return WorkerProfile(
        id=id,
        lat=lat + rng.gauss(0, spread) if located else None,
        lon=lon + rng.gauss(0, spread * 1.6) if located else None,
        travel_miles=maybe(rng.choice([0, 5, 8, 10, 15, 20, 30])),  # type: ignore[arg-type]
        driving_licence=maybe(rng.random() < 0.4),  # type: ignore[arg-type]
        has_car=maybe(rng.random() < 0.3),  # type: ignore[arg-type]
        english_level=maybe(rng.randrange(4), 0.05),  # type: ignore[arg-type]
        hours_wanted=maybe(rng.choice([20, 30, 37.5, 40, 45, 48])),  # type: ignore[arg-type]
        earliest_start=maybe(TODAY + dt.timedelta(rng.randrange(-10, 40)), 0.3),  # type: ignore[arg-type]
        deadline=maybe(TODAY + dt.timedelta(rng.randrange(-5, 200))),  # type: ignore[arg-type]
        years_in_care=maybe(rng.choice([0, 0.5, 1, 2, 3, 5, 8, 12])),  # type: ignore[arg-type]
        settings=frozenset(rng.sample(SETTINGS, rng.randrange(0, 3))),
        care_certificate=maybe(rng.random() < 0.6),  # type: ignore[arg-type]
        level2=maybe(rng.random() < 0.4),  # type: ignore[arg-type]
        languages=frozenset(rng.sample(LANGUAGES, rng.randrange(0, 3))),
        soc_codes=rng.choice([frozenset(), frozenset({"6135"}), frozenset({"6135", "6136"})]),
        eligible=rng.random() < 0.9,
        consents=rng.random() < 0.9,
    )


def random_vacancy(
    rng: random.Random, id: int, lat: float, lon: float, spread: float
) -> VacancyProfile:
    hours = rng.choice([20, 30, 37.5, 39, 40, 42, 48])
    # Most pay at or above the floor; some just under, and some exactly on it.
    hourly = rng.choice(
        [Decimal("12.82"), Decimal("12.81"), Decimal("12.50")]
        + [Decimal("12.82") + Decimal(rng.randrange(0, 300)) / 100] * 5
    )
    located = rng.random() > 0.03
    return VacancyProfile(
        id=id,
        lat=lat + rng.gauss(0, spread) if located else None,
        lon=lon + rng.gauss(0, spread * 1.6) if located else None,
        sponsored_role=rng.random() < 0.93,
        soc_code=rng.choice(["6135", "6135", "6135", "6136", "6145"]),
        hours_per_week=hours,
        hourly_rate=hourly,
        annual_salary=(hourly * Decimal(str(hours)) * 52).quantize(Decimal("0.01")),
        driving_required=rng.random() < 0.25,
        car_required=rng.random() < 0.2,
        english_needed=rng.choice([0, 1, 1, 1, 2, 2, 3]),
        start_date=TODAY + dt.timedelta(rng.randrange(-20, 90)),
        positions=rng.choice([0, 1, 1, 1, 1, 2, 2, 3]),
        setting=rng.choice(SETTINGS),
        languages_wanted=frozenset(rng.sample(LANGUAGES, rng.choice([0, 0, 0, 1, 2]))),
        provider_can_sponsor=rng.random() < 0.9,
        provider_restricted=rng.random() < 0.05,
    )


def random_instance(
    seed: int, workers: int, vacancies: int, *, spread: float = 0.15
) -> tuple[list[WorkerProfile], list[VacancyProfile]]:
    """Workers and vacancies scattered around one point (spread in degrees of latitude)."""
    rng = random.Random(seed)
    lat, lon = 52.48, -1.89
    w = [random_worker(rng, 1 + rng.randrange(10**6), lat, lon, spread) for _ in range(workers)]
    v = [random_vacancy(rng, 1 + rng.randrange(10**6), lat, lon, spread) for _ in range(vacancies)]
    # Ids unique, in no particular order.
    return (
        list({x.id: x for x in w}.values()),
        list({x.id: x for x in v}.values()),
    )


# --- the naive reference ---------------------------------------------------------------


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * (6371.0088 / 1.609344) * math.asin(min(1.0, math.sqrt(h)))


def naive_pair(w: WorkerProfile, v: VacancyProfile, rules: Rules) -> tuple[float, float] | None:
    """(distance, total score) when every gate passes, else None: written out longhand."""
    if not (w.eligible and w.consents):
        return None
    if not v.provider_can_sponsor or v.provider_restricted:
        return None
    if not v.sponsored_role or v.soc_code not in rules.care_soc_codes:
        return None
    if v.hourly_rate < rules.hourly_floor or v.annual_salary < rules.annual_floor:
        return None
    if v.positions < 1:
        return None
    if w.lat is None or w.lon is None or v.lat is None or v.lon is None:
        return None
    limit = float(w.travel_miles if w.travel_miles is not None else rules.default_travel_miles)
    d = haversine_miles(w.lat, w.lon, v.lat, v.lon)
    if d > limit:
        return None
    if v.driving_required and w.driving_licence is not True:
        return None
    if v.car_required and w.has_car is not True:
        return None
    if w.english_level is None or w.english_level < v.english_needed:
        return None
    if w.soc_codes and v.soc_code not in w.soc_codes:
        return None
    if w.hours_wanted is not None and abs(w.hours_wanted - v.hours_per_week) > rules.max_hours_gap:
        return None
    start = max(v.start_date, w.earliest_start or v.start_date, rules.today)
    if w.deadline is not None and not start < w.deadline:
        return None
    values = {
        "distance": 1 - d / limit if limit > 0 else 1.0,
        "experience": min(w.years_in_care or 0, rules.experience_full_years)
        / rules.experience_full_years,
        "setting": 1.0 if v.setting in w.settings else 0.0,
        "qualifications": ((w.care_certificate is True) + (w.level2 is True)) / 2,
        "languages": (
            len(v.languages_wanted & w.languages) / len(v.languages_wanted)
            if v.languages_wanted
            else 0.0
        ),
        "hours": (
            0.0
            if w.hours_wanted is None
            else (1 - abs(w.hours_wanted - v.hours_per_week) / rules.max_hours_gap)
            if rules.max_hours_gap > 0
            else 1.0
        ),
        "urgency": (
            0.0
            if w.deadline is None
            else min(
                1.0, max(0.0, 1 - (w.deadline - rules.today).days / rules.urgency_horizon_days)
            )
        ),
    }
    weights = dict(zip(COMPONENTS, rules.weights.as_tuple(), strict=True))
    total = sum(min(1.0, max(0.0, values[c])) * weights[c] for c in COMPONENTS)
    return d, total


def naive_pairs(
    workers: Sequence[WorkerProfile], vacancies: Sequence[VacancyProfile], rules: Rules
) -> dict[tuple[int, int], tuple[float, float]]:
    found = {}
    for w in workers:
        for v in vacancies:
            result = naive_pair(w, v, rules)
            if result is not None:
                found[(w.id, v.id)] = result
    return found


def naive_top_k(
    pairs: dict[tuple[int, int], tuple[float, float]], k: int, *, by_worker: bool
) -> dict[int, list[int]]:
    lists: dict[int, list[tuple[float, int]]] = {}
    for (wid, vid), (_d, total) in pairs.items():
        owner, other = (wid, vid) if by_worker else (vid, wid)
        lists.setdefault(owner, []).append((-total, other))
    return {owner: [other for _t, other in sorted(items)[:k]] for owner, items in lists.items()}


# --- the checks ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_the_engine_finds_exactly_the_reference_pairs_and_shortlists(seed):
    workers, vacancies = random_instance(seed, 120, 80)
    expected = naive_pairs(workers, vacancies, RULES)
    pairs = feasible_pairs(workers, vacancies, RULES)
    found = dict(
        zip(
            zip(pairs.worker_ids.tolist(), pairs.vacancy_ids.tolist(), strict=True),
            zip(pairs.distance.tolist(), pairs.total.tolist(), strict=True),
            strict=True,
        )
    )
    assert found.keys() == expected.keys()
    assert len(found) > 50  # the instance is not trivially empty
    for key, (distance, total) in expected.items():
        assert found[key][0] == pytest.approx(distance, rel=1e-9, abs=1e-9)
        assert found[key][1] == pytest.approx(total, rel=1e-9, abs=1e-9)
    for k in (1, 3, 10):
        by_worker = {
            o: [x for x, _ in items] for o, items in top_k_for_workers(pairs, k).as_dict().items()
        }
        by_vacancy = {
            o: [x for x, _ in items] for o, items in top_k_for_vacancies(pairs, k).as_dict().items()
        }
        assert by_worker == naive_top_k(expected, k, by_worker=True)
        assert by_vacancy == naive_top_k(expected, k, by_worker=False)
