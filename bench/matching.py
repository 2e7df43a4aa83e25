"""Benchmark: the matching engine on a national pool (issue 5 targets: 50,000 pool workers
x 20,000 vacancies with 30,000 positions; gates, scoring, top-10 both ways and the regional
assignment in <= 3 s median over >= 3 runs on 2 cores, peak memory <= 1.5 GB; >= 100x the
pairs per second of a naive reference, with identical shortlists).

Data is synthetic but shaped like England: workers and vacancies clustered around 46 towns
(approximate public centroids, weighted by size), travel limits mostly 5-15 miles, a
quarter of jobs needing a driver, pay mostly at or above the floor. No real data is read.

    DEBUG=True .venv/bin/python -m bench.matching

Profiles are built before the clock starts (in the app they come from the ORM).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from carehub.vacancies.matching import (
    Rules,
    VacancyProfile,
    Weights,
    WorkerProfile,
    assign,
    feasible_pairs,
    top_k_for_vacancies,
    top_k_for_workers,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "50000"))
VACANCIES = int(os.environ.get("BENCH_VACANCIES", "20000"))
POSITIONS = int(os.environ.get("BENCH_POSITIONS", "30000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
NAIVE_WORKERS, NAIVE_VACANCIES = 2000, 1000
TODAY = dt.date(2026, 11, 30)

# (town, region, latitude, longitude, relative size): approximate public centroids.
TOWNS = [
    ("London", "London", 51.507, -0.128, 8.0),
    ("Birmingham", "West Midlands", 52.486, -1.890, 3.0),
    ("Manchester", "North West", 53.481, -2.243, 3.0),
    ("Leeds", "Yorkshire and the Humber", 53.801, -1.549, 2.5),
    ("Liverpool", "North West", 53.408, -2.992, 2.0),
    ("Sheffield", "Yorkshire and the Humber", 53.381, -1.470, 2.0),
    ("Bristol", "South West", 51.455, -2.588, 2.0),
    ("Newcastle upon Tyne", "North East", 54.978, -1.618, 2.0),
    ("Nottingham", "East Midlands", 52.955, -1.158, 1.5),
    ("Leicester", "East Midlands", 52.637, -1.140, 1.5),
    ("Coventry", "West Midlands", 52.407, -1.520, 1.2),
    ("Bradford", "Yorkshire and the Humber", 53.796, -1.759, 1.2),
    ("Stoke-on-Trent", "West Midlands", 53.003, -2.179, 1.0),
    ("Wolverhampton", "West Midlands", 52.587, -2.129, 1.0),
    ("Plymouth", "South West", 50.376, -4.143, 1.0),
    ("Southampton", "South East", 50.910, -1.404, 1.0),
    ("Portsmouth", "South East", 50.820, -1.088, 1.0),
    ("Derby", "East Midlands", 52.923, -1.475, 1.0),
    ("Hull", "Yorkshire and the Humber", 53.768, -0.327, 1.0),
    ("Reading", "South East", 51.454, -0.978, 1.0),
    ("Brighton", "South East", 50.823, -0.137, 1.0),
    ("Milton Keynes", "South East", 52.041, -0.759, 0.8),
    ("Northampton", "East Midlands", 52.241, -0.903, 0.8),
    ("Norwich", "East of England", 52.631, 1.297, 0.8),
    ("Luton", "East of England", 51.879, -0.420, 0.8),
    ("Bournemouth", "South West", 50.719, -1.881, 0.8),
    ("Swindon", "South West", 51.556, -1.780, 0.7),
    ("Peterborough", "East of England", 52.570, -0.241, 0.7),
    ("Oxford", "South East", 51.752, -1.258, 0.7),
    ("Cambridge", "East of England", 52.205, 0.122, 0.7),
    ("Preston", "North West", 53.763, -2.703, 0.7),
    ("Middlesbrough", "North East", 54.574, -1.235, 0.7),
    ("Sunderland", "North East", 54.907, -1.384, 0.7),
    ("York", "Yorkshire and the Humber", 53.960, -1.087, 0.6),
    ("Exeter", "South West", 50.718, -3.534, 0.6),
    ("Gloucester", "South West", 51.864, -2.238, 0.6),
    ("Ipswich", "East of England", 52.057, 1.148, 0.6),
    ("Chelmsford", "East of England", 51.736, 0.469, 0.6),
    ("Maidstone", "South East", 51.272, 0.529, 0.6),
    ("Blackpool", "North West", 53.818, -3.036, 0.5),
    ("Lincoln", "East Midlands", 53.231, -0.541, 0.5),
    ("Worcester", "West Midlands", 52.194, -2.222, 0.5),
    ("Telford", "West Midlands", 52.678, -2.445, 0.5),
    ("Shrewsbury", "West Midlands", 52.707, -2.755, 0.4),
    ("Canterbury", "South East", 51.280, 1.079, 0.4),
    ("Carlisle", "North West", 54.893, -2.933, 0.4),
]
SETTINGS = ["residential", "nursing", "home_care", "supported_living", "day_services"]
LANGUAGES = ["hindi", "tagalog", "malayalam", "urdu", "punjabi", "yoruba", "shona", "twi",
             "nepali", "tamil", "gujarati", "arabic", "bengali", "swahili"]  # fmt: skip
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
MILES_PER_DEGREE_LAT = 69.0
T = TypeVar("T")


def _place(rng: random.Random) -> tuple[str, float, float]:
    """(region, lat, lon) around a town chosen by size, spread wider for bigger towns."""
    _name, region, lat, lon, size = rng.choices(TOWNS, weights=[t[4] for t in TOWNS])[0]
    sigma_miles = 2.0 + 1.5 * math.sqrt(size)
    return (
        region,
        lat + rng.gauss(0, sigma_miles) / MILES_PER_DEGREE_LAT,
        lon + rng.gauss(0, sigma_miles) / (MILES_PER_DEGREE_LAT * math.cos(math.radians(lat))),
    )


def _maybe(rng: random.Random, value: T, p_none: float = 0.1) -> T | None:
    return None if rng.random() < p_none else value


def make_workers(n: int, seed: int = 1) -> tuple[list[WorkerProfile], list[str]]:
    """Workers and the region (partnership) each belongs to."""
    rng = random.Random(seed)
    workers, regions = [], []
    for i in range(n):
        region, lat, lon = _place(rng)
        regions.append(region)
        licence = _maybe(rng, rng.random() < 0.35)
        workers.append(
            WorkerProfile(
                id=i + 1,
                lat=lat if rng.random() > 0.02 else None,
                lon=lon,
                travel_miles=_maybe(
                    rng, rng.choices([5, 8, 10, 15, 20, 30], [20, 15, 30, 20, 10, 5])[0], 0.05
                ),
                driving_licence=licence,
                has_car=bool(licence) and rng.random() < 0.6,
                english_level=_maybe(rng, rng.choices(range(4), [10, 35, 40, 15])[0], 0.05),
                hours_wanted=_maybe(rng, rng.choice([20.0, 30.0, 37.5, 40.0, 45.0, 48.0])),
                earliest_start=_maybe(rng, TODAY + dt.timedelta(rng.randrange(0, 30)), 0.3),
                deadline=_maybe(rng, TODAY + dt.timedelta(rng.randrange(5, 180))),
                years_in_care=_maybe(rng, float(rng.randrange(0, 11))),
                settings=frozenset(rng.sample(SETTINGS, rng.randrange(1, 4))),
                care_certificate=rng.random() < 0.6,
                level2=rng.random() < 0.4,
                languages=frozenset(rng.sample(LANGUAGES, rng.randrange(1, 3))),
                soc_codes=rng.choices(
                    [frozenset({"6135"}), frozenset({"6135", "6136"}), frozenset()], [60, 30, 10]
                )[0],
                eligible=rng.random() < 0.85,
                consents=rng.random() < 0.9,
            )
        )
    return workers, regions


def make_vacancies(n: int, positions: int, seed: int = 2) -> tuple[list[VacancyProfile], list[str]]:
    """Vacancies (positions spread over them) and the region each belongs to."""
    rng = random.Random(seed)
    counts = [1] * n
    for _ in range(positions - n):
        counts[rng.randrange(n)] += 1
    vacancies, regions = [], []
    for i in range(n):
        region, lat, lon = _place(rng)
        regions.append(region)
        hours = rng.choice([30.0, 37.5, 39.0, 40.0, 42.0, 45.0, 48.0])
        hourly = (
            Decimal("12.82") + Decimal(rng.randrange(0, 300)) / 100
            if rng.random() < 0.88
            else Decimal("12.82") - Decimal(rng.randrange(1, 80)) / 100
        )
        home_care = rng.random() < 0.3
        vacancies.append(
            VacancyProfile(
                id=i + 1,
                lat=lat,
                lon=lon,
                sponsored_role=rng.random() < 0.95,
                soc_code=rng.choices(["6135", "6136"], [80, 20])[0],
                hours_per_week=hours,
                hourly_rate=hourly,
                annual_salary=(hourly * Decimal(str(hours)) * 52).quantize(Decimal("0.01")),
                driving_required=home_care and rng.random() < 0.8,
                car_required=home_care and rng.random() < 0.6,
                english_needed=rng.choices(range(4), [5, 55, 35, 5])[0],
                start_date=TODAY + dt.timedelta(rng.randrange(0, 60)),
                positions=counts[i],
                setting="home_care" if home_care else rng.choice(SETTINGS),
                languages_wanted=frozenset(rng.sample(LANGUAGES, 1))
                if rng.random() < 0.15
                else frozenset(),
                provider_can_sponsor=rng.random() < 0.85,
                provider_restricted=rng.random() < 0.02,
            )
        )
    return vacancies, regions


def full_run(
    workers: list[WorkerProfile],
    vacancies: list[VacancyProfile],
    worker_region: npt.NDArray[np.int64],
    vacancy_region: npt.NDArray[np.int64],
) -> tuple[dict[str, float], int, int]:
    """One run of everything, timed by phase: (seconds by phase, pairs, introductions).
    Shortlists are national; the assignment is per partnership region (pairs whose worker
    and vacancy are in the same region), as the hub's data are partnership-scoped."""
    timings = {}
    started = time.perf_counter()
    pairs = feasible_pairs(workers, vacancies, RULES)
    timings["gates and scores"] = time.perf_counter() - started
    mark = time.perf_counter()
    top_k_for_workers(pairs, 10)
    top_k_for_vacancies(pairs, 10)
    timings["top-10 both ways"] = time.perf_counter() - mark
    mark = time.perf_counter()
    proposals = assign(pairs.subset(worker_region[pairs.w] == vacancy_region[pairs.v]))
    timings["regional assignment"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return timings, len(pairs), len(proposals)


def naive_comparison(
    workers: list[WorkerProfile], vacancies: list[VacancyProfile]
) -> tuple[float, float, bool, int]:
    """(naive pairs/s, engine pairs/s, identical shortlists?, feasible pairs) on a subset."""
    from carehub.vacancies.tests.test_matching_reference import naive_pairs, naive_top_k

    started = time.perf_counter()
    expected = naive_pairs(workers, vacancies, RULES)
    naive_s = time.perf_counter() - started
    engine_s = math.inf
    for _ in range(3):
        started = time.perf_counter()
        pairs = feasible_pairs(workers, vacancies, RULES)
        by_worker, by_vacancy = top_k_for_workers(pairs, 10), top_k_for_vacancies(pairs, 10)
        engine_s = min(engine_s, time.perf_counter() - started)
    same = {o: [x for x, _ in items] for o, items in by_worker.as_dict().items()} == naive_top_k(
        expected, 10, by_worker=True
    ) and {o: [x for x, _ in items] for o, items in by_vacancy.as_dict().items()} == naive_top_k(
        expected, 10, by_worker=False
    )
    n = len(workers) * len(vacancies)
    return n / naive_s, n / engine_s, same, len(expected)


def main() -> None:
    tracemalloc.start()
    workers, worker_regions = make_workers(WORKERS)
    vacancies, vacancy_regions = make_vacancies(VACANCIES, POSITIONS)
    region_code = {name: i for i, name in enumerate(sorted({t[1] for t in TOWNS}))}
    worker_region = np.array([region_code[r] for r in worker_regions], dtype=np.int64)
    vacancy_region = np.array([region_code[r] for r in vacancy_regions], dtype=np.int64)
    profiles_mb = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.reset_peak()
    runs = []
    for _ in range(RUNS):
        timings, n_pairs, n_proposals = full_run(workers, vacancies, worker_region, vacancy_region)
        runs.append(timings)
        print({k: round(v, 3) for k, v in timings.items()}, file=sys.stderr)
    run_peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"workers: {WORKERS:,}; vacancies: {VACANCIES:,}; positions: {POSITIONS:,}; "
        f"feasible pairs: {n_pairs:,}; proposed introductions: {n_proposals:,}"
    )
    print("| measure | result | target |")
    print("|---|---|---|")
    for phase in ("gates and scores", "top-10 both ways", "regional assignment"):
        print(f"| {phase} (median of {RUNS}) | {median[phase]:.2f} s | |")
    print(f"| full run (median of {RUNS}) | {median['total']:.2f} s | ≤ 3 s |")
    print(
        f"| peak memory: whole process (max RSS) / allocated during a run (tracemalloc) "
        f"| {peak_mb:.0f} MB / {run_peak_mb:.0f} MB | ≤ 1.5 GB |"
    )
    print(f"| profiles held in memory before the run | {profiles_mb:.0f} MB | |")
    print(
        f"| pairs looked at per second, national run (gates and scores) "
        f"| {WORKERS * VACANCIES / median['gates and scores'] / 1e6:,.0f} million | |"
    )

    # The naive reference on a 2,000 x 1,000 subset of one region (dense enough to matter).
    region = region_code["West Midlands"]
    sub_w = [w for w, r in zip(workers, worker_region, strict=True) if r == region][:NAIVE_WORKERS]
    sub_v = [v for v, r in zip(vacancies, vacancy_region, strict=True) if r == region]
    naive_rate, engine_rate, same, n_sub = naive_comparison(sub_w, sub_v[:NAIVE_VACANCIES])
    print(
        f"| naive reference, {NAIVE_WORKERS:,} x {NAIVE_VACANCIES:,} ({n_sub:,} feasible) "
        f"| {naive_rate:,.0f} pairs/s | |"
    )
    print(
        f"| engine on the same subset (pairs and top-10 both ways) | {engine_rate:,.0f} pairs/s | |"
    )
    print(f"| speed-up | {engine_rate / naive_rate:,.0f}x | ≥ 100x |")
    print(f"| identical shortlists (top-10 both ways) | {'yes' if same else 'NO'} | yes |")

    # Growth: the same vacancies, fewer workers (the first n of the pool).
    print()
    print("| workers | feasible pairs | full run |")
    print("|---|---|---|")
    for n in (5000, 10000, 20000, WORKERS):
        timings, n_pairs, _ = full_run(workers[:n], vacancies, worker_region[:n], vacancy_region)
        print(f"| {n:,} | {n_pairs:,} | {timings['total']:.2f} s |")


if __name__ == "__main__":
    main()
