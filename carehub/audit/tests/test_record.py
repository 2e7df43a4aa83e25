from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from carehub.audit import services as audit
from carehub.audit.chain import compute_hash
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
        organisation=world.hub,
        subject_user=world.user("hub_caseworker"),
        old={"floor": Decimal("11.90")},
        new={"floor": Decimal("12.82"), "from": dt.date(2025, 4, 9), "codes": ("6135", "6136")},
    )
    second = audit.record(actor=None, verb="core.example_done", subject=None, note="bulk")
    assert first.seq == head.seq + 1
    assert second.seq == first.seq + 1
    assert first.prev_hash == head.hash
    assert second.prev_hash == first.hash

    head.refresh_from_db()
    assert (head.seq, head.hash) == (second.seq, second.hash)

    first.refresh_from_db()
    assert first.data == {
        "old": {"floor": "11.90"},
        "new": {"floor": "12.82", "from": "2025-04-09", "codes": ["6135", "6136"]},
    }
    assert (first.actor, first.partnership, first.organisation, first.subject_user) == (
        world.user("hub_coordinator"),
        world.partnership,
        world.hub,
        world.user("hub_caseworker"),
    )
    assert (first.subject_type, first.subject_id) == ("core.region", str(region.pk))
    # The stored row hashes to its hash: what the database hands back is what was hashed.
    stored = AuditEvent.objects.values().get(pk=first.pk)
    assert compute_hash(stored["prev_hash"], stored) == stored["hash"]
    assert (second.subject_type, second.subject_id, second.actor_id, second.data) == (
        "",
        "",
        None,
        {"note": "bulk"},
    )


@pytest.mark.django_db
def test_it_records_an_anonymous_actor_as_the_system():
    from django.contrib.auth.models import AnonymousUser

    event = audit.record(actor=AnonymousUser(), verb="core.example_done", subject=None)
    assert event.actor_id is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "verb",
    ["created", "Accounts.Created", "accounts.created.twice", "accounts.", ".created", "", "a b.c"],
)
def test_it_refuses_verbs_outside_the_vocabulary_shape(verb):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match=r"app\.thing_done"):
        audit.record(actor=None, verb=verb, subject=None)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction():
    from carehub.testing.world import ensure_reference_data

    ensure_reference_data()
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit.record(actor=None, verb="core.example_done", subject=None)
    assert AuditEvent.objects.count() == before
    with transaction.atomic():
        audit.record(actor=None, verb="core.example_done", subject=None)
    assert AuditEvent.objects.filter(verb="core.example_done").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AuditEvent, AccessEvent])
@pytest.mark.parametrize("operation", ["save", "delete"])
def test_it_keeps_audit_rows_append_only(world, model, operation):
    if model is AccessEvent:
        audit.record_access(user=world.user("safeguarding_lead"), subject=world.provider)
    row = model.objects.first()
    if operation == "save":
        row.subject_id = "changed"
    with pytest.raises(RuntimeError, match=f"{model.__name__} rows are append-only"):
        getattr(row, operation)()
    assert model.objects.filter(pk=row.pk).exclude(subject_id="changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "detail", "stored"),
    [
        (AccessEvent.Action.VIEW, "", ""),
        (AccessEvent.Action.EXPORT, "x" * 300, "x" * 200),
    ],
)
def test_it_records_reads_and_exports(world, action, detail, stored):
    access = audit.record_access(
        user=world.user("safeguarding_lead"),
        subject=world.provider,
        action=action,
        partnership=world.partnership,
        detail=detail,
    )
    access.refresh_from_db()
    assert (access.user, access.action, access.partnership) == (
        world.user("safeguarding_lead"),
        action,
        world.partnership,
    )
    assert (access.subject_type, access.subject_id) == (
        "accounts.organisation",
        str(world.provider.pk),
    )
    assert access.detail == stored


def verify_chain() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit_chain", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_finds_the_seeded_chain_intact():
    head = AuditChainHead.objects.get(pk=1)
    assert head.seq == AuditEvent.objects.count() > 0
    out, err = verify_chain()
    assert f"The audit chain is intact: {head.seq} events checked" in out
    assert err == ""


@pytest.mark.django_db
def test_it_still_finds_the_chain_intact_after_new_events(world):
    with transaction.atomic():
        audit.record(actor=world.user("system_admin"), verb="core.example_done", subject=None)
    assert "The audit chain is intact" in verify_chain()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("edit", "contents do not match its hash: the row was changed"),
        ("delete_middle", "expected event #{missing}: events are missing"),
        ("delete_last", "the chain head records event"),
    ],
)
def test_it_detects_a_tampered_row(tamper, message):
    events = list(AuditEvent.objects.order_by("seq"))
    middle, last = events[len(events) // 2], events[-1]
    if tamper == "edit":
        AuditEvent.objects.filter(pk=middle.pk).update(data={"tampered": True})
        broken = middle.seq
    elif tamper == "delete_middle":
        AuditEvent.objects.filter(pk=middle.pk).delete()
        broken = middle.seq + 1  # the first event after the gap
        message = message.format(missing=middle.seq)
    else:
        AuditEvent.objects.filter(pk=last.pk).delete()
        broken = last.seq - 1  # the new last event, which the chain head does not match
    err = io.StringIO()
    with pytest.raises(CommandError, match="The audit chain is broken"):
        call_command("verify_audit_chain", stdout=io.StringIO(), stderr=err)
    assert f"Event #{broken}: {message}" in err.getvalue()
