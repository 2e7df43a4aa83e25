"""Posting vacancies (sponsorship, pay floor, ethical declaration) and the introductions
pipeline with staged disclosure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from carehub.accounts.models import Notification
from carehub.providers.models import Provider
from carehub.vacancies import rules, services
from carehub.vacancies.models import Introduction, Vacancy
from carehub.workers.models import Case, ConsentEntry

pytestmark = pytest.mark.django_db
FLOOR = rules.PayFloor(hourly=Decimal("12.82"), annual=Decimal("25000"))


@pytest.mark.parametrize(
    ("hourly", "annual", "expected"),
    [
        ("12.82", "25000", []),
        ("13.50", "26000.00", []),
        ("12.81", "25000", ["hourly rate £12.81 is below the floor of £12.82"]),
        ("12.82", "24999.99", ["annual salary £24,999.99 is below the floor of £25,000.00"]),
        (
            "11.44",
            "23200",
            [
                "hourly rate £11.44 is below the floor of £12.82",
                "annual salary £23,200.00 is below the floor of £25,000.00",
            ],
        ),
    ],
)
def test_it_finds_pay_below_the_floor(hourly, annual, expected):
    found = rules.pay_shortfalls(Decimal(hourly), Decimal(annual), FLOOR)
    assert [reason.split("The ", 1)[1] for reason in found] == expected


@pytest.mark.parametrize(
    ("hourly", "hours", "annual"),
    [("12.82", "37.5", "24999.00"), ("13.10", "37.5", "25545.00"), ("12.00", "0", "0.00")],
)
def test_it_works_out_annual_pay(hourly, hours, annual):
    assert rules.annual_from_hourly(Decimal(hourly), Decimal(hours)) == Decimal(annual)


def details(**overrides):
    values = {
        "title": "Day care worker",
        "role": "care_worker",
        "setting": "residential",
        "postcode": "B15 2TT",
        "hours_per_week": Decimal("37.5"),
        "hourly_rate": Decimal("13.10"),
        "annual_salary": Decimal("25545.00"),
        "driving_licence_required": False,
        "car_required": False,
        "english_level_needed": "everyday",
        "start_date": timezone.localdate() + dt.timedelta(days=14),
        "positions": 1,
        "cos_available": True,
        "no_fees_declared": True,
        "repayment_clause": False,
    }
    values.update(overrides)
    return values


def provider(name="Brindley Court Care Ltd"):
    return Provider.objects.get(organisation__name=name)


def test_a_provider_manager_posts_a_vacancy_for_their_own_provider(world):
    vacancy = services.post_vacancy(
        provider=provider(), details=details(), actor=world.user("provider_manager")
    )
    assert vacancy.soc_code == "6135"
    assert (vacancy.latitude, vacancy.longitude) == (52.466, -1.915)  # demo district
    with pytest.raises(PermissionDenied):
        services.post_vacancy(
            provider=provider("Arden Lodge Residential Care"),
            details=details(),
            actor=world.user("provider_manager"),
        )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hourly_rate": Decimal("12.50")}, "hourly_rate", "below the floor of £12.82"),
        ({"annual_salary": Decimal("24000")}, "hourly_rate", "below the floor of £25,000.00"),
        ({"no_fees_declared": False}, "no_fees_declared", "no fees are charged"),
        ({"repayment_clause": True}, "repayment_terms", "amount and terms"),
        ({"start_date": dt.date(2020, 1, 1)}, "start_date", "today or later"),
        ({"postcode": "NOT A CODE"}, "postcode", "real postcode"),
        ({"positions": 0}, "positions", "at least one"),
    ],
)
def test_it_refuses_a_vacancy_with_the_reason(world, overrides, field, message):
    before = Vacancy.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.post_vacancy(
            provider=provider(), details=details(**overrides), actor=world.user("hub_caseworker")
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert Vacancy.objects.count() == before


def test_it_refuses_a_sponsored_role_from_a_provider_without_an_a_rated_licence(world):
    with pytest.raises(ValidationError) as refused:
        services.post_vacancy(
            provider=provider("Wrekin View Nursing Home"),
            details=details(postcode="TF1 5AA"),
            actor=world.user("hub_caseworker"),
        )
    assert "rated B, not A" in " ".join(refused.value.message_dict["cos_available"])
    # The same job without sponsorship is accepted: the rules are for sponsored roles.
    vacancy = services.post_vacancy(
        provider=provider("Wrekin View Nursing Home"),
        details=details(postcode="TF1 5AA", cos_available=False, hourly_rate=Decimal("12.60")),
        actor=world.user("hub_caseworker"),
    )
    assert not vacancy.sponsored


def test_the_floor_is_the_one_in_force_on_the_start_date(world):
    from carehub.core.models import PolicyValue

    start = timezone.localdate() + dt.timedelta(days=60)
    PolicyValue.objects.create(
        key="care_worker_salary_floor_hourly",
        value="13.50",
        effective_from=start,
        source="test",
    )
    early = details(start_date=start - dt.timedelta(days=1))
    services.post_vacancy(provider=provider(), details=early, actor=world.user("hub_caseworker"))
    with pytest.raises(ValidationError, match=r"below the floor of £13\.50"):
        services.post_vacancy(
            provider=provider(),
            details=details(start_date=start),
            actor=world.user("hub_caseworker"),
        )


def chidis():
    return Introduction.objects.select_related("vacancy__provider", "worker", "case").get(
        worker__full_name="Chidi Okonkwo"
    )


def test_the_provider_learns_who_the_worker_is_only_after_they_agree(world, client_for):
    introduction = chidis()
    url = reverse("vacancies:introduction-detail", args=[introduction.uuid])
    provider_client = client_for("provider_manager")
    before = provider_client.get(url)
    assert b"Chidi" not in before.content
    assert b"A candidate from the hub" in before.content
    assert services.stages_for(world.user("provider_manager"), introduction) == ()
    services.move_introduction(
        introduction=introduction, to="worker_agreed", actor=None, worker=introduction.worker
    )
    introduction.refresh_from_db()
    assert introduction.stage == "shared"
    after = provider_client.get(url)
    assert b"Chidi Okonkwo" in after.content
    assert b"chidi@worker.demo" in after.content
    entry = ConsentEntry.objects.filter(kind="disclosure", worker=introduction.worker).latest(
        "created_at"
    )
    assert entry.recipient == introduction.vacancy.provider.organisation
    assert Notification.objects.filter(
        user=world.user("provider_manager"), link__contains=str(introduction.uuid)
    ).exists()
    assert Case.objects.get(pk=introduction.case_id).status == "introduced"


def test_a_worker_may_only_answer_their_own_new_introduction(world):
    introduction = chidis()
    other = Introduction.objects.get(worker__full_name="Anjali Nair")
    with pytest.raises(PermissionDenied):
        services.move_introduction(
            introduction=introduction, to="worker_agreed", actor=None, worker=other.worker
        )
    with pytest.raises(PermissionDenied):
        services.move_introduction(introduction=other, to="offer", actor=None, worker=other.worker)


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({}, "certificate of sponsorship number"),
        ({"cos_number": "C1234"}, "displaced worker pool"),
    ],
)
def test_a_cos_needs_its_number_and_the_pool_statement(world, extra, error):
    introduction = Introduction.objects.get(worker__full_name="Anjali Nair")
    actor = world.user("hub_caseworker")
    services.move_introduction(introduction=introduction, to="offer", actor=actor)
    with pytest.raises(ValidationError, match=error):
        services.move_introduction(
            introduction=introduction, to="cos_assigned", actor=actor, **extra
        )


def test_a_job_start_places_the_case_with_follow_ups(world):
    introduction = Introduction.objects.get(worker__full_name="Anjali Nair")
    actor = world.user("hub_caseworker")
    for stage, extra in [
        ("offer", {}),
        ("cos_assigned", {"cos_number": "C9X", "pool_statement": True}),
        ("visa_applied", {}),
        ("started", {"started_on": dt.date(2026, 12, 1)}),
    ]:
        services.move_introduction(introduction=introduction, to=stage, actor=actor, **extra)
    case = Case.objects.get(pk=introduction.case_id)
    assert (case.status, case.placed_on) == ("placed", dt.date(2026, 12, 1))
    assert case.follow_ups.count() == 4
    introduction.refresh_from_db()
    assert introduction.pool_statement_recorded


def test_ending_needs_a_barrier_and_returns_the_case_to_active_work(world):
    introduction = Introduction.objects.get(worker__full_name="Anjali Nair")
    actor = world.user("hub_caseworker")
    with pytest.raises(ValidationError, match="why it did not go ahead"):
        services.move_introduction(introduction=introduction, to="declined", actor=actor)
    services.move_introduction(
        introduction=introduction, to="withdrawn", actor=actor, barrier="provider_withdrew"
    )
    assert Case.objects.get(pk=introduction.case_id).status == "active"
    assert services.allowed_stages(introduction) == ()


def test_providers_move_only_their_shared_introductions(world):
    anjali = Introduction.objects.get(worker__full_name="Anjali Nair")  # Severn Vale
    with pytest.raises(PermissionDenied):
        services.move_introduction(
            introduction=anjali, to="offer", actor=world.user("provider_manager")
        )
