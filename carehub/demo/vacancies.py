"""Demo vacancies and introductions at several stages. All fictional."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carehub.accounts.demo import demo_email
from carehub.accounts.models import Partnership, User
from carehub.providers.models import Provider
from carehub.vacancies import services
from carehub.vacancies.models import Introduction, Vacancy
from carehub.workers import services as casework
from carehub.workers.models import Case

Stage = Introduction.Stage

# (provider, title, role, setting, postcode, hours, hourly rate, driving, car, English,
#  positions, days to start, repayment clause (amount, terms) or None)
VACANCIES = [
    (
        "Brindley Court Care Ltd",
        "Night care worker",
        "care_worker",
        "residential",
        "B15 2TT",
        "37.5",
        "13.10",
        False,
        False,
        "everyday",
        2,
        14,
        None,
    ),
    (
        "Black Country Homecare Services Ltd",
        "Home care worker (driver)",
        "care_worker",
        "home_care",
        "B70 7PG",
        "39",
        "13.00",
        True,
        True,
        "everyday",
        3,
        10,
        None,
    ),
    (
        "Arden Lodge Residential Care",
        "Senior care worker",
        "senior_care_worker",
        "residential",
        "CV34 4AB",
        "40",
        "14.20",
        False,
        False,
        "good",
        1,
        21,
        None,
    ),
    (
        "Severn Vale Home Care Ltd",
        "Care worker, Worcester rounds",
        "care_worker",
        "home_care",
        "WR1 2AB",
        "38",
        "13.25",
        True,
        False,
        "everyday",
        2,
        7,
        None,
    ),
    (
        "Potteries Community Care CIC",
        "Supported living support worker",
        "care_worker",
        "supported_living",
        "ST1 3AA",
        "37.5",
        "12.90",
        False,
        False,
        "everyday",
        1,
        28,
        (
            "900.00",
            "Level 3 diploma costs, repaid only if leaving within 12 months, "
            "reducing by a twelfth each month",
        ),
    ),
]


def _vacancy(partnership: Partnership, actor: User, row: tuple[object, ...]) -> Vacancy:
    (provider, title, role, setting, postcode, hours, rate, driving, car, english) = row[:10]
    positions, days, repayment = row[10], row[11], row[12]
    hourly = Decimal(str(rate))
    weekly = Decimal(str(hours))
    return services.post_vacancy(
        provider=Provider.objects.get(
            organisation__partnership=partnership, organisation__name=provider
        ),
        details={
            "title": title,
            "role": role,
            "setting": setting,
            "postcode": postcode,
            "hours_per_week": weekly,
            "hourly_rate": hourly,
            "annual_salary": (hourly * weekly * 52).quantize(Decimal("0.01")),
            "shift_pattern": "Rota over seven days, alternate weekends",
            "driving_licence_required": driving,
            "car_required": car,
            "english_level_needed": english,
            "start_date": timezone.localdate() + dt.timedelta(days=int(str(days))),
            "positions": positions,
            "cos_available": True,
            "no_fees_declared": True,
            "repayment_clause": repayment is not None,
            "repayment_amount": Decimal(repayment[0]) if repayment else None,  # type: ignore[index]
            "repayment_terms": repayment[1] if repayment else "",  # type: ignore[index]
        },
        actor=actor,
    )


def _move(introduction: Introduction, actor: User, *stages: str, **extra: object) -> None:
    for stage in stages:
        services.move_introduction(
            introduction=introduction,
            to=stage,
            actor=None if stage == Stage.WORKER_AGREED else actor,
            worker=introduction.worker if stage == Stage.WORKER_AGREED else None,
            **(extra if stage in (Stage.COS_ASSIGNED, Stage.STARTED) else {}),  # type: ignore[arg-type]
        )


@transaction.atomic
def seed_vacancies() -> dict[str, int]:
    partnership = Partnership.objects.get(name="West Midlands Care Workforce Partnership")
    if Vacancy.objects.filter(partnership=partnership).exists():
        return {"vacancies": Vacancy.objects.count()}
    coordinator = User.objects.get(email=demo_email("coordinator"))
    caseworker = User.objects.get(email=demo_email("caseworker"))
    made = {row[1]: _vacancy(partnership, caseworker, row) for row in VACANCIES}

    def case(name: str) -> Case:
        return Case.objects.select_related("worker").get(
            worker__full_name=name, partnership=partnership
        )

    # Ravi started at Arden Lodge five weeks ago: his placement came through the pipeline.
    ravi = services.propose_introduction(
        case=case("Ravi Kumar"), vacancy=made["Senior care worker"], actor=coordinator
    )
    _move(
        ravi,
        coordinator,
        Stage.WORKER_AGREED,
        Stage.INTERVIEW,
        Stage.OFFER,
        Stage.COS_ASSIGNED,
        Stage.VISA_APPLIED,
        Stage.STARTED,
        cos_number="C4G8H1234567",
        pool_statement=True,
        started_on=timezone.localdate() - dt.timedelta(days=35),
    )
    casework.record_follow_up(
        follow_up=ravi.case.follow_ups.get(days_after=30),
        still_employed=True,
        visa_granted=None,
        notes="Settled in well; visa application submitted",
        actor=caseworker,
    )
    # Anjali agreed to an introduction in Worcester, which shared her details with them.
    anjali = services.propose_introduction(
        case=case("Anjali Nair"), vacancy=made["Care worker, Worcester rounds"], actor=caseworker
    )
    _move(anjali, caseworker, Stage.WORKER_AGREED, Stage.INTERVIEW)
    # Chidi has a new proposal waiting for his answer; Brindley Court sees him anonymised.
    services.propose_introduction(
        case=case("Chidi Okonkwo"), vacancy=made["Night care worker"], actor=caseworker
    )
    # Tendai declined a home-care job: he has no car.
    tendai = services.propose_introduction(
        case=case("Tendai Moyo"), vacancy=made["Home care worker (driver)"], actor=caseworker
    )
    _move(tendai, caseworker)
    services.move_introduction(
        introduction=tendai,
        to=Stage.DECLINED,
        actor=caseworker,
        barrier=Introduction.Barrier.DRIVING,
        note="No car; the rounds are rural",
    )
    return {"vacancies": Vacancy.objects.count(), "introductions": Introduction.objects.count()}
