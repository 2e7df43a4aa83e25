"""The matching engine: which vacancies a displaced care worker could take, how well each
fits, and a regional set of proposed introductions (pure: numpy and scipy, no Django).

The Django app builds `WorkerProfile`/`VacancyProfile` from the ORM and `Rules` from the
policy values in force, then calls:

- `explain(worker, vacancy, rules)`: every gate with its reason, and the score (pages);
- `feasible_pairs(workers, vacancies, rules)`: every pair passing every gate, scored;
- `top_k_for_workers(pairs, k)` / `top_k_for_vacancies(pairs, k)`: shortlists both ways;
- `assign(pairs)`: proposed introductions maximising total score (see ADR 0019).
"""

from carehub.vacancies.matching.engine import (
    Pairs,
    Shortlists,
    assign,
    explain,
    feasible_pairs,
    top_k_for_vacancies,
    top_k_for_workers,
)
from carehub.vacancies.matching.model import (
    COMPONENTS,
    ENGLISH_LEVELS,
    Check,
    Explanation,
    GateResult,
    Match,
    Rules,
    Score,
    VacancyProfile,
    Weights,
    WorkerProfile,
    english_level,
    normalise_languages,
)

__all__ = [
    "COMPONENTS",
    "ENGLISH_LEVELS",
    "Check",
    "Explanation",
    "GateResult",
    "Match",
    "Pairs",
    "Rules",
    "Score",
    "Shortlists",
    "VacancyProfile",
    "Weights",
    "WorkerProfile",
    "assign",
    "english_level",
    "explain",
    "feasible_pairs",
    "normalise_languages",
    "top_k_for_vacancies",
    "top_k_for_workers",
]
