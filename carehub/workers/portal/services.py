"""What a worker does in their own view ("My case"). Workers have no account, so every
audit event has no actor; the worker is the subject. Each function runs in a transaction
and sends email only after it commits."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from carehub.accounts import services as accounts
from carehub.accounts.models import hash_secret
from carehub.audit import services as audit
from carehub.core import notifications
from carehub.lib.postcodes import normalise_postcode
from carehub.workers.models import Case, ConsentEntry, Task, Worker, WorkerLink
from carehub.workers.services import SELF_SERVICE_FIELDS, place, recompute, record_consent

# Unused links that may be live at once for one worker: more requests send nothing, so
# the form cannot be used to flood someone's inbox.
LIVE_LINK_LIMIT = 3
# Records sharing one email address that get a link (duplicates not yet merged).
MAX_WORKERS_PER_EMAIL = 3
OPEN_STATUSES = [s for s in Case.Status.values if s != Case.Status.CLOSED]
# Stored when details change: recompute() may move the deadline or eligibility.
COMPUTED_FIELDS = (
    "eligibility",
    "eligibility_rule",
    "deadline",
    "deadline_basis",
    "deadline_reason",
)


def _compact_reference(text: str) -> str:
    # "cwh abc 123", "CWH-ABC123" and "ABC123" all name the same record.
    compact = re.sub(r"[^A-Z0-9]", "", text.upper())
    return compact.removeprefix("CWH")


@transaction.atomic
def request_link(email: str, reference: str = "") -> list[WorkerLink]:
    """Email a single-use sign-in link to each current (not merged) record with this email
    address, or only the one with the reference given, if it matches. The caller shows the
    same page whatever happens, so nobody learns whether an address is known. Records
    that already have LIVE_LINK_LIMIT unused links get nothing."""
    email = email.strip()
    if not email:
        return []
    workers = list(
        Worker.objects.filter(email__iexact=email, merged_into__isnull=True)
        .select_related("partnership")
        .order_by("-created_at")[:MAX_WORKERS_PER_EMAIL]
    )
    if reference.strip():
        named = [
            w for w in workers if _compact_reference(w.reference) == _compact_reference(reference)
        ]
        # A mistyped reference still reaches the address's owner: the email is the proof.
        workers = named or workers
    now = timezone.now()
    created = []
    for worker in workers:
        live = WorkerLink.objects.filter(
            worker=worker, used_at__isnull=True, expires_at__gt=now
        ).count()
        if live >= LIVE_LINK_LIMIT:
            continue
        token = secrets.token_urlsafe(32)
        link = WorkerLink.objects.create(
            worker=worker,
            token_hash=hash_secret(token),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=settings.WORKER_LINK_MINUTES),
        )
        audit.record(
            actor=None,
            verb="workers.portal_link_sent",
            subject=worker,
            partnership=worker.partnership,
            new={"expires_at": link.expires_at},
        )
        notifications.send_email_on_commit(
            to=worker.email,
            template="workers/email/worker_link",
            context={
                "full_name": worker.full_name,
                "reference": worker.reference,
                "link": settings.SITE_ROOT + reverse("portal:use-link", args=[token]),
                "minutes": settings.WORKER_LINK_MINUTES,
            },
        )
        created.append(link)
    return created


def find_link(token: str) -> WorkerLink | None:
    """The link for a token if it can still be used (unused, unexpired, for a record that
    has not been merged), without using it."""
    link = (
        WorkerLink.objects.select_related("worker__partnership")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if (
        link is None
        or link.used_at is not None
        or link.expires_at <= timezone.now()
        or link.worker.merged_into_id is not None
    ):
        return None
    return link


@transaction.atomic
def use_link(token: str) -> Worker | None:
    """Use a sign-in link once: the worker it is for, or None if it is unknown, used,
    expired or for a record since merged (the worker asks for a new link)."""
    found = find_link(token)
    if found is None:
        return None
    # Lock, then check again: two clicks at once must not both sign in.
    link = WorkerLink.objects.select_for_update().get(pk=found.pk)
    if link.used_at is not None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    worker = found.worker
    audit.record(
        actor=None,
        verb="workers.portal_signed_in",
        subject=worker,
        partnership=worker.partnership,
        new={"link_sent_at": link.created_at},
    )
    return worker


@transaction.atomic
def update_own_details(worker: Worker, changes: Mapping[str, Any]) -> Worker:
    """Change the details a worker may change themselves (SELF_SERVICE_FIELDS). A new
    postcode must be one; it moves the worker's map position, and their council when the
    postcode places them (otherwise the council a caseworker set stays). The
    deadline and eligibility are worked out again. Audited with old and new values."""
    unknown = set(changes) - set(SELF_SERVICE_FIELDS)
    if unknown:
        raise ValidationError(f"These details can only be changed by a caseworker: {unknown}")
    values = dict(changes)
    if values.get("postcode"):
        normalised = normalise_postcode(str(values["postcode"]))
        if normalised is None:
            raise ValidationError({"postcode": _("Enter a real postcode, like B1 1AA")})
        values["postcode"] = normalised
    fresh = Worker.objects.select_for_update().select_related("partnership").get(pk=worker.pk)
    changed = {field: value for field, value in values.items() if getattr(fresh, field) != value}
    if not changed:
        return fresh
    old: dict[str, Any] = {field: getattr(fresh, field) for field in changed}
    new: dict[str, Any] = dict(changed)
    for field, value in changed.items():
        setattr(fresh, field, value)
    if "postcode" in changed:
        before = fresh.local_authority
        place(fresh)
        # As when a contact is recorded: the council a caseworker set stands when the
        # postcode does not place the worker (or they have no fixed address now).
        if fresh.local_authority is None:
            fresh.local_authority = before
        after = fresh.local_authority
        if after is not None and after != before:
            old["local_authority"] = before.gss_code if before else None
            new["local_authority"] = after.gss_code
    recompute(fresh)
    fresh.save(
        update_fields=[
            *changed,
            "local_authority",
            "latitude",
            "longitude",
            *COMPUTED_FIELDS,
            "updated_at",
        ]
    )
    audit.record(
        actor=None,
        verb="workers.own_details_updated",
        subject=fresh,
        partnership=fresh.partnership,
        old=old,
        new=new,
    )
    return fresh


CONSENT_PURPOSES = {
    ConsentEntry.SHARE: "consent_to_share",
    ConsentEntry.PROFILE: "consent_to_profile",
}


@transaction.atomic
def update_own_consents(worker: Worker, choices: Mapping[str, bool]) -> list[ConsentEntry]:
    """Give or withdraw the worker's consents (sharing with partners; an anonymised profile
    for providers). Only a change is written to the ledger, by record_consent, which
    audits each one."""
    unknown = set(choices) - set(CONSENT_PURPOSES)
    if unknown:
        raise ValidationError(f"Unknown consent purposes: {unknown}")
    fresh = Worker.objects.select_for_update().select_related("partnership").get(pk=worker.pk)
    return [
        record_consent(worker=fresh, purpose=purpose, given=given, actor=None)
        for purpose, given in choices.items()
        if getattr(fresh, CONSENT_PURPOSES[purpose]) != given
    ]


def erasure_due(requested_on: dt.date) -> dt.date:
    """UK GDPR gives one month to answer a request (Article 12(3)): the same day next month,
    or the month's last day if it has no such day."""
    return requested_on + relativedelta(months=1)


@transaction.atomic
def request_erasure(worker: Worker) -> Task | None:
    """Record that the worker asked for their personal data to be erased, give the
    caseworker on their newest open case (or newest case) a task due in one month, and
    tell the partnership's hub coordinators. A repeated request changes nothing: the
    first one's month still runs. Returns the task, if one was made."""
    fresh = Worker.objects.select_for_update().select_related("partnership").get(pk=worker.pk)
    if fresh.erasure_requested_at is not None:
        return None
    fresh.erasure_requested_at = timezone.now()
    fresh.save(update_fields=["erasure_requested_at", "updated_at"])
    due = erasure_due(timezone.localdate())
    due_text = dateformat.format(due, "j F Y")
    case = (
        fresh.cases.filter(status__in=OPEN_STATUSES).order_by("-first_contact_at").first()
        or fresh.cases.order_by("-first_contact_at").first()
    )
    task = None
    if case is not None:
        task = Task.objects.create(
            case=case,
            title=f"Erasure request: respond by {due_text}",
            due_on=due,
            assigned_to=case.assigned_to,
        )
    # Staff emails carry the reference only: the case page has the rest, behind sign-in.
    accounts.notify(
        users=accounts.hub_coordinators(fresh.partnership_id),
        title=f"Erasure request: {fresh.reference}",
        body=f"Worker {fresh.reference} asked for their personal data to be erased. "
        f"Confirm what will be erased and what must be kept, and reply by {due_text}.",
        link=reverse("workers:case-detail", args=[case.uuid]) if case else "",
    )
    audit.record(
        actor=None,
        verb="workers.erasure_requested",
        subject=fresh,
        partnership=fresh.partnership,
        old={"erasure_requested_at": None},
        new={
            "erasure_requested_at": fresh.erasure_requested_at,
            "respond_by": due,
            "task_case": str(case.uuid) if case else None,
        },
    )
    return task
