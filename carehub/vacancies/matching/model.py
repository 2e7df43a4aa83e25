"""Plain data the engine works on: profiles in, verdicts and scores out (pure: no Django).

Profiles are built by the caller from the ORM; every policy number (pay floors, care SOC
codes, weights, limits, today's date) arrives in `Rules`, so a policy change never needs a
code change here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Ordered from least to most, as `ENGLISH_LEVEL_CHOICES` in carehub.workers.models: a
# worker's level is compared with a vacancy's need by position.
ENGLISH_LEVELS: tuple[str, ...] = ("basic", "everyday", "good", "fluent")

# Score components, in the order they are added up (the order matters for exact
# agreement between the single-pair and the vectorised paths).
COMPONENTS: tuple[str, ...] = (
    "distance",
    "experience",
    "setting",
    "qualifications",
    "languages",
    "hours",
    "urgency",
)


def english_level(code: str) -> int | None:
    """The position of an English level code ("" or unknown: None)."""
    return ENGLISH_LEVELS.index(code) if code in ENGLISH_LEVELS else None


def normalise_languages(text: str) -> frozenset[str]:
    """Languages typed as free text ("Tagalog, hindi; Urdu") as a comparable set."""
    return frozenset(
        part.strip().casefold() for part in text.replace(";", ",").split(",") if part.strip()
    )


@dataclass(frozen=True)
class WorkerProfile:
    """What matching needs to know about one worker. None means "not recorded"."""

    id: int
    lat: float | None
    lon: float | None
    travel_miles: float | None  # None: `Rules.default_travel_miles`
    driving_licence: bool | None
    has_car: bool | None
    english_level: int | None  # index into ENGLISH_LEVELS
    hours_wanted: float | None
    earliest_start: dt.date | None
    deadline: dt.date | None  # None: no running deadline (paused or unknown)
    years_in_care: float | None
    settings: frozenset[str]  # care settings worked in (CARE_SETTING_CHOICES codes)
    care_certificate: bool | None
    level2: bool | None
    languages: frozenset[str]  # normalised with `normalise_languages`
    soc_codes: frozenset[str]  # SOC codes the worker can be sponsored under; empty: any care code
    eligible: bool  # in the displaced worker pool
    consents: bool  # agreed to be matched (consent_to_profile)


@dataclass(frozen=True)
class VacancyProfile:
    id: int
    lat: float | None
    lon: float | None
    sponsored_role: bool  # a care role the provider would assign a CoS for
    soc_code: str
    hours_per_week: float
    hourly_rate: Decimal
    annual_salary: Decimal
    driving_required: bool
    car_required: bool
    english_needed: int  # index into ENGLISH_LEVELS
    start_date: dt.date
    positions: int  # positions still to fill
    setting: str
    languages_wanted: frozenset[str]  # normalised with `normalise_languages`
    provider_can_sponsor: bool  # holds an A-rated licence (or the partnership says so)
    provider_restricted: bool  # an open safeguarding restriction


@dataclass(frozen=True)
class Weights:
    """Points each score component is worth at its best (each component scores 0..1)."""

    distance: float
    experience: float
    setting: float
    qualifications: float
    languages: float
    hours: float
    urgency: float

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, name)) for name in COMPONENTS)


@dataclass(frozen=True)
class Rules:
    """The policy values matching runs under, as in force on `today`."""

    today: dt.date
    hourly_floor: Decimal
    annual_floor: Decimal
    care_soc_codes: frozenset[str]
    weights: Weights
    max_hours_gap: float  # hours a week either side of what the worker wants
    default_travel_miles: float  # for workers who have not said how far they would travel
    experience_full_years: float  # years in care that earn the full experience points
    urgency_horizon_days: int  # days left at or beyond which urgency scores nothing

    def __post_init__(self) -> None:
        if any(w < 0 for w in self.weights.as_tuple()):
            raise ValueError("Score weights must not be negative")
        if self.experience_full_years <= 0 or self.urgency_horizon_days <= 0:
            raise ValueError("experience_full_years and urgency_horizon_days must be positive")
        if self.max_hours_gap < 0 or self.default_travel_miles < 0:
            raise ValueError("max_hours_gap and default_travel_miles must not be negative")


@dataclass(frozen=True)
class Check:
    """One gate's verdict, with its reason in plain English either way."""

    gate: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: tuple[str, ...]  # why it failed: one line per failed gate (empty when passed)
    checks: tuple[Check, ...]  # every gate, in order, passed or not


@dataclass(frozen=True)
class Score:
    total: float
    components: dict[str, float] = field(hash=False)  # points per component, in COMPONENTS order
    explanations: dict[str, str] = field(hash=False)  # why each component scored what it did

    def as_json(self) -> dict[str, Any]:
        """For `Introduction.explanation` (a JSONField)."""
        return {
            "total": self.total,
            "components": dict(self.components),
            "explanations": dict(self.explanations),
        }


@dataclass(frozen=True)
class Match:
    worker_id: int
    vacancy_id: int
    score: float
    explanation: Score


@dataclass(frozen=True)
class Explanation:
    """The single-pair view for pages: every gate, and the score when all gates pass."""

    worker_id: int
    vacancy_id: int
    gates: GateResult
    distance_miles: float | None
    score: Score | None
