"""Recording contacts and working on cases. Every write is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from carehub.accounts import permissions
from carehub.accounts.models import Partnership, User
from carehub.accounts.roles import Capability
from carehub.audit import services as audit
from carehub.core import policy
from carehub.lib.postcodes import normalise_postcode
from carehub.registers.geocoding import geocode
from carehub.workers import deadlines, eligibility
from carehub.workers.clock import rules_on
from carehub.workers.models import Case, ConsentEntry, Worker

WORKER_FIELDS = (
    "full_name",
    "email",
    "phone",
    "preferred_language",
    "date_of_birth",
    "nationality",
    "postcode",
    "in_uk",
    "last_sponsor_name",
    "need",
    "home_office_reference",
    "last_cos_number",
    "last_soc_code",
    "visa_expiry",
    "revocation_letter_on",
    "curtailment_letter_on",
    "cancellation_paused_on",
    "cancellation_paused_reason",
    "years_in_care",
    "care_settings",
    "care_certificate",
    "level2_certificate",
    "driving_licence",
    "has_car",
    "english_level",
    "languages",
    "hours_wanted",
    "travel_miles",
    "earliest_start",
    "contact_preference",
)
# Fields a worker may change themselves (their own view); the rest go through a caseworker.
SELF_SERVICE_FIELDS = (
    "email",
    "phone",
    "preferred_language",
    "contact_preference",
    "postcode",
    "hours_wanted",
    "travel_miles",
    "earliest_start",
    "driving_licence",
    "has_car",
    "english_level",
    "languages",
)


def recompute(worker: Worker, *, today: dt.date | None = None) -> None:
    """Refresh the stored eligibility and deadline from the pure rules and policy values."""
    today = today or timezone.localdate()
    decided = eligibility.pool_eligibility(
        eligibility.PoolFacts(
            in_uk=worker.in_uk,
            last_soc_code=worker.last_soc_code,
            need=eligibility.NeedReason(worker.need) if worker.need else None,
        ),
        care_soc_codes=policy.value("care_soc_codes", on=today),
        care_soc_codes_2010=policy.value("care_soc_codes_2010", on=today),
    )
    worker.eligibility, worker.eligibility_rule = decided.outcome.value, decided.rule
    found = deadlines.deadline(
        deadlines.Clock(
            visa_expiry=worker.visa_expiry,
            curtailment_letter_on=worker.curtailment_letter_on,
            cancellation_paused_on=worker.cancellation_paused_on,
            cancellation_paused_reason=worker.cancellation_paused_reason,
        ),
        rules_on(today),
    )
    worker.deadline, worker.deadline_basis, worker.deadline_reason = (
        found.date,
        found.basis.value,
        found.reason,
    )


@transaction.atomic
def record_contact(
    *,
    partnership: Partnership,
    source: str,
    first_contact_at: dt.datetime,
    details: dict[str, Any],
    actor: User | None,
    check_permission: bool = True,
) -> Case:
    """Register a worker who made contact (or was referred) and open a case for them.

    Refuses an actor who cannot work on the partnership's cases, a first contact in the
    future, and a postcode that is not one. The worker's council comes from the postcode.
    Eligibility and the deadline are worked out at once. Audited.
    """
    if check_permission and partnership.pk not in permissions.partnership_ids_with(
        actor, Capability.MANAGE_CASES
    ):
        raise PermissionDenied("You cannot record contacts for this partnership")
    if first_contact_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"first_contact_at": "The first contact cannot be in the future"})
    values = {
        field: details[field]
        for field in WORKER_FIELDS
        if field in details and details[field] is not None
    }
    postcode = values.get("postcode", "")
    if postcode:
        normalised = normalise_postcode(postcode)
        if normalised is None:
            raise ValidationError({"postcode": "Enter a real postcode, like B1 1AA"})
        values["postcode"] = normalised
    worker = Worker(partnership=partnership, **values)
    if worker.postcode:
        location = geocode(worker.postcode)
        if location.local_authority_code:
            from carehub.core.models import LocalAuthority

            worker.local_authority = LocalAuthority.objects.filter(
                gss_code=location.local_authority_code
            ).first()
    if worker.local_authority is None and details.get("local_authority") is not None:
        worker.local_authority = details["local_authority"]
    recompute(worker)
    worker.save()
    case = Case.objects.create(
        worker=worker, partnership=partnership, source=source, first_contact_at=first_contact_at
    )
    audit.record(
        actor=actor,
        verb="workers.contact_recorded",
        subject=case,
        partnership=partnership,
        new={
            "reference": worker.reference,
            "source": source,
            "eligibility": worker.eligibility,
            "deadline": worker.deadline,
        },
    )
    return case


@transaction.atomic
def assign_case(*, case: Case, to: User | None, actor: User) -> Case:
    """Give a case to a caseworker in the partnership (or take it back). Refuses anyone who
    cannot work on the partnership's cases, on either side."""
    allowed = permissions.partnership_ids_with(actor, Capability.MANAGE_CASES)
    if case.partnership_id not in allowed:
        raise PermissionDenied("You cannot assign this case")
    if to is not None and case.partnership_id not in permissions.partnership_ids_with(
        to, Capability.MANAGE_CASES
    ):
        raise ValidationError({"to": "They cannot work on this partnership's cases"})
    old = case.assigned_to.email if case.assigned_to else None
    case.assigned_to = to
    if to is not None and case.status == Case.Status.NEW:
        case.status = Case.Status.TRIAGE
    case.save(update_fields=["assigned_to", "status", "updated_at"])
    audit.record(
        actor=actor,
        verb="workers.case_assigned",
        subject=case,
        partnership=case.partnership,
        subject_user=to,
        old={"assigned_to": old},
        new={"assigned_to": to.email if to else None},
    )
    return case


@transaction.atomic
def open_outreach_cases(*, licence_change: Any) -> list[Case]:
    """For a sponsor licence removal or downgrade, open an outreach case for each worker the
    hub knows that provider sponsored, unless they already have an open case. Each case
    starts unassigned, so the caseload shows it for the worker's council."""
    provider = licence_change.provider
    opened = []
    workers = Worker.objects.filter(last_sponsor=provider).exclude(
        cases__status__in=[s for s in Case.Status.values if s != Case.Status.CLOSED]
    )
    for worker in workers:
        case = Case.objects.create(
            worker=worker,
            partnership=worker.partnership,
            source=Case.Source.LICENCE_WATCH,
            first_contact_at=timezone.now(),
            licence_change=licence_change,
        )
        audit.record(
            actor=None,
            verb="workers.outreach_case_opened",
            subject=case,
            partnership=worker.partnership,
            new={"reference": worker.reference, "provider": str(provider)},
        )
        opened.append(case)
    return opened


def duplicate_candidates(worker: Worker) -> list[tuple[Worker, list[str]]]:
    """Other workers in the partnership who may be the same person, each with what matched:
    Home Office reference, email, phone, or name and date of birth (one query per check)."""
    checks: list[tuple[str, dict[str, Any]]] = []
    if worker.home_office_reference:
        checks.append(
            (
                "Home Office reference",
                {"home_office_reference__iexact": worker.home_office_reference},
            )
        )
    if worker.email:
        checks.append(("email address", {"email__iexact": worker.email}))
    if worker.phone:
        checks.append(("phone number", {"phone": worker.phone}))
    if worker.date_of_birth:
        checks.append(
            (
                "name and date of birth",
                {"full_name__iexact": worker.full_name, "date_of_birth": worker.date_of_birth},
            )
        )
    found: dict[int, tuple[Worker, list[str]]] = {}
    for label, lookup in checks:
        for other in Worker.objects.filter(partnership=worker.partnership, **lookup).exclude(
            pk=worker.pk
        ):
            found.setdefault(other.pk, (other, []))[1].append(label)
    return list(found.values())


CONSENT_FLAGS = {ConsentEntry.SHARE: "consent_to_share", ConsentEntry.PROFILE: "consent_to_profile"}


def record_consent(
    *,
    worker: Worker,
    purpose: str,
    given: bool,
    actor: User | None,
    consent_reference: str = "",
) -> ConsentEntry:
    """Record a consent the worker gave or withdrew (sharing with partners, an anonymised
    profile for providers, or having seen the privacy notice) in the ledger, and keep the
    worker's current flags in step. Runs inside the caller's transaction; audited."""
    if purpose not in (*CONSENT_FLAGS, ConsentEntry.PRIVACY):
        raise ValidationError({"purpose": f"Unknown consent purpose: {purpose}"})
    entry = ConsentEntry.objects.create(
        worker=worker,
        kind=ConsentEntry.Kind.CONSENT_GIVEN if given else ConsentEntry.Kind.CONSENT_WITHDRAWN,
        purpose=purpose,
        lawful_basis=ConsentEntry.LawfulBasis.CONSENT,
        consent_reference=consent_reference,
        recorded_by=actor,
    )
    if purpose in CONSENT_FLAGS:
        setattr(worker, CONSENT_FLAGS[purpose], given)
        worker.save(update_fields=[CONSENT_FLAGS[purpose], "updated_at"])
    elif given:
        worker.privacy_notice_seen_at = entry.created_at
        worker.save(update_fields=["privacy_notice_seen_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="workers.consent_given" if given else "workers.consent_withdrawn",
        subject=worker,
        partnership=worker.partnership,
        new={"purpose": purpose, "given": given},
    )
    return entry
