"""Sending a self-referral: one transaction that opens the worker's case, records their
consents, and queues the acknowledgement for after the commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from carehub.accounts.models import Partnership
from carehub.accounts.roles import OrganisationKind
from carehub.audit import services as audit
from carehub.core.notifications import send_email_on_commit, send_sms_on_commit
from carehub.providers.models import Provider
from carehub.workers import services
from carehub.workers.models import Case, ConsentEntry, Task, Worker

CONSENT_REFERENCE = "Self-referral form"


def reply_working_days() -> int:
    """How soon the hub promises to reply (said on the confirmation page, in the
    acknowledgement and in the privacy notice)."""
    return int(settings.SELF_REFERRAL_REPLY_WORKING_DAYS)


@transaction.atomic
def submit_self_referral(
    *,
    partnership: Partnership,
    details: dict[str, Any],
    in_danger: bool,
    consent_to_share: bool,
    consent_to_profile: bool,
) -> Case:
    """Open a self-referral case for a worker who asked for help through the public form.

    `details` are Worker fields plus `last_sponsor` (a Provider id or None). The privacy
    notice was shown, so it is recorded as seen. A consent the worker did not give is not
    written to the ledger: the ledger's "withdrawn" would say they once gave it, and the flag
    already defaults to no; their answer is kept in the self_referral_received audit event.
    Someone who said they are in danger gets a task due today, so a caseworker calls first.
    """
    details = dict(details)
    provider_id = details.pop("last_sponsor", None)
    case = services.record_contact(
        partnership=partnership,
        source=Case.Source.SELF_REFERRAL,
        first_contact_at=timezone.now(),
        details=details,
        actor=None,
        check_permission=False,
    )
    worker = case.worker
    if provider_id is not None:
        # record_contact's WORKER_FIELDS leave the sponsor link out: set it here.
        worker.last_sponsor = Provider.objects.filter(pk=provider_id).first()
        worker.save(update_fields=["last_sponsor", "updated_at"])
    services.record_consent(
        worker=worker,
        purpose=ConsentEntry.PRIVACY,
        given=True,
        actor=None,
        consent_reference=CONSENT_REFERENCE,
    )
    for purpose, given in (
        (ConsentEntry.SHARE, consent_to_share),
        (ConsentEntry.PROFILE, consent_to_profile),
    ):
        if given:
            services.record_consent(
                worker=worker,
                purpose=purpose,
                given=True,
                actor=None,
                consent_reference=CONSENT_REFERENCE,
            )
    if in_danger:
        Task.objects.create(
            case=case,
            title="They said they were in danger when they asked for help: contact them today",
            due_on=timezone.localdate(),
        )
    audit.record(
        actor=None,
        verb="workers.self_referral_received",
        subject=case,
        partnership=partnership,
        new={
            "reference": worker.reference,
            "in_danger": in_danger,
            "consent_to_share": consent_to_share,
            "consent_to_profile": consent_to_profile,
            "last_sponsor_linked": worker.last_sponsor_id is not None,
        },
    )
    acknowledge(worker, partnership=partnership, in_danger=in_danger)
    return case


def acknowledge(worker: Worker, *, partnership: Partnership, in_danger: bool) -> None:
    """Tell the worker we have their request: by email if they gave an address, and by text
    if they asked to be texted. Rendered now, in the language of the request."""
    hub = partnership.organisations.filter(kind=OrganisationKind.REGIONAL_HUB).first()
    context = {
        "reference": worker.reference,
        "full_name": worker.full_name,
        "partnership": partnership.name,
        "hub_email": hub.email if hub else "",
        "hub_phone": hub.phone if hub else "",
        "reply_days": reply_working_days(),
        "in_danger": in_danger,
    }
    if worker.email:
        send_email_on_commit(
            to=worker.email,
            template="workers/email/self_referral_acknowledgement",
            context=context,
        )
    if worker.phone and worker.contact_preference == "sms":
        body = gettext(
            "%(partnership)s: we have your request for help. Your reference is %(reference)s. "
            "We will contact you within %(days)s working days. In danger? Call 999."
        ) % {
            "partnership": partnership.name,
            "reference": worker.reference,
            "days": context["reply_days"],
        }
        send_sms_on_commit(worker.phone, body)
