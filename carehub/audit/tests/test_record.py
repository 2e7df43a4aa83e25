from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from carehub.audit import services as audit
from carehub.audit.models import AccessEvent, AuditChainHead, AuditEvent
from carehub.core.models import Region


@pytest.mark.django_db
def test_it_appends_linked_events_with_json_normalised_data(world):
    region = Region.objects.get(gss_code="E12000005")
    head = AuditChainHead.objects.get(pk=1)
    first = audit.record(
        actor=world.user("hub_coordinator"),
        verb="core.example_done",
        subject=region,
        partnership=world.partnership,
        new={"floor": Decimal("12.82"), "from": dt.date(2025, 4, 9)},
    )
    second = audit.record(actor=None, verb="core.example_done", subject=None, note="bulk")
    assert first.seq == head.seq + 1
    assert second.seq == first.seq + 1
    assert first.prev_hash == head.hash
    assert second.prev_hash == first.hash
    first.refresh_from_db()
    assert first.data == {"new": {"floor": "12.82", "from": "2025-04-09"}}
    assert (first.subject_type, first.subject_id) == ("core.region", str(region.pk))
    assert (second.subject_type, second.actor_id, second.data) == ("", None, {"note": "bulk"})


@pytest.mark.django_db
@pytest.mark.parametrize("verb", ["created", "Accounts.Created", "accounts.created.twice", ""])
def test_it_refuses_verbs_outside_the_vocabulary_shape(verb):
    with pytest.raises(ValueError, match=r"app\.thing_done"):
        audit.record(actor=None, verb=verb, subject=None)


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction():
    from carehub.testing.world import ensure_reference_data

    ensure_reference_data()
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit.record(actor=None, verb="core.example_done", subject=None)
    with transaction.atomic():
        audit.record(actor=None, verb="core.example_done", subject=None)
    assert AuditEvent.objects.filter(verb="core.example_done").count() == 1


@pytest.mark.django_db
def test_it_keeps_audit_rows_append_only():
    event = AuditEvent.objects.order_by("seq").first()
    event.verb = "accounts.something_else"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()


@pytest.mark.django_db
def test_it_records_reads_and_exports(world):
    access = audit.record_access(
        user=world.user("safeguarding_lead"),
        subject=world.provider,
        action=AccessEvent.Action.EXPORT,
        partnership=world.partnership,
        detail="x" * 300,
    )
    assert access.subject_type == "accounts.organisation"
    assert len(access.detail) == 200


@pytest.mark.django_db
def test_it_finds_the_seeded_chain_intact():
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "The audit chain is intact" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("edit", "contents do not match its hash"),
        ("delete_middle", "events are missing"),
        ("delete_last", "chain head records event"),
    ],
)
def test_it_detects_a_tampered_row(tamper, message):
    events = AuditEvent.objects.order_by("seq")
    middle = events[len(events) // 2]
    if tamper == "edit":
        AuditEvent.objects.filter(pk=middle.pk).update(data={"tampered": True})
    elif tamper == "delete_middle":
        AuditEvent.objects.filter(pk=middle.pk).delete()
    else:
        AuditEvent.objects.filter(pk=events.last().pk).delete()
    err = io.StringIO()
    with pytest.raises(CommandError, match="The audit chain is broken"):
        call_command("verify_audit_chain", stderr=err)
    assert message in err.getvalue()
