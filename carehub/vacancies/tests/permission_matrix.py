"""Vacancies, introductions and regional matching: hub staff see their partnership's;
provider managers their own provider's; nobody else any (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from carehub.testing.matrix import Case, only
from carehub.testing.world import World
from carehub.vacancies.models import Introduction, Vacancy
from carehub.workers.models import Case as WorkerCase

HUB = {"hub_coordinator": 200, "hub_caseworker": 200}
HUB_AND_PROVIDER = {**HUB, "provider_manager": 200}
# The other partnership's coordinator sees their own (empty) lists.
LISTS = only({**HUB_AND_PROVIDER, "other_partnership": 200}, otherwise=404)


def night_care(world: World) -> dict[str, Any]:
    return {"uuid": Vacancy.objects.get(title="Night care worker").uuid}


def chidi_introduction(world: World) -> dict[str, Any]:
    return {"uuid": Introduction.objects.get(worker__full_name="Chidi Okonkwo").uuid}


def vacancy_data(world: World) -> dict[str, Any]:
    from carehub.providers.models import Provider

    start = timezone.localdate() + dt.timedelta(days=20)
    return {
        "provider": Provider.objects.get(organisation__name="Brindley Court Care Ltd").pk,
        "title": "Day care worker",
        "role": "care_worker",
        "setting": "residential",
        "postcode": "B15 2TT",
        "hours_per_week": "37.5",
        "hourly_rate": "13.10",
        "annual_salary": "25545",
        "driving_licence_required": "False",
        "car_required": "False",
        "english_level_needed": "everyday",
        "start_date_0": start.day,
        "start_date_1": start.month,
        "start_date_2": start.year,
        "positions": "1",
        "cos_available": "True",
        "no_fees_declared": "on",
        "repayment_clause": "False",
    }


def propose_kwargs(world: World) -> dict[str, Any]:
    case = WorkerCase.objects.get(worker__full_name="Priya Sharma")
    return {"case": case.uuid, "vacancy": night_care(world)["uuid"]}


def api(allowed: dict[str, int], **others: int) -> dict[str, int]:
    return only({**allowed, **others}, otherwise=404, anonymous=401)


CASES = [
    Case("vacancies:vacancy-list", LISTS),
    Case("vacancies:vacancy-list", LISTS, query="status=any"),
    Case("vacancies:vacancy-create", only(HUB_AND_PROVIDER, otherwise=404)),
    Case(
        "vacancies:vacancy-create",
        only(
            {"hub_coordinator": 302, "hub_caseworker": 302, "provider_manager": 302}, otherwise=404
        ),
        method="post",
        data=vacancy_data,
    ),
    Case("vacancies:vacancy-detail", only(HUB_AND_PROVIDER, otherwise=404), kwargs=night_care),
    Case("vacancies:vacancy-edit", only(HUB_AND_PROVIDER, otherwise=404), kwargs=night_care),
    Case(
        "vacancies:vacancy-status",
        only(
            {"hub_coordinator": 302, "hub_caseworker": 302, "provider_manager": 302}, otherwise=404
        ),
        kwargs=night_care,
        method="post",
        data=lambda w: {"status": "filled"},
    ),
    Case("vacancies:introduction-list", LISTS),
    Case(
        "vacancies:introduction-detail",
        only(HUB_AND_PROVIDER, otherwise=404),
        kwargs=chidi_introduction,
    ),
    # Providers may record stages only once the worker's details are shared with them.
    Case(
        "vacancies:introduction-detail",
        only({"hub_coordinator": 302, "hub_caseworker": 302}, otherwise=404),
        kwargs=chidi_introduction,
        method="post",
        data=lambda w: {"to": "declined", "barrier": "hours"},
    ),
    Case(
        "vacancies:propose",
        only({"hub_coordinator": 302, "hub_caseworker": 302}, otherwise=404),
        kwargs=propose_kwargs,
        method="post",
    ),
    Case(
        "vacancies:matching",
        only({"hub_coordinator": 200, "other_partnership": 200}, otherwise=404),
    ),
    Case(
        "vacancies:matching",
        only({"hub_coordinator": 302, "other_partnership": 302}, otherwise=404),
        method="post",
        data=lambda w: {"proposal": "not-a-proposal"},
    ),
    Case("api:vacancy-list", only({}, otherwise=200, anonymous=401), api=True),
    Case("api:vacancy-detail", api(HUB_AND_PROVIDER), kwargs=night_care, api=True),
    Case("api:vacancy-candidates", api(HUB_AND_PROVIDER), kwargs=night_care, api=True),
    Case("api:introduction-list", only({}, otherwise=200, anonymous=401), api=True),
    Case("api:introduction-detail", api(HUB_AND_PROVIDER), kwargs=chidi_introduction, api=True),
    Case(
        "api:introduction-move",
        api(HUB, provider_manager=403),
        kwargs=chidi_introduction,
        method="post",
        data=lambda w: {"to": "declined", "barrier": "hours"},
        api=True,
    ),
    Case(
        "api:introduction-propose",
        only({"hub_coordinator": 201, "hub_caseworker": 201}, otherwise=400, anonymous=401),
        method="post",
        data=lambda w: {k: str(v) for k, v in propose_kwargs(w).items()},
        api=True,
    ),
]
