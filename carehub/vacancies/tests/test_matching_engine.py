"""Score components, the single-pair path against the vectorised one, and the assignment,
with tables and with properties (hypothesis). No database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carehub.vacancies.matching import (
    COMPONENTS,
    assign,
    explain,
    feasible_pairs,
    top_k_for_vacancies,
    top_k_for_workers,
)
from carehub.vacancies.matching.geo import EARTH_RADIUS_MILES
from carehub.vacancies.tests.test_matching_reference import (
    RULES,
    TODAY,
    random_instance,
    random_vacancy,
    random_worker,
)

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _good_pair():
    """A worker and a vacancy passing every gate, to vary one field at a time."""
    rng = random.Random(0)
    worker = dataclasses.replace(
        random_worker(rng, 1, 52.48, -1.89, 0),
        lat=52.48,
        lon=-1.89,
        travel_miles=10,
        driving_licence=True,
        has_car=True,
        english_level=3,
        hours_wanted=40,
        earliest_start=None,
        deadline=TODAY + dt.timedelta(days=45),
        years_in_care=2.5,
        settings=frozenset({"residential"}),
        care_certificate=True,
        level2=False,
        languages=frozenset({"urdu"}),
        soc_codes=frozenset(),
        eligible=True,
        consents=True,
    )
    vacancy = dataclasses.replace(
        random_vacancy(rng, 2, 52.48, -1.89, 0),
        lat=52.48 + 5 / 69.0,
        lon=-1.89,
        sponsored_role=True,
        soc_code="6135",
        hours_per_week=37.5,
        driving_required=False,
        car_required=False,
        english_needed=1,
        start_date=TODAY,
        positions=1,
        setting="residential",
        languages_wanted=frozenset({"urdu", "punjabi"}),
        provider_can_sponsor=True,
        provider_restricted=False,
    )
    vacancy = dataclasses.replace(
        vacancy,
        hourly_rate=vacancy.hourly_rate.max(RULES.hourly_floor),
        annual_salary=vacancy.annual_salary.max(RULES.annual_floor),
    )
    return worker, vacancy


def test_each_component_is_visible_with_its_reason():
    worker, vacancy = _good_pair()
    found = explain(worker, vacancy, RULES)
    assert found.gates.passed, found.gates.reasons
    score = found.score
    assert list(score.components) == list(COMPONENTS)
    expected = {
        "distance": 30 * (1 - found.distance_miles / 10),
        "experience": 15 * 2.5 / 5,
        "setting": 10.0,
        "qualifications": 10 * 0.5,
        "languages": 5 * 0.5,
        "hours": 10 * (1 - 2.5 / 10),
        "urgency": 20 * (1 - 45 / 90),
    }
    assert score.components == pytest.approx(expected)
    assert score.total == pytest.approx(sum(expected.values()))
    assert found.distance_miles == pytest.approx(5.0, abs=0.05)
    assert score.explanations["urgency"] == "45 days left before the deadline"
    assert "1 of the languages" in score.explanations["languages"]
    assert score.as_json()["total"] == score.total


@pytest.mark.parametrize(
    ("change", "component", "points"),
    [
        ({"years_in_care": None}, "experience", 0.0),
        ({"years_in_care": 12}, "experience", 15.0),  # capped at full marks
        ({"settings": frozenset()}, "setting", 0.0),
        ({"care_certificate": None, "level2": True}, "qualifications", 5.0),
        ({"languages": frozenset({"urdu", "punjabi"})}, "languages", 5.0),
        ({"hours_wanted": None}, "hours", 0.0),
        ({"hours_wanted": 37.5}, "hours", 10.0),
        ({"deadline": None}, "urgency", 0.0),  # paused: no running deadline
        ({"deadline": TODAY + dt.timedelta(days=200)}, "urgency", 0.0),
        ({"deadline": TODAY + dt.timedelta(days=1)}, "urgency", 20 * (1 - 1 / 90)),
    ],
)
def test_component_table(change, component, points):
    worker, vacancy = _good_pair()
    found = explain(dataclasses.replace(worker, **change), vacancy, RULES)
    assert found.score.components[component] == pytest.approx(points)


def test_a_failed_gate_gives_reasons_and_no_score():
    worker, vacancy = _good_pair()
    found = explain(
        dataclasses.replace(worker, english_level=0, travel_miles=2),
        dataclasses.replace(vacancy, hourly_rate=RULES.hourly_floor - 1),
        RULES,
    )
    assert not found.gates.passed
    assert found.score is None
    assert len(found.gates.reasons) == 3
    assert any("below the floor" in r for r in found.gates.reasons)
    assert any("beyond the 2-mile travel limit" in r for r in found.gates.reasons)
    assert any("English is basic" in r for r in found.gates.reasons)


def test_ids_must_be_unique():
    worker, vacancy = _good_pair()
    with pytest.raises(ValueError, match="unique"):
        feasible_pairs([worker, worker], [vacancy], RULES)


# --- properties ------------------------------------------------------------------------

seeds = st.integers(0, 10**6)


@PROPERTY
@given(seeds)
def test_explain_agrees_exactly_with_the_vectorised_path(seed):
    workers, vacancies = random_instance(seed, 40, 30)
    pairs = feasible_pairs(workers, vacancies, RULES)
    found = {
        (int(w), int(v)): (d, t)
        for w, v, d, t in zip(pairs.w, pairs.v, pairs.distance, pairs.total, strict=True)
    }
    for wi, vi in itertools.product(range(len(workers)), range(len(vacancies))):
        single = explain(workers[wi], vacancies[vi], RULES)
        assert single.gates.passed == ((wi, vi) in found)
        if single.gates.passed:
            distance, total = found[(wi, vi)]
            assert single.distance_miles == distance  # bit for bit
            assert single.score.total == total
    if len(pairs):
        index = np.arange(len(pairs))
        for i, match in zip(index, pairs.matches(index), strict=True):
            single = explain(workers[int(pairs.w[i])], vacancies[int(pairs.v[i])], RULES)
            assert match.explanation == single.score


@PROPERTY
@given(seeds)
def test_no_result_violates_a_gate_and_capacities_hold(seed):
    workers, vacancies = random_instance(seed, 60, 25)
    by_id_w = {w.id: w for w in workers}
    by_id_v = {v.id: v for v in vacancies}
    pairs = feasible_pairs(workers, vacancies, RULES)
    proposals = assign(pairs)
    lists = [
        m
        for shortlist in (top_k_for_workers(pairs, 3), top_k_for_vacancies(pairs, 3))
        for owner in shortlist.owner_ids.tolist()
        for m in shortlist.matches_for(owner)
    ]
    for match in [*proposals, *lists]:
        assert explain(by_id_w[match.worker_id], by_id_v[match.vacancy_id], RULES).gates.passed
    assert len({m.worker_id for m in proposals}) == len(proposals)
    for vacancy_id, taken in itertools.groupby(sorted(m.vacancy_id for m in proposals)):
        assert len(list(taken)) <= by_id_v[vacancy_id].positions
    for shortlist in (top_k_for_workers(pairs, 3), top_k_for_vacancies(pairs, 3)):
        assert np.diff(shortlist.offsets).max(initial=0) <= 3


def _exhaustive_best(pairs) -> float:
    """Best total over every way of giving each worker one pair or none."""
    options: dict[int, list[tuple[int, float]]] = {}
    for w, v, t in zip(pairs.w.tolist(), pairs.v.tolist(), pairs.total.tolist(), strict=True):
        options.setdefault(w, []).append((v, t))
    capacity = {v: pairs.vacancies[v].positions for v in set(pairs.v.tolist())}
    workers = list(options)
    best = 0.0

    def search(i: int, total: float) -> None:
        nonlocal best
        if i == len(workers):
            best = max(best, total)
            return
        search(i + 1, total)
        for v, t in options[workers[i]]:
            if capacity[v]:
                capacity[v] -= 1
                search(i + 1, total + t)
                capacity[v] += 1

    search(0, 0.0)
    return best


@PROPERTY
@given(seeds)
def test_the_assignment_is_as_good_as_exhaustive_search(seed):
    workers, vacancies = random_instance(seed, 9, 5, spread=0.05)
    pairs = feasible_pairs(workers, vacancies, RULES)
    proposals = assign(pairs)
    assert sum(m.score for m in proposals) == pytest.approx(_exhaustive_best(pairs), abs=1e-9)


@PROPERTY
@given(seeds, st.floats(0.0, 1.0))
def test_moving_a_vacancy_closer_never_lowers_its_distance_points(seed, fraction):
    rng = random.Random(seed)
    worker, vacancy = _good_pair()
    worker = dataclasses.replace(worker, travel_miles=rng.choice([5, 10, 30]))
    vacancy = dataclasses.replace(
        vacancy, lat=worker.lat + rng.uniform(-0.4, 0.4), lon=worker.lon + rng.uniform(-0.6, 0.6)
    )
    closer = dataclasses.replace(
        vacancy,
        lat=worker.lat + (vacancy.lat - worker.lat) * fraction,
        lon=worker.lon + (vacancy.lon - worker.lon) * fraction,
    )
    far, near = explain(worker, vacancy, RULES), explain(worker, closer, RULES)
    assert near.distance_miles <= far.distance_miles + 1e-9
    if far.score is not None:
        assert near.score is not None
        assert near.score.components["distance"] >= far.score.components["distance"] - 1e-9


@PROPERTY
@given(seeds)
def test_same_input_same_output_in_any_order(seed):
    workers, vacancies = random_instance(seed, 50, 25)

    def run(ws, vs):
        pairs = feasible_pairs(ws, vs, RULES)
        return (
            sorted(
                zip(
                    pairs.worker_ids.tolist(),
                    pairs.vacancy_ids.tolist(),
                    pairs.total.tolist(),
                    strict=True,
                )
            ),
            top_k_for_workers(pairs, 4).as_dict(),
            top_k_for_vacancies(pairs, 4).as_dict(),
            [(m.worker_id, m.vacancy_id, m.score) for m in assign(pairs)],
        )

    first = run(workers, vacancies)
    assert run(workers, vacancies) == first
    rng = random.Random(seed)
    shuffled_w, shuffled_v = workers[:], vacancies[:]
    rng.shuffle(shuffled_w)
    rng.shuffle(shuffled_v)
    assert run(shuffled_w, shuffled_v) == first


def test_urgency_decides_between_two_workers_for_one_place():
    worker, vacancy = _good_pair()
    later = dataclasses.replace(worker, id=10, deadline=TODAY + dt.timedelta(days=80))
    sooner = dataclasses.replace(worker, id=11, deadline=TODAY + dt.timedelta(days=20))
    proposals = assign(feasible_pairs([later, sooner], [vacancy], RULES))
    assert [m.worker_id for m in proposals] == [11]


def test_earth_radius_is_in_miles():
    assert pytest.approx(3958.8, abs=0.1) == EARTH_RADIUS_MILES
