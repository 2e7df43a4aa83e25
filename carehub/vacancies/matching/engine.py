"""The vectorised matching engine (pure: numpy and scipy, no Django).

`feasible_pairs` finds every (worker, vacancy) pair that passes every gate and scores it,
without ever forming the full workers x vacancies matrix:

1. Gates on one side only (eligibility, consent, provider, role, pay, positions, locations)
   run once per worker and per vacancy, with the very functions in `gates`.
2. Vacancies are split into k-d trees (over 3-D unit vectors) by what they demand that a
   worker either has or not: driving licence, car, English level. A worker is searched only
   against the trees whose demands it meets, so those gates cost nothing per pair.
3. Workers are taken in chunks of similar travel limit; each chunk's tree is joined with
   each compatible vacancy tree out to the chunk's largest limit (`sparse_distance_matrix`,
   a dual-tree search in C), and only those candidate pairs are looked at again.
4. The remaining pair gates (SOC, hours, start before deadline, exact distance within the
   worker's own limit) and the score run as numpy element-wise operations on the candidates.

`explain` is the single-pair path for pages. It runs the scalar gates and the same scoring
kernel on arrays of length one, and the tests hold it to exact agreement with this path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import product

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from carehub.vacancies.matching import gates
from carehub.vacancies.matching.assignment import THREADS, solve_assignment
from carehub.vacancies.matching.geo import chord_for_miles, miles_between, unit_vectors
from carehub.vacancies.matching.model import (
    ENGLISH_LEVELS,
    Explanation,
    Match,
    Rules,
    Score,
    VacancyProfile,
    WorkerProfile,
)
from carehub.vacancies.matching.scoring import component_points, describe

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
BitArray = npt.NDArray[np.uint64]

# Workers per k-d tree join: big enough to amortise the call, small enough that a chunk's
# candidate pairs (a few hundred thousand) stay in cache-friendly arrays.
CHUNK_WORKERS = 2048
# Candidates are first cut on the chord the tree reports; the exact great-circle test
# decides. The slack only keeps boundary pairs from being lost to rounding in the tree.
CHORD_SLACK = 1e-9
NO_DEADLINE = np.iinfo(np.int64).max
LICENCE, CAR = 1, 2  # bits of the driving demand / driving means


def _bitsets(rows: Sequence[frozenset[str]], universe: dict[str, int]) -> BitArray:
    """(n, words) bit sets of each row's members that appear in universe."""
    words = max(1, (len(universe) + 63) // 64)
    bits = np.zeros((len(rows), words), dtype=np.uint64)
    r, w, b = [], [], []
    for i, members in enumerate(rows):
        for member in members:
            j = universe.get(member)
            if j is not None:
                r.append(i)
                w.append(j >> 6)
                b.append(1 << (j & 63))
    if r:
        np.bitwise_or.at(bits, (np.array(r), np.array(w)), np.array(b, dtype=np.uint64))
    return bits


def _has_bit(bits: BitArray, rows: IntArray, index: IntArray) -> BoolArray:
    word = bits[rows, index >> 6]
    found: BoolArray = ((word >> (index & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)
    return found


@dataclass(frozen=True, eq=False)
class _Vacancies:
    ids: IntArray
    unit: FloatArray
    ok: BoolArray  # passes every vacancy-only gate
    demand: IntArray  # LICENCE | CAR bits
    english: IntArray
    hours: FloatArray
    start: IntArray  # ordinal of max(start date, today)
    setting: IntArray  # index into the settings universe
    soc: IntArray  # index into the SOC universe
    languages: BitArray
    languages_wanted: IntArray
    positions: IntArray
    settings_universe: dict[str, int]
    soc_universe: dict[str, int]
    language_universe: dict[str, int]


@dataclass(frozen=True, eq=False)
class _Workers:
    ids: IntArray
    unit: FloatArray
    ok: BoolArray  # passes every worker-only gate
    limit: FloatArray
    chord: FloatArray
    means: IntArray  # LICENCE | CAR bits
    english: IntArray  # -1: not recorded
    hours: FloatArray  # NaN: not recorded
    earliest: IntArray  # ordinal of max(earliest start, today)
    deadline: IntArray  # ordinal, NO_DEADLINE when none
    years: FloatArray
    settings: BitArray
    soc_any: BoolArray
    soc: BitArray
    languages: BitArray
    care_certificate: BoolArray
    level2: BoolArray


def _vacancy_arrays(vacancies: Sequence[VacancyProfile], rules: Rules) -> _Vacancies:
    settings_u = {s: i for i, s in enumerate(sorted({v.setting for v in vacancies}))}
    soc_u = {s: i for i, s in enumerate(sorted({v.soc_code for v in vacancies}))}
    lang_u = {
        s: i for i, s in enumerate(sorted({x for v in vacancies for x in v.languages_wanted}))
    }
    today = rules.today.toordinal()
    languages = _bitsets([v.languages_wanted for v in vacancies], lang_u)
    return _Vacancies(
        ids=np.array([v.id for v in vacancies], dtype=np.int64),
        unit=unit_vectors([(v.lat, v.lon) for v in vacancies]),
        ok=np.array([gates.vacancy_passes(v, rules) for v in vacancies], dtype=bool),
        demand=np.array(
            [LICENCE * v.driving_required + CAR * v.car_required for v in vacancies],
            dtype=np.int64,
        ),
        english=np.array([v.english_needed for v in vacancies], dtype=np.int64),
        hours=np.array([float(v.hours_per_week) for v in vacancies], dtype=np.float64),
        start=np.array([max(v.start_date.toordinal(), today) for v in vacancies], dtype=np.int64),
        setting=np.array([settings_u[v.setting] for v in vacancies], dtype=np.int64),
        soc=np.array([soc_u[v.soc_code] for v in vacancies], dtype=np.int64),
        languages=languages,
        languages_wanted=np.bitwise_count(languages).sum(axis=1, dtype=np.int64),
        positions=np.array([v.positions for v in vacancies], dtype=np.int64),
        settings_universe=settings_u,
        soc_universe=soc_u,
        language_universe=lang_u,
    )


def _ordinal(day: dt.date | None, default: int) -> int:
    return default if day is None else day.toordinal()


def _worker_arrays(workers: Sequence[WorkerProfile], vac: _Vacancies, rules: Rules) -> _Workers:
    today = rules.today.toordinal()
    limit = np.array([gates.travel_limit(w, rules) for w in workers], dtype=np.float64)
    return _Workers(
        ids=np.array([w.id for w in workers], dtype=np.int64),
        unit=unit_vectors([(w.lat, w.lon) for w in workers]),
        ok=np.array([gates.worker_passes(w) for w in workers], dtype=bool),
        limit=limit,
        chord=np.array([chord_for_miles(x) for x in limit], dtype=np.float64),
        means=np.array(
            [LICENCE * (w.driving_licence is True) + CAR * (w.has_car is True) for w in workers],
            dtype=np.int64,
        ),
        english=np.array(
            [-1 if w.english_level is None else w.english_level for w in workers], dtype=np.int64
        ),
        hours=np.array(
            [np.nan if w.hours_wanted is None else float(w.hours_wanted) for w in workers],
            dtype=np.float64,
        ),
        earliest=np.array(
            [max(_ordinal(w.earliest_start, today), today) for w in workers], dtype=np.int64
        ),
        deadline=np.array([_ordinal(w.deadline, NO_DEADLINE) for w in workers], dtype=np.int64),
        years=np.array(
            [0.0 if w.years_in_care is None else float(w.years_in_care) for w in workers],
            dtype=np.float64,
        ),
        settings=_bitsets([w.settings for w in workers], vac.settings_universe),
        soc_any=np.array([not w.soc_codes for w in workers], dtype=bool),
        soc=_bitsets([w.soc_codes for w in workers], vac.soc_universe),
        languages=_bitsets([w.languages for w in workers], vac.language_universe),
        care_certificate=np.array([w.care_certificate is True for w in workers], dtype=bool),
        level2=np.array([w.level2 is True for w in workers], dtype=bool),
    )


def _pair_gates(
    wk: _Workers, vac: _Vacancies, wi: IntArray, vi: IntArray, rules: Rules
) -> BoolArray:
    """SOC, hours and start gates for candidate pairs (driving and English are settled by
    which trees were searched; distance by `_distances`)."""
    keep = wk.soc_any[wi] | _has_bit(wk.soc, wi, vac.soc[vi])
    hours = wk.hours[wi]
    with np.errstate(invalid="ignore"):
        keep &= np.isnan(hours) | (np.abs(hours - vac.hours[vi]) <= float(rules.max_hours_gap))
    keep &= np.maximum(vac.start[vi], wk.earliest[wi]) < wk.deadline[wi]
    result: BoolArray = keep
    return result


def _score(
    wk: _Workers, vac: _Vacancies, wi: IntArray, vi: IntArray, distance: FloatArray, rules: Rules
) -> tuple[FloatArray, FloatArray]:
    deadline = wk.deadline[wi]
    has_deadline = deadline != NO_DEADLINE
    return component_points(
        distance=distance,
        limit=wk.limit[wi],
        years=wk.years[wi],
        has_setting=_has_bit(wk.settings, wi, vac.setting[vi]),
        care_certificate=wk.care_certificate[wi],
        level2=wk.level2[wi],
        languages_matched=np.bitwise_count(wk.languages[wi] & vac.languages[vi]).sum(
            axis=1, dtype=np.int64
        ),
        languages_wanted=vac.languages_wanted[vi],
        hours_wanted=wk.hours[wi],
        hours_offered=vac.hours[vi],
        days_left=np.where(has_deadline, deadline - rules.today.toordinal(), 0),
        has_deadline=has_deadline,
        rules=rules,
    )


@dataclass(frozen=True, eq=False)
class Pairs:
    """Every feasible pair, in an order fixed by the input (grouped by search chunk, not
    sorted: sort by `worker_ids`/`vacancy_ids` where it matters). `w` and `v` index the
    sequences passed in; component points are recomputed on demand (`points`) rather than
    held for millions of pairs."""

    workers: Sequence[WorkerProfile]
    vacancies: Sequence[VacancyProfile]
    rules: Rules
    w: IntArray
    v: IntArray
    distance: FloatArray
    total: FloatArray
    _wk: _Workers
    _vac: _Vacancies

    def __len__(self) -> int:
        return int(self.w.shape[0])

    def subset(self, keep: BoolArray | IntArray) -> Pairs:
        """The pairs selected by a mask or index (e.g. those within one partnership)."""
        return Pairs(
            self.workers,
            self.vacancies,
            self.rules,
            self.w[keep],
            self.v[keep],
            self.distance[keep],
            self.total[keep],
            self._wk,
            self._vac,
        )

    @property
    def worker_ids(self) -> IntArray:
        return self._wk.ids[self.w]

    @property
    def vacancy_ids(self) -> IntArray:
        return self._vac.ids[self.v]

    def points(self, index: IntArray) -> FloatArray:
        """Component points (len(index), 7) for the pairs at index."""
        points, _ = _score(
            self._wk, self._vac, self.w[index], self.v[index], self.distance[index], self.rules
        )
        return points

    def matches(self, index: IntArray) -> list[Match]:
        """The pairs at index as `Match`es, each with its explained score."""
        index = np.asarray(index, dtype=np.int64)
        points = self.points(index)
        found = []
        for row, i in enumerate(index.tolist()):
            worker, vacancy = self.workers[int(self.w[i])], self.vacancies[int(self.v[i])]
            score = describe(
                worker,
                vacancy,
                float(self.distance[i]),
                points[row],
                float(self.total[i]),
                self.rules,
            )
            found.append(Match(worker.id, vacancy.id, score.total, score))
        return found


def _check_ids(profiles: Sequence[WorkerProfile] | Sequence[VacancyProfile], what: str) -> None:
    if len({p.id for p in profiles}) != len(profiles):
        raise ValueError(f"{what} ids must be unique")


def _vacancy_trees(vac: _Vacancies) -> Trees:
    """One tree per (driving demand, English needed) among vacancies passing their gates."""
    trees: Trees = {}
    for demand, english in product(range(4), range(len(ENGLISH_LEVELS))):
        members = np.flatnonzero(vac.ok & (vac.demand == demand) & (vac.english == english))
        if members.size:
            trees[(demand, english)] = (cKDTree(vac.unit[members]), members)
    return trees


def _worker_chunks(wk: _Workers) -> Iterator[tuple[tuple[int, int], IntArray]]:
    """Chunks of workers passing their gates, each of one (means, English) and of similar
    travel limits, so the chunk's search radius wastes little on its shorter-range members."""
    for means, english in product(range(4), range(-1, len(ENGLISH_LEVELS))):
        members = np.flatnonzero(wk.ok & (wk.means == means) & (wk.english == english))
        members = members[np.argsort(wk.limit[members], kind="stable")]
        for start in range(0, members.size, CHUNK_WORKERS):
            yield (means, english), members[start : start + CHUNK_WORKERS]


Part = tuple[IntArray, IntArray, FloatArray, FloatArray]
Trees = dict[tuple[int, int], tuple[cKDTree, IntArray]]


def _chunk_pairs(
    wk: _Workers,
    vac: _Vacancies,
    trees: Trees,
    group: tuple[int, int],
    chunk: IntArray,
    rules: Rules,
) -> Part | None:
    """Feasible pairs (w, v, distance, total) of one chunk of workers."""
    means, english = group
    compatible = [trees[key] for key in trees if key[0] & ~means == 0 and key[1] <= english]
    chunk_tree = cKDTree(wk.unit[chunk])
    chunk_chord = wk.chord[chunk] * (1 + CHORD_SLACK) + CHORD_SLACK
    radius = float(chunk_chord.max())
    found_w, found_v = [], []
    for tree, members in compatible:
        near = chunk_tree.sparse_distance_matrix(tree, radius, output_type="ndarray")
        local_w = near["i"].astype(np.int64)
        close = near["v"] <= chunk_chord[local_w]
        found_w.append(chunk[local_w[close]])
        found_v.append(members[near["j"][close]])
    if not found_w:
        return None
    wi, vi = np.concatenate(found_w), np.concatenate(found_v)
    keep = _pair_gates(wk, vac, wi, vi, rules)
    wi, vi = wi[keep], vi[keep]
    distance = miles_between(wk.unit[wi], vac.unit[vi])
    keep = distance <= wk.limit[wi]
    wi, vi, distance = wi[keep], vi[keep], distance[keep]
    _, total = _score(wk, vac, wi, vi, distance, rules)
    return wi, vi, distance, total


def feasible_pairs(
    workers: Sequence[WorkerProfile], vacancies: Sequence[VacancyProfile], rules: Rules
) -> Pairs:
    """Every pair passing every gate, with its distance and total score."""
    _check_ids(workers, "Worker")
    _check_ids(vacancies, "Vacancy")
    vac = _vacancy_arrays(vacancies, rules)
    wk = _worker_arrays(workers, vac, rules)
    trees = _vacancy_trees(vac)
    # The tree joins and numpy release the GIL: two threads use both cores. `map` keeps
    # the chunks' order, so the output order is fixed by the input.
    with ThreadPoolExecutor(THREADS) as pool:
        parts = [
            part
            for part in pool.map(
                lambda job: _chunk_pairs(wk, vac, trees, job[0], job[1], rules),
                _worker_chunks(wk),
            )
            if part is not None
        ]
    if parts:
        wi = np.concatenate([p[0] for p in parts])
        vi = np.concatenate([p[1] for p in parts])
        distance = np.concatenate([p[2] for p in parts])
        total = np.concatenate([p[3] for p in parts])
    else:
        wi = vi = np.zeros(0, dtype=np.int64)
        distance = total = np.zeros(0, dtype=np.float64)
    return Pairs(workers, vacancies, rules, wi, vi, distance, total, wk, vac)


@dataclass(frozen=True, eq=False)
class Shortlists:
    """Top-k lists: for owner `owner_ids[i]`, the pairs `pair_index[offsets[i]:offsets[i+1]]`
    of `pairs`, best first (ties: lower id of the other side first)."""

    pairs: Pairs
    by_worker: bool  # owners are workers (else vacancies)
    owner_ids: IntArray  # sorted
    offsets: IntArray
    pair_index: IntArray

    def __len__(self) -> int:
        return int(self.owner_ids.shape[0])

    def index_for(self, owner_id: int) -> IntArray:
        at = int(np.searchsorted(self.owner_ids, owner_id))
        if at == len(self) or self.owner_ids[at] != owner_id:
            return np.zeros(0, dtype=np.int64)
        return self.pair_index[self.offsets[at] : self.offsets[at + 1]]

    def matches_for(self, owner_id: int) -> list[Match]:
        return self.pairs.matches(self.index_for(owner_id))

    def as_dict(self) -> dict[int, list[tuple[int, float]]]:
        """{owner id: [(other id, total score), ...]}: for tests and bulk use."""
        others = self.pairs.vacancy_ids if self.by_worker else self.pairs.worker_ids
        result: dict[int, list[tuple[int, float]]] = {}
        for i, owner in enumerate(self.owner_ids.tolist()):
            idx = self.pair_index[self.offsets[i] : self.offsets[i + 1]]
            result[owner] = list(
                zip(others[idx].tolist(), self.pairs.total[idx].tolist(), strict=True)
            )
        return result


def _top_k(pairs: Pairs, by_worker: bool, k: int) -> Shortlists:
    """Best k per owner (owner: 0..n_owners-1 per pair), ties to the lower other id.

    Sorting millions of (owner, score, id) triples exactly is slow, so first a cheap pass
    finds a superset: pairs packed as (owner, score quantised downwards) in one int64 and
    sorted with numpy's fast `sort`; each owner's k-th packed value is a threshold no pair of
    its true top k exceeds. Only that superset (about k per owner) is then sorted exactly.
    """
    if by_worker:
        owner, n_owners, ids, other_id = (
            pairs.w,
            len(pairs.workers),
            pairs._wk.ids,
            pairs.vacancy_ids,
        )
    else:
        owner, n_owners, ids, other_id = (
            pairs.v,
            len(pairs.vacancies),
            pairs._vac.ids,
            pairs.worker_ids,
        )
    if len(pairs) == 0 or k < 1:
        empty = np.zeros(0, dtype=np.int64)
        return Shortlists(pairs, by_worker, empty, np.zeros(1, dtype=np.int64), empty)
    owner_bits = max(1, int(n_owners).bit_length())
    score_bits = 62 - owner_bits
    top = float(pairs.total.max())
    scale = ((1 << score_bits) - 1) / top if top > 0 else 0.0
    # Higher score, smaller code; floor keeps the order (never reverses two scores).
    code = np.floor((top - pairs.total) * scale).astype(np.int64)
    packed = (owner.astype(np.int64) << score_bits) | code
    ordered = np.sort(packed)
    owners_sorted = ordered >> score_bits
    starts = np.searchsorted(owners_sorted, np.arange(n_owners + 1))
    counts = np.diff(starts)
    kth = np.where(counts > 0, ordered[np.minimum(starts[:-1] + k, starts[1:]) - 1], -1)
    candidates = np.flatnonzero(packed <= kth[owner])
    exact = candidates[
        np.lexsort((other_id[candidates], -pairs.total[candidates], owner[candidates]))
    ]
    owner_exact = owner[exact]
    first = np.searchsorted(owner_exact, owner_exact, side="left")
    keep = exact[np.arange(exact.size) - first < k]
    kept_owner = owner[keep]
    present = np.unique(kept_owner)
    owner_ids = ids[present]
    offsets = np.searchsorted(kept_owner, np.append(present, n_owners)).astype(np.int64)
    # Owners ordered by id for lookups.
    by_id = np.argsort(owner_ids, kind="stable")
    index = _regroup(keep, offsets, by_id)
    lengths = np.diff(offsets)[by_id]
    return Shortlists(
        pairs,
        by_worker,
        owner_ids[by_id].astype(np.int64),
        np.concatenate(([0], np.cumsum(lengths))).astype(np.int64),
        index,
    )


def _regroup(values: IntArray, offsets: IntArray, group_order: IntArray) -> IntArray:
    """values split at offsets into groups, concatenated in group_order."""
    lengths = np.diff(offsets)[group_order]
    starts = offsets[:-1][group_order]
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    regrouped: IntArray = values[np.repeat(starts, lengths) + within]
    return regrouped


def top_k_for_workers(pairs: Pairs, k: int = 10) -> Shortlists:
    """Each worker's k best vacancies."""
    return _top_k(pairs, True, k)


def top_k_for_vacancies(pairs: Pairs, k: int = 10) -> Shortlists:
    """Each vacancy's k best workers."""
    return _top_k(pairs, False, k)


def explain(worker: WorkerProfile, vacancy: VacancyProfile, rules: Rules) -> Explanation:
    """Every gate for one pair with its reason, and the score when all pass: the same
    numbers as `feasible_pairs` for that pair."""
    vac = _vacancy_arrays([vacancy], rules)
    wk = _worker_arrays([worker], vac, rules)
    zero = np.zeros(1, dtype=np.int64)
    located = bool(np.isfinite(wk.unit[0]).all() and np.isfinite(vac.unit[0]).all())
    distance = float(miles_between(wk.unit, vac.unit)[0]) if located else None
    result = gates.gate_result(
        gates.worker_checks(worker)
        + gates.vacancy_checks(vacancy, rules)
        + gates.pair_checks(worker, vacancy, distance, rules)
    )
    score: Score | None = None
    if result.passed and distance is not None:
        points, total = _score(wk, vac, zero, zero, np.array([distance]), rules)
        score = describe(worker, vacancy, distance, points[0], float(total[0]), rules)
    return Explanation(worker.id, vacancy.id, result, distance, score)


def assign(pairs: Pairs) -> list[Match]:
    """Proposed introductions: at most one per worker, at most `positions` per vacancy,
    maximising the total score exactly (see `assignment`). Urgency is part of every pair's
    score, so of two workers wanting one place the one nearer the deadline gets it unless the
    other fits that much better. Run it per partnership (`Pairs.subset`). Sorted by worker
    id, then vacancy id."""
    chosen = solve_assignment(
        pairs.w, pairs.v, pairs.total, pairs._vac.positions, pairs._wk.ids, pairs._vac.ids
    )
    return pairs.matches(chosen)
