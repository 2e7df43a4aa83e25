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


def place(worker: Worker) -> None:
    """Set the council and map position from the worker's postcode (cleared when the
    postcode is empty or cannot be placed)."""
    from carehub.core.models import LocalAuthority

    location = geocode(worker.postcode) if worker.postcode else None
    worker.latitude = location.latitude if location else None
    worker.longitude = location.longitude if location else None
    code = location.local_authority_code if location else None
    worker.local_authority = LocalAuthority.objects.filter(gss_code=code).first() if code else None


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
    place(worker)
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
    Home Office reference, email, phone, or name and date of birth (one query per check).
    Records already merged into another are not candidates."""
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
        for other in Worker.objects.filter(
            partnership=worker.partnership, merged_into__isnull=True, **lookup
        ).exclude(pk=worker.pk):
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


# Case statuses a case may move to from each status. A closed case may be reopened; a
# placement that falls through goes back to active work.
TRANSITIONS: dict[str, frozenset[str]] = {
    Case.Status.NEW: frozenset({Case.Status.TRIAGE, Case.Status.ACTIVE, Case.Status.CLOSED}),
    Case.Status.TRIAGE: frozenset({Case.Status.ACTIVE, Case.Status.CLOSED}),
    Case.Status.ACTIVE: frozenset({Case.Status.INTRODUCED, Case.Status.PLACED, Case.Status.CLOSED}),
    Case.Status.INTRODUCED: frozenset({Case.Status.ACTIVE, Case.Status.PLACED, Case.Status.CLOSED}),
    Case.Status.PLACED: frozenset({Case.Status.ACTIVE, Case.Status.CLOSED}),
    Case.Status.CLOSED: frozenset({Case.Status.TRIAGE}),
}


def _require_manage(actor: User, case: Case) -> None:
    if case.partnership_id not in permissions.partnership_ids_with(actor, Capability.MANAGE_CASES):
        raise PermissionDenied("You cannot work on this case")


def follow_up_dates(placed_on: dt.date, days: list[int]) -> list[tuple[int, dt.date]]:
    """The follow-up checks after a job start: (days after, due date) for each setting."""
    return [(d, placed_on + dt.timedelta(days=d)) for d in sorted(set(days))]


def _schedule_follow_ups(case: Case, placed_on: dt.date) -> None:
    """Record the job start and (re)schedule the follow-ups not yet done."""
    from django.conf import settings

    from carehub.workers.models import FollowUp

    case.placed_on = placed_on
    FollowUp.objects.filter(case=case, done_at__isnull=True).delete()
    done = set(FollowUp.objects.filter(case=case).values_list("days_after", flat=True))
    FollowUp.objects.bulk_create(
        [
            FollowUp(case=case, days_after=days, due_on=due)
            for days, due in follow_up_dates(placed_on, settings.PLACEMENT_FOLLOW_UP_DAYS)
            if days not in done
        ]
    )


def follow_introduction(*, case: Case, stage: str, started_on: dt.date | None) -> None:
    """Keep a case in step with its introductions (called by the vacancies services inside
    their audited transaction): shared with a provider → introduced; started → placed, with
    follow-ups; the last live introduction ending → back to active."""
    from carehub.vacancies.models import Introduction

    live = case.introductions.exclude(stage__in=["declined", "withdrawn"])
    if stage == Introduction.Stage.SHARED and case.status in (
        Case.Status.NEW,
        Case.Status.TRIAGE,
        Case.Status.ACTIVE,
    ):
        case.status = Case.Status.INTRODUCED
    elif stage == Introduction.Stage.STARTED and started_on is not None:
        case.status = Case.Status.PLACED
        _schedule_follow_ups(case, started_on)
    elif (
        stage in ("declined", "withdrawn")
        and case.status == Case.Status.INTRODUCED
        and not live.exists()
    ):
        case.status = Case.Status.ACTIVE
    else:
        return
    case.save(update_fields=["status", "placed_on", "updated_at"])


@transaction.atomic
def change_status(
    *,
    case: Case,
    to: str,
    actor: User,
    outcome: str = "",
    placed_on: dt.date | None = None,
) -> Case:
    """Move a case along new → triage → active → introduced → placed → closed. Closing
    needs an outcome; a placement needs the job start date and schedules the follow-ups
    (settings.PLACEMENT_FOLLOW_UP_DAYS). Audited."""
    _require_manage(actor, case)
    if to not in TRANSITIONS.get(case.status, frozenset()):
        raise ValidationError(
            {"status": f"A {case.get_status_display().lower()} case cannot become {to}"}
        )
    old = {"status": case.status, "outcome": case.outcome}
    if to == Case.Status.CLOSED:
        if outcome not in Case.Outcome.values:
            raise ValidationError({"outcome": "Select the outcome"})
        case.outcome, case.closed_at = outcome, timezone.now()
    else:
        case.outcome, case.closed_at = "", None
    if to == Case.Status.PLACED:
        if placed_on is None:
            raise ValidationError({"placed_on": "Enter the date the job started"})
        if placed_on > timezone.localdate() + dt.timedelta(days=366):
            raise ValidationError({"placed_on": "The job start must be within the next year"})
        _schedule_follow_ups(case, placed_on)
    case.status = to
    case.save(update_fields=["status", "outcome", "closed_at", "placed_on", "updated_at"])
    audit.record(
        actor=actor,
        verb="workers.case_status_changed",
        subject=case,
        partnership=case.partnership,
        old=old,
        new={"status": to, "outcome": case.outcome, "placed_on": case.placed_on},
    )
    return case


@transaction.atomic
def record_follow_up(
    *,
    follow_up: Any,
    actor: User,
    still_employed: bool,
    visa_granted: bool | None,
    notes: str = "",
) -> Any:
    """Record what a placement follow-up found. Audited."""
    _require_manage(actor, follow_up.case)
    follow_up.still_employed, follow_up.visa_granted = still_employed, visa_granted
    follow_up.notes, follow_up.done_at, follow_up.done_by = notes, timezone.now(), actor
    follow_up.save()
    audit.record(
        actor=actor,
        verb="workers.follow_up_recorded",
        subject=follow_up.case,
        partnership=follow_up.case.partnership,
        new={
            "days_after": follow_up.days_after,
            "still_employed": still_employed,
            "visa_granted": visa_granted,
        },
    )
    return follow_up


@transaction.atomic
def add_task(
    *, case: Case, title: str, due_on: dt.date, assigned_to: User | None, actor: User
) -> Any:
    """Add a task with a due date to a case. Audited."""
    from carehub.workers.models import Task

    _require_manage(actor, case)
    if assigned_to is not None and case.partnership_id not in permissions.partnership_ids_with(
        assigned_to, Capability.MANAGE_CASES
    ):
        raise ValidationError({"assigned_to": "They cannot work on this partnership's cases"})
    task = Task.objects.create(
        case=case, title=title, due_on=due_on, assigned_to=assigned_to, created_by=actor
    )
    audit.record(
        actor=actor,
        verb="workers.task_added",
        subject=case,
        partnership=case.partnership,
        subject_user=assigned_to,
        new={"task": title, "due_on": due_on},
    )
    return task


@transaction.atomic
def complete_task(*, task: Any, actor: User) -> Any:
    """Mark a task done (once). Audited."""
    _require_manage(actor, task.case)
    if task.done_at is not None:
        raise ValidationError("This task is already done")
    task.done_at = timezone.now()
    task.save(update_fields=["done_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="workers.task_done",
        subject=task.case,
        partnership=task.case.partnership,
        new={"task": task.title},
    )
    return task


@transaction.atomic
def add_note(*, case: Case, text: str, actor: User) -> Any:
    """Add a staff-only note. The audit event records that a note was added, not its text
    (notes may hold sensitive detail the audit log should not copy)."""
    from carehub.workers.models import Note

    _require_manage(actor, case)
    if not text.strip():
        raise ValidationError({"text": "Enter the note"})
    note = Note.objects.create(case=case, author=actor, text=text.strip())
    audit.record(actor=actor, verb="workers.note_added", subject=case, partnership=case.partnership)
    return note


# File types a case document may be, by their content (not their name).
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
}


@transaction.atomic
def add_document(*, case: Case, kind: str, upload: Any, actor: User) -> Any:
    """Store a document on a case after checking its size and, from its first bytes, its
    type. Stored under a random name in private storage. Audited (name, type and size)."""
    import hashlib

    import filetype
    from django.conf import settings

    from carehub.workers.models import Document

    _require_manage(actor, case)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Select what the document is"})
    limit = settings.DOCUMENT_MAX_MB * 1024 * 1024
    if upload.size == 0:
        raise ValidationError({"file": "The selected file is empty"})
    if upload.size > limit:
        raise ValidationError(
            {"file": f"The selected file must be smaller than {settings.DOCUMENT_MAX_MB} MB"}
        )
    upload.seek(0)
    guessed = filetype.guess(upload.read(8192))
    upload.seek(0)
    if guessed is None or guessed.mime not in DOCUMENT_TYPES:
        raise ValidationError(
            {"file": "The selected file must be a " + ", ".join(DOCUMENT_TYPES.values())}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        case=case,
        kind=kind,
        original_name=upload.name[-200:],
        content_type=guessed.mime,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    audit.record(
        actor=actor,
        verb="workers.document_added",
        subject=case,
        partnership=case.partnership,
        new={"name": document.original_name, "type": guessed.mime, "size": upload.size},
    )
    return document


def shared_fields(groups: list[str]) -> list[str]:
    from carehub.workers.models import SHAREABLE

    return ["full_name", *(f for g in groups for f in SHAREABLE[g][1])]


@transaction.atomic
def refer_case(
    *,
    case: Case,
    to_organisation: Any,
    purpose: str,
    groups: list[str],
    actor: User,
    lawful_basis: str = ConsentEntry.LawfulBasis.CONSENT,
    override_reason: str = "",
) -> Any:
    """Refer a case (or the parts chosen) to a council or partner organisation in the
    partnership. The disclosure is written to the consent ledger: with the worker's consent
    to share, or, without it, another lawful basis and the reason. Audited; the receiving
    organisation's members are notified."""
    from django.urls import reverse

    from carehub.accounts import services as accounts
    from carehub.accounts.roles import CAPABILITIES, OrganisationKind
    from carehub.workers.models import SHAREABLE, Referral

    _require_manage(actor, case)
    if (
        to_organisation.partnership_id != case.partnership_id
        or not to_organisation.is_active
        or to_organisation.kind not in (OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.PARTNER)
    ):
        raise ValidationError(
            {"to_organisation": "Choose a council or partner organisation in the partnership"}
        )
    if not purpose.strip():
        raise ValidationError({"purpose": "Enter what you are asking them to do"})
    if not groups or set(groups) - set(SHAREABLE):
        raise ValidationError({"groups": "Select what to share"})
    if lawful_basis not in ConsentEntry.LawfulBasis.values:
        raise ValidationError({"lawful_basis": "Select the lawful basis for sharing"})
    if lawful_basis == ConsentEntry.LawfulBasis.CONSENT and not case.worker.consent_to_share:
        raise ValidationError(
            {
                "lawful_basis": "The worker has not agreed to their details being shared: "
                "choose another lawful basis and give the reason, or ask them first"
            }
        )
    if lawful_basis != ConsentEntry.LawfulBasis.CONSENT and not override_reason.strip():
        raise ValidationError(
            {"override_reason": "Enter why the details must be shared without consent"}
        )
    sender = next(
        (
            m.organisation
            for m in permissions.memberships(actor)
            if m.organisation.partnership_id == case.partnership_id
            and Capability.MANAGE_CASES in CAPABILITIES[m.role]
        ),
    )
    referral = Referral.objects.create(
        case=case,
        from_organisation=sender,
        to_organisation=to_organisation,
        purpose=purpose.strip(),
        shared=sorted(set(groups)),
        created_by=actor,
    )
    ConsentEntry.objects.create(
        worker=case.worker,
        case=case,
        kind=ConsentEntry.Kind.DISCLOSURE,
        purpose=purpose.strip(),
        lawful_basis=lawful_basis,
        recipient=to_organisation,
        fields=shared_fields(referral.shared),
        consent_reference=(
            f"Consent to share recorded on {case.worker.privacy_notice_seen_at:%d %B %Y}"
            if lawful_basis == ConsentEntry.LawfulBasis.CONSENT
            and case.worker.privacy_notice_seen_at
            else ""
        ),
        override_reason=override_reason.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        verb="workers.case_referred",
        subject=case,
        partnership=case.partnership,
        organisation=to_organisation,
        new={"to": str(to_organisation), "shared": referral.shared, "basis": lawful_basis},
    )
    receivers = User.objects.filter(
        memberships__organisation=to_organisation,
        memberships__role__in=[
            role for role, caps in CAPABILITIES.items() if Capability.RECEIVE_REFERRALS in caps
        ],
    ).distinct()
    accounts.notify(
        users=receivers,
        title=f"New referral: {case.worker.reference}",
        body=f"{sender} has referred a case to {to_organisation}: {referral.purpose}",
        link=reverse("workers:referral-detail", args=[referral.uuid]),
    )
    return referral


# What a receiver (or the referrer) may do with a referral in each status.
RESPONSES = {
    "accept": ({"pending"}, "accepted"),
    "reject": ({"pending"}, "rejected"),
    "complete": ({"accepted"}, "completed"),
    "withdraw": ({"pending", "accepted"}, "withdrawn"),
}


@transaction.atomic
def respond_to_referral(*, referral: Any, action: str, actor: User, reason: str = "") -> Any:
    """The receiving organisation accepts, rejects (with a reason) or completes a referral;
    the referring hub may withdraw it. Both sides are told. Audited."""
    from django.urls import reverse

    from carehub.accounts import services as accounts

    if action not in RESPONSES:
        raise ValidationError({"action": "Choose what to do with the referral"})
    if action == "withdraw":
        _require_manage(actor, referral.case)
    elif referral.to_organisation_id not in permissions.organisation_ids_with(
        actor, Capability.RECEIVE_REFERRALS
    ):
        raise PermissionDenied("Only the receiving organisation can answer a referral")
    allowed_from, to = RESPONSES[action]
    if referral.status not in allowed_from:
        raise ValidationError(
            {"action": f"A referral that is {referral.get_status_display().lower()} cannot be {to}"}
        )
    if action == "reject" and not reason.strip():
        raise ValidationError({"reason": "Enter why you cannot take the referral"})
    old = referral.status
    referral.status, referral.reason = to, reason.strip()
    referral.responded_by, referral.responded_at = actor, timezone.now()
    referral.save()
    audit.record(
        actor=actor,
        verb=f"workers.referral_{to}",
        subject=referral.case,
        partnership=referral.case.partnership,
        organisation=referral.to_organisation,
        old={"status": old},
        new={"status": to, "reason": referral.reason},
    )
    other_side = referral.created_by if action != "withdraw" else None
    if other_side is not None:
        accounts.notify(
            users=[other_side],
            title=f"Referral {to}: {referral.case.worker.reference}",
            body=f"{referral.to_organisation} has {to} the referral"
            + (f": {referral.reason}" if referral.reason else "."),
            link=reverse("workers:case-detail", args=[referral.case.uuid]),
        )
    return referral


MERGE_FILLABLE = tuple(f for f in WORKER_FIELDS if f not in ("full_name",))


@transaction.atomic
def merge_workers(*, keep: Worker, duplicate: Worker, reason: str, actor: User) -> Worker:
    """Merge a duplicate record into the one kept. The kept record takes any detail it lacks
    from the duplicate; the duplicate's cases move to it (open ones close as duplicates when
    the kept record already has an open case, their open tasks moving across). The duplicate
    row stays, marked as merged, and the audit event keeps both originals."""
    from django.forms.models import model_to_dict

    from carehub.workers.models import Task

    if keep.partnership_id not in permissions.partnership_ids_with(actor, Capability.MANAGE_CASES):
        raise PermissionDenied("You cannot merge these records")
    if keep.pk == duplicate.pk or keep.partnership_id != duplicate.partnership_id:
        raise ValidationError("Choose two different records in the same partnership")
    if duplicate.merged_into_id is not None or keep.merged_into_id is not None:
        raise ValidationError("One of these records has already been merged")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these are the same person"})
    originals = {
        "kept": model_to_dict(keep, exclude=["id"]),
        "duplicate": model_to_dict(duplicate, exclude=["id"]),
    }
    for field in MERGE_FILLABLE:
        if getattr(keep, field) in ("", None, []) and getattr(duplicate, field) not in (
            "",
            None,
            [],
        ):
            setattr(keep, field, getattr(duplicate, field))
    if keep.local_authority_id is None:
        keep.local_authority_id = duplicate.local_authority_id
    if keep.last_sponsor_id is None:
        keep.last_sponsor_id = duplicate.last_sponsor_id
    keep.consent_to_share = keep.consent_to_share or duplicate.consent_to_share
    keep.consent_to_profile = keep.consent_to_profile or duplicate.consent_to_profile
    recompute(keep)
    keep.save()
    open_statuses = [s for s in Case.Status.values if s != Case.Status.CLOSED]
    surviving = keep.cases.filter(status__in=open_statuses).order_by("-first_contact_at").first()
    for case in duplicate.cases.all():
        case.worker = keep
        if surviving is not None and case.status in open_statuses:
            Task.objects.filter(case=case, done_at__isnull=True).update(case=surviving)
            case.status, case.outcome, case.closed_at = (
                Case.Status.CLOSED,
                Case.Outcome.DUPLICATE,
                timezone.now(),
            )
        case.save()
    duplicate.merged_into, duplicate.merge_reason = keep, reason.strip()
    duplicate.save(update_fields=["merged_into", "merge_reason", "updated_at"])
    audit.record(
        actor=actor,
        verb="workers.workers_merged",
        subject=keep,
        partnership=keep.partnership,
        old=originals,
        new={"kept": keep.reference, "merged": duplicate.reference, "reason": reason.strip()},
    )
    return keep
