from typing import Any

from carehub.registers.sponsor_register import normalise_name, normalise_town
from carehub.testing.matrix import Case, expect, only
from carehub.testing.world import World

OUT_OF_SCOPE = {"evaluator": 404, "other_partnership": 404}


def provider(world: World) -> dict[str, Any]:
    return {"uuid": world.provider.provider.uuid}


def confirm_brindley(world: World) -> dict[str, Any]:
    key = f"{normalise_name('Brindley Court Care Ltd')}|{normalise_town('Birmingham')}"
    return {"kind": "sponsor", "key": key, "decision": "confirmed"}


CASES = [
    Case("providers:provider-list", expect(evaluator=404)),
    Case("providers:provider-list", expect(evaluator=404), query="licence=A&q=care"),
    Case("providers:provider-detail", expect(**OUT_OF_SCOPE), kwargs=provider),
    Case(
        "providers:decide-link",
        only(
            {"hub_coordinator": 302, "system_admin": 302, "provider_manager": 302, **OUT_OF_SCOPE},
            otherwise=403,
        ),
        kwargs=provider,
        method="post",
        data=confirm_brindley,
    ),
]

API = expect(anonymous=401)
CASES += [
    Case("api:provider-list", API),
    Case("api:provider-detail", expect(anonymous=401, **OUT_OF_SCOPE), kwargs=provider),
]
