"""Workers the hub supports and their cases (support episodes)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from carehub.core.models import TimeStampedModel
from carehub.workers.deadlines import Basis
from carehub.workers.eligibility import NeedReason, Outcome

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from carehub.accounts.models import User

# No 0/O or 1/I: references are read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "CWH-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


NEED_CHOICES = [
    (NeedReason.LICENCE_REVOKED.value, "Sponsor's licence revoked"),
    (NeedReason.INSUFFICIENT_WORK.value, "Not enough hours or no work"),
    (NeedReason.IDENTIFIED_BY_PARTNERSHIP.value, "Identified by the partnership"),
    (NeedReason.EXPLOITATION.value, "Exploitation"),
    (NeedReason.OTHER.value, "Other"),
]
ELIGIBILITY_CHOICES = [
    (Outcome.ELIGIBLE.value, "Eligible"),
    (Outcome.NOT_ELIGIBLE.value, "Not eligible"),
    (Outcome.NEEDS_REVIEW.value, "Needs review"),
]


class Worker(TimeStampedModel):
    """An international care worker the hub supports. Personal data: see data-protection.md.
    Eligibility and deadline are computed by the pure rules and stored when details change,
    so caseloads can be sorted by days left."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(max_length=60, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nationality = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_uk = models.BooleanField(null=True, blank=True)
    last_sponsor_name = models.CharField(max_length=300, blank=True)
    last_sponsor = models.ForeignKey(
        "providers.Provider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_workers",
    )
    need = models.CharField(max_length=30, choices=NEED_CHOICES, blank=True)
    home_office_reference = models.CharField(max_length=30, blank=True)
    last_cos_number = models.CharField("last CoS number", max_length=30, blank=True)
    last_soc_code = models.CharField("SOC code last sponsored under", max_length=4, blank=True)
    visa_expiry = models.DateField(null=True, blank=True)
    revocation_letter_on = models.DateField(null=True, blank=True)
    curtailment_letter_on = models.DateField(null=True, blank=True)
    cancellation_paused_on = models.DateField(null=True, blank=True)
    cancellation_paused_reason = models.CharField(max_length=200, blank=True)
    # Computed by services from the pure rules:
    eligibility = models.CharField(max_length=20, choices=ELIGIBILITY_CHOICES, blank=True)
    eligibility_rule = models.CharField(max_length=300, blank=True)
    deadline = models.DateField(null=True, blank=True, db_index=True)
    deadline_basis = models.CharField(
        max_length=20, choices=[(b.value, b.value) for b in Basis], blank=True
    )
    deadline_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["deadline", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User | AnonymousUser) -> CaseQuerySet:
        """Hub staff see their partnership's cases; council leads those of workers living in
        their council's area; everyone else (providers, partners, evaluators) none here."""
        from carehub.accounts.permissions import memberships, partnership_ids_with
        from carehub.accounts.roles import CAPABILITIES, Capability

        scope = Q(partnership_id__in=partnership_ids_with(user, Capability.VIEW_ALL_CASES))
        for membership in memberships(user):
            if Capability.VIEW_AREA_CASES in CAPABILITIES[membership.role]:
                organisation = membership.organisation
                scope |= Q(
                    partnership_id=organisation.partnership_id,
                    worker__local_authority_id=organisation.local_authority_id,
                )
        return self.filter(scope)


class Case(TimeStampedModel):
    """One episode of support for a worker, from first contact to an outcome."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRIAGE = "triage", "Triage"
        ACTIVE = "active", "Active"
        INTRODUCED = "introduced", "Introduced"
        PLACED = "placed", "Placed"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        SELF_REFERRAL = "self_referral", "Self-referral"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        COUNCIL = "council", "Council"
        UKVI = "ukvi", "UKVI signposting"
        CHARITY = "charity", "Charity"
        PROVIDER = "provider", "Care provider"
        LICENCE_WATCH = "licence_watch", "Licence change outreach"

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="cases")
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    first_contact_at = models.DateTimeField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The tightest deadline threshold (days) already alerted, so each crossing alerts once.
    alerted_threshold = models.PositiveSmallIntegerField(null=True, blank=True)
    licence_change = models.ForeignKey(
        "providers.LicenceChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_cases",
        help_text="The sponsor licence change this outreach case was opened for.",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-first_contact_at"]
        indexes = [models.Index(fields=["partnership", "status"], name="workers_case_caseload")]

    def __str__(self) -> str:
        return f"Case for {self.worker}"
