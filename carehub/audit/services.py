"""Writing the audit trail. Services call `record()` inside their own transaction, so the
change and its audit event commit (or roll back) together."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from carehub.audit.chain import compute_hash
from carehub.audit.models import AccessEvent, AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from carehub.accounts.models import Organisation, Partnership, User

VERB_PATTERN = re.compile(r"^[a-z_]+\.[a-z_]+$")


def subject_label(subject: models.Model | None) -> tuple[str, str]:
    if subject is None:
        return "", ""
    return subject._meta.label_lower, str(subject.pk)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON so the hash covers exactly what the database will hand back.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def record(
    *,
    actor: User | AnonymousUser | None,
    verb: str,
    subject: models.Model | None,
    partnership: Partnership | None = None,
    organisation: Organisation | None = None,
    subject_user: User | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    **extra: Any,
) -> AuditEvent:
    """Append an event to the audit chain.

    Must run inside the caller's transaction (it refuses otherwise), so an event exists
    exactly when the change it describes was committed. `old`/`new` hold changed values.
    `subject` may be None for changes to many records at once (an import); say what
    changed in the extra keyword arguments.
    """
    if not VERB_PATTERN.match(verb):
        raise ValueError(f"Audit verbs look like 'app.thing_done', not {verb!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the service's transaction")
    data: dict[str, Any] = {}
    if old is not None:
        data["old"] = old
    if new is not None:
        data["new"] = new
    data.update(extra)
    subject_type, subject_id = subject_label(subject)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None

    # Lock the head row: concurrent writers queue here, one link at a time.
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "verb": verb,
        "partnership_id": partnership.pk if partnership else None,
        "organisation_id": organisation.pk if organisation else None,
        "subject_user_id": subject_user.pk if subject_user else None,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "data": _jsonable(data),
    }
    event_hash = compute_hash(head.hash, fields)
    event = AuditEvent.objects.create(**fields, prev_hash=head.hash, hash=event_hash)
    head.seq, head.hash = event.seq, event_hash
    head.save(update_fields=["seq", "hash"])
    return event


def record_access(
    *,
    user: User,
    subject: models.Model,
    action: str = AccessEvent.Action.VIEW,
    partnership: Partnership | None = None,
    detail: str = "",
) -> AccessEvent:
    """Note that someone read or exported a sensitive record."""
    subject_type, subject_id = subject_label(subject)
    return AccessEvent.objects.create(
        user=user,
        action=action,
        partnership=partnership,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail[:200],
    )
