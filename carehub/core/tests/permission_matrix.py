from typing import Any

from carehub.core.models import PolicyValue
from carehub.testing.matrix import Case, expect
from carehub.testing.world import World

PUBLIC = expect(anonymous=200)
API = expect(anonymous=401)


def first_policy_value(world: World) -> dict[str, Any]:
    return {"pk": PolicyValue.objects.order_by("pk").first().pk}  # type: ignore[union-attr]


CASES = [
    Case("core:home", expect()),
    Case("core:local-authorities", expect()),
    Case("core:local-authorities", expect(), query="region=E12000005"),
    Case("core:policy-values", expect()),
    Case("core:privacy", PUBLIC),
    Case("core:cookies", PUBLIC),
    Case("core:accessibility", PUBLIC),
    Case("core:data-sources", PUBLIC),
    Case("core:healthz", PUBLIC, html=False),
    Case("api-docs", PUBLIC),
    Case("api-schema", PUBLIC, html=False),
    Case("api:local-authority-list", API),
    Case("api:local-authority-detail", API, kwargs=lambda w: {"gss_code": "E08000025"}),
    Case("api:policy-value-list", API),
    Case("api:policy-value-detail", API, kwargs=first_policy_value),
    Case("api:policy-value-in-force", API, query="on=2025-01-01"),
    # Nobody in the cast is admin-site staff: everyone is sent to the admin sign-in.
    Case("admin:index", expect(default=302)),
]
