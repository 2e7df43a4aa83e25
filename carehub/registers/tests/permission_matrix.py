from typing import Any

from carehub.registers.models import RegisterChange
from carehub.testing.matrix import Case, expect
from carehub.testing.world import World


def first_change(world: World) -> dict[str, Any]:
    return {"pk": RegisterChange.objects.order_by("pk").first().pk}  # type: ignore[union-attr]


# Register data is public information: every member of the hub may read it.
CASES = [
    Case("registers:change-list", expect()),
    Case("registers:change-list", expect(), query="providers=yes&local_authority=E08000025"),
    Case("registers:cqc-location-list", expect()),
    Case("registers:cqc-location-list", expect(), query="q=Brindley"),
]

API = expect(anonymous=401)
CASES += [
    Case("api:register-change-list", API),
    Case("api:register-change-list", API, query="kind=removed"),
    Case(
        "api:register-change-detail",
        API,
        kwargs=first_change,
    ),
    Case("api:cqc-location-list", API, query="q=B23"),
    Case("api:cqc-location-detail", API, kwargs=lambda w: {"location_id": "1-900000001"}),
]
