"""Matching for the pages and the API: builds the engine's profiles from the database,
runs the pure engine (`vacancies/matching/`), and turns its results back into records with
their explanations. Proposals go through the introductions service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from carehub.accounts import permissions
from carehub.accounts.models import Partnership, User
from carehub.accounts.roles import Capability
from carehub.core import policy
from carehub.vacancies import matching, services
from carehub.vacancies.models import Introduction, Vacancy
from carehub.workers.models import ENGLISH_LEVEL_CHOICES, Case, Worker

# Cases whose worker is looking for work (not yet introduced, placed or closed).
LOOKING = (Case.Status.NEW, Case.Status.TRIAGE, Case.Status.ACTIVE)
FILLED_STAGES = (
    Introduction.Stage.STARTED,
    Introduction.Stage.RETAINED_3M,
    Introduction.Stage.RETAINED_6M,
    Introduction.Stage.RETAINED_12M,
)
ENDED = (Introduction.Stage.DECLINED, Introduction.Stage.WITHDRAWN)
LABELS = {
    "distance": "Distance",
    "experience": "Experience",
    "setting": "Type of service",
    "qualifications": "Qualifications",
    "languages": "Languages",
    "hours": "Hours",
    "urgency": "Time left before the deadline",
}
if [code for code, _label in ENGLISH_LEVEL_CHOICES] != list(matching.ENGLISH_LEVELS):
    raise ImportError("English levels differ between workers and the matching engine")


def rules(today: dt.date | None = None) -> matching.Rules:
    """The rules matching runs under today: pay floors and care codes from the policy
    values in force; weights and limits from settings (MATCHING_*)."""
    today = today or timezone.localdate()
    config: dict[str, Any] = settings.MATCHING
    return matching.Rules(
        today=today,
        hourly_floor=Decimal(policy.value("care_worker_salary_floor_hourly", on=today)),
        annual_floor=Decimal(policy.value("care_worker_salary_floor_annual", on=today)),
        care_soc_codes=frozenset(policy.value("care_soc_codes", on=today)),
        weights=matching.Weights(**config["weights"]),
        max_hours_gap=config["max_hours_gap"],
        default_travel_miles=config["default_travel_miles"],
        experience_full_years=config["experience_full_years"],
        urgency_horizon_days=config["urgency_horizon_days"],
    )


def worker_profile(worker: Worker) -> matching.WorkerProfile:
    return matching.WorkerProfile(
        id=worker.pk,
        lat=worker.latitude,
        lon=worker.longitude,
        travel_miles=worker.travel_miles,
        driving_licence=worker.driving_licence,
        has_car=worker.has_car,
        english_level=matching.english_level(worker.english_level),
        hours_wanted=worker.hours_wanted,
        earliest_start=worker.earliest_start,
        deadline=worker.deadline,
        years_in_care=worker.years_in_care,
        settings=frozenset(worker.care_settings or ()),
        care_certificate=worker.care_certificate,
        level2=worker.level2_certificate,
        languages=matching.normalise_languages(
            ", ".join(filter(None, [worker.languages, worker.preferred_language]))
        ),
        # A displaced care worker may move between care worker and senior roles.
        soc_codes=frozenset(),
        eligible=worker.eligibility == "eligible",
        consents=worker.consent_to_profile
        and worker.erasure_requested_at is None
        and worker.merged_into_id is None,
    )


def _provider_can_sponsor(vacancies: list[Vacancy], today: dt.date) -> dict[int, bool]:
    from carehub.providers.services import sponsorship_decision

    return {
        provider.pk: sponsorship_decision(provider, on=today).can_sponsor
        for provider in {v.provider_id: v.provider for v in vacancies}.values()
    }


def vacancy_profiles(vacancies: list[Vacancy], today: dt.date) -> list[matching.VacancyProfile]:
    can_sponsor = _provider_can_sponsor(vacancies, today)
    filled = dict(
        Introduction.objects.filter(vacancy__in=vacancies, stage__in=FILLED_STAGES)
        .values("vacancy")
        .annotate(n=Count("id"))
        .values_list("vacancy", "n")
    )
    return [
        matching.VacancyProfile(
            id=v.pk,
            lat=v.latitude,
            lon=v.longitude,
            sponsored_role=v.sponsored,
            soc_code=v.soc_code,
            hours_per_week=float(v.hours_per_week),
            hourly_rate=v.hourly_rate,
            annual_salary=v.annual_salary,
            driving_required=v.driving_licence_required,
            car_required=v.car_required,
            english_needed=matching.english_level(v.english_level_needed) or 0,
            start_date=v.start_date,
            positions=max(v.positions - filled.get(v.pk, 0), 0),
            setting=v.setting,
            languages_wanted=matching.normalise_languages(v.languages_wanted),
            provider_can_sponsor=can_sponsor[v.provider_id] or not v.sponsored,
            # The safeguarding compartment (a later release) answers this yes/no.
            provider_restricted=False,
        )
        for v in vacancies
    ]


@dataclass
class Shown:
    """One explained match, ready for a page or the API."""

    case: Case
    worker: Worker
    vacancy: Vacancy
    score: float
    gates: list[str]
    components: list[dict[str, Any]]
    distance_miles: float | None
    can_propose: bool

    @property
    def key(self) -> str:
        return f"{self.case.uuid}:{self.vacancy.uuid}"

    @property
    def days_left(self) -> int | None:
        deadline = self.worker.deadline
        return (deadline - timezone.localdate()).days if deadline else None

    def explanation(self) -> dict[str, Any]:
        return {
            "gates": self.gates,
            "components": self.components,
            "distance_miles": self.distance_miles,
        }

    def as_json(self, *, identified: bool) -> dict[str, Any]:
        """For the API; providers get the anonymised profile only."""
        worker = self.worker
        data: dict[str, Any] = {
            "vacancy": str(self.vacancy.uuid),
            "score": self.score,
            **self.explanation(),
            "profile": {
                "years_in_care": worker.years_in_care,
                "care_settings": worker.care_settings,
                "care_certificate": worker.care_certificate,
                "level2_certificate": worker.level2_certificate,
                "english_level": worker.english_level,
                "driving_licence": worker.driving_licence,
                "has_car": worker.has_car,
                "hours_wanted": worker.hours_wanted,
                "earliest_start": worker.earliest_start,
                "local_authority": worker.local_authority.name if worker.local_authority else None,
            },
        }
        if identified:
            data.update(
                case=str(self.case.uuid),
                reference=worker.reference,
                worker_name=worker.full_name,
                days_left=self.days_left,
            )
        return data


def _shown(
    explained: matching.Explanation, case: Case, vacancy: Vacancy, introduced: bool
) -> Shown:
    score = explained.score
    if score is None:
        raise ValueError("Only a pair that passes every gate has a score to show")
    return Shown(
        case=case,
        worker=case.worker,
        vacancy=vacancy,
        score=score.total,
        gates=[check.reason for check in explained.gates.checks],
        components=[
            {"label": LABELS.get(code, code), "points": points, "why": score.explanations[code]}
            for code, points in score.components.items()
        ],
        distance_miles=explained.distance_miles,
        can_propose=not introduced,
    )


def _pool(partnership_id: int) -> list[Case]:
    """The newest open case of each worker looking for work."""
    cases = (
        Case.objects.filter(
            partnership_id=partnership_id,
            status__in=LOOKING,
            worker__merged_into__isnull=True,
            worker__consent_to_profile=True,
            worker__eligibility="eligible",
        )
        .select_related("worker__local_authority")
        .order_by("worker_id", "-first_contact_at")
    )
    newest: dict[int, Case] = {}
    for case in cases:
        newest.setdefault(case.worker_id, case)
    return list(newest.values())


def _open_vacancies(partnership_id: int) -> list[Vacancy]:
    return list(
        Vacancy.objects.filter(partnership_id=partnership_id, status=Vacancy.Status.OPEN)
        .select_related("provider__organisation")
        .order_by("pk")
    )


def _introduced_pairs(worker_ids: list[int]) -> set[tuple[int, int]]:
    return set(
        Introduction.objects.filter(worker_id__in=worker_ids).values_list("worker_id", "vacancy_id")
    )


def candidates_for_vacancy(vacancy: Vacancy, k: int = 10) -> list[Shown]:
    """The k best workers in the pool for a vacancy, each passing every gate."""
    if vacancy.status != Vacancy.Status.OPEN:
        return []
    today = timezone.localdate()
    the_rules = rules(today)
    cases = _pool(vacancy.partnership_id)
    [profile] = vacancy_profiles([vacancy], today)
    pairs = matching.feasible_pairs([worker_profile(c.worker) for c in cases], [profile], the_rules)
    by_worker = {c.worker_id: c for c in cases}
    introduced = _introduced_pairs(list(by_worker))
    shown = []
    for match in matching.top_k_for_vacancies(pairs, k).matches_for(vacancy.pk):
        case = by_worker[match.worker_id]
        explained = matching.explain(worker_profile(case.worker), profile, the_rules)
        shown.append(_shown(explained, case, vacancy, (case.worker_id, vacancy.pk) in introduced))
    return shown


def vacancies_for_case(case: Case, k: int = 10) -> list[Shown]:
    """The k best open vacancies in the partnership for a worker, each passing every gate."""
    today = timezone.localdate()
    the_rules = rules(today)
    vacancies = _open_vacancies(case.partnership_id)
    profiles = vacancy_profiles(vacancies, today)
    worker = worker_profile(case.worker)
    pairs = matching.feasible_pairs([worker], profiles, the_rules)
    by_id = {v.pk: (v, p) for v, p in zip(vacancies, profiles, strict=True)}
    introduced = _introduced_pairs([case.worker_id])
    shown = []
    for match in matching.top_k_for_workers(pairs, k).matches_for(case.worker_id):
        vacancy, profile = by_id[match.vacancy_id]
        explained = matching.explain(worker, profile, the_rules)
        shown.append(_shown(explained, case, vacancy, (case.worker_id, vacancy.pk) in introduced))
    return shown


@dataclass
class Assignment:
    matches: list[Shown]
    pool_size: int
    positions: int
    before_deadline: int

    @property
    def unplaced(self) -> int:
        return self.pool_size - len(self.matches)


def regional_assignment(partnership: Partnership) -> Assignment:
    """The best set of proposals across the partnership (the engine's exact assignment),
    leaving out workers who already have a live introduction and pairs already tried."""
    today = timezone.localdate()
    the_rules = rules(today)
    busy = set(
        Introduction.objects.filter(case__partnership=partnership)
        .exclude(stage__in=ENDED)
        .values_list("worker_id", flat=True)
    )
    cases = [c for c in _pool(partnership.pk) if c.worker_id not in busy]
    vacancies = _open_vacancies(partnership.pk)
    profiles = vacancy_profiles(vacancies, today)
    workers = [worker_profile(c.worker) for c in cases]
    pairs = matching.feasible_pairs(workers, profiles, the_rules)
    tried = _introduced_pairs([c.worker_id for c in cases])
    by_case = {c.worker_id: c for c in cases}
    by_vacancy = {v.pk: (v, p) for v, p in zip(vacancies, profiles, strict=True)}
    keep = [
        i
        for i, (w, v) in enumerate(
            zip(pairs.worker_ids.tolist(), pairs.vacancy_ids.tolist(), strict=True)
        )
        if (w, v) not in tried
    ]
    shown = []
    for match in matching.assign(pairs.subset(np.asarray(keep, dtype=np.int64))):
        case = by_case[match.worker_id]
        vacancy, profile = by_vacancy[match.vacancy_id]
        explained = matching.explain(worker_profile(case.worker), profile, the_rules)
        shown.append(_shown(explained, case, vacancy, introduced=False))
    shown.sort(key=lambda s: (s.days_left is None, s.days_left or 0, s.worker.reference))
    return Assignment(
        matches=shown,
        pool_size=len(cases),
        positions=sum(p.positions for p in profiles),
        before_deadline=sum(
            1 for s in shown if s.worker.deadline and s.vacancy.start_date < s.worker.deadline
        ),
    )


def is_hub(user: Any, vacancy: Vacancy) -> bool:
    return vacancy.partnership_id in permissions.partnership_ids_with(user, Capability.MANAGE_CASES)


def propose(*, case: Case, vacancy: Vacancy, actor: User) -> Introduction:
    """Propose one introduction after checking every gate again (refused with the reasons
    of the gates that fail)."""
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    [profile] = vacancy_profiles([vacancy], today)
    explained = matching.explain(worker_profile(case.worker), profile, rules(today))
    if not explained.gates.passed or explained.score is None:
        raise ValidationError(list(explained.gates.reasons) or ["This match is not possible"])
    shown = _shown(explained, case, vacancy, introduced=False)
    return services.propose_introduction(
        case=case,
        vacancy=vacancy,
        actor=actor,
        score=shown.score,
        explanation=shown.explanation(),
    )


@transaction.atomic
def propose_many(chosen: list[Shown], *, actor: User) -> int:
    """Turn chosen regional proposals into introductions, all or none."""
    for shown in chosen:
        propose(case=shown.case, vacancy=shown.vacancy, actor=actor)
    return len(chosen)
