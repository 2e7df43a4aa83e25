from typing import Any

from carehub.testing.matrix import Case, only
from carehub.testing.world import World
from carehub.workers.models import Case as WorkerCase
from carehub.workers.tests.permission_matrix_portal import CASES as PORTAL_CASES
from carehub.workers.tests.permission_matrix_selfreferral import CASES as SELF_REFERRAL_CASES

HUB = {"hub_coordinator": 200, "hub_caseworker": 200}


def birmingham_case(world: World) -> dict[str, Any]:
    return {"uuid": WorkerCase.objects.get(worker__full_name="Chidi Okonkwo").uuid}


def intake_data(world: World) -> dict[str, Any]:
    return {
        "source": "phone",
        "full_name": "Thandiwe Dube",
        "in_uk": "yes",
        "need": "licence_revoked",
        "last_soc_code": "6135",
    }


CASES = [
    # Council leads see their area's cases; the other partnership's coordinator their own.
    Case(
        "workers:caseload",
        only({**HUB, "council_lead": 200, "other_partnership": 200}, otherwise=404),
    ),
    Case(
        "workers:caseload",
        only({**HUB, "council_lead": 200, "other_partnership": 200}, otherwise=404),
        query="status=active&mine=yes",
    ),
    Case(
        "workers:case-detail",
        only({**HUB, "council_lead": 200}, otherwise=404),
        kwargs=birmingham_case,
    ),
    Case("workers:intake", only({**HUB, "other_partnership": 200}, otherwise=404)),
    Case(
        "workers:intake",
        only(
            {"hub_coordinator": 302, "hub_caseworker": 302, "other_partnership": 302}, otherwise=404
        ),
        method="post",
        data=intake_data,
    ),
]

CASES += [
    Case("api:case-list", only({}, otherwise=200, anonymous=401)),
    Case(
        "api:case-detail",
        only({**HUB, "council_lead": 200}, otherwise=404, anonymous=401),
        kwargs=birmingham_case,
    ),
]

# The public journeys keep their cases beside their own tests.
CASES += SELF_REFERRAL_CASES + PORTAL_CASES
