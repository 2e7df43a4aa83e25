from typing import Any

from carehub.audit.models import AuditEvent
from carehub.testing.matrix import Case, expect, only
from carehub.testing.world import World

AUDITORS = {"hub_coordinator": 200, "system_admin": 200}
# The other partnership's coordinator reads their own partnership's log.
OWN_LOG = {**AUDITORS, "other_partnership": 200}


def partnership_event(world: World) -> dict[str, Any]:
    event = AuditEvent.objects.filter(partnership=world.partnership).order_by("seq").first()
    return {"seq": event.seq}  # type: ignore[union-attr]


CASES = [
    Case("audit:event-list", only(OWN_LOG, otherwise=404)),
    Case("audit:event-list", only(OWN_LOG, otherwise=404), query="verb=accounts.membership_added"),
    Case("audit:event-export", only(OWN_LOG, otherwise=404), html=False),
    Case("api:audit-event-list", expect(anonymous=401)),
    Case(
        "api:audit-event-detail",
        only(AUDITORS, otherwise=404, anonymous=401),
        kwargs=partnership_event,
    ),
]
