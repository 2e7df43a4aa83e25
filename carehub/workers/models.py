"""Workers the hub supports and their cases (support episodes)."""

from __future__ import annotations

import secrets
import uuid as uuid_lib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

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
CARE_SETTING_CHOICES = [
    ("residential", "Residential care home"),
    ("nursing", "Nursing home"),
    ("home_care", "Home care (visiting people at home)"),
    ("supported_living", "Supported living"),
    ("day_services", "Day services"),
    ("hospital", "Hospital or NHS"),
]
# Ordered from least to most: matching compares a worker's level with a vacancy's need.
ENGLISH_LEVEL_CHOICES = [
    ("basic", "Basic: I can manage simple conversations"),
    ("everyday", "Everyday: I can talk with people I care for and colleagues"),
    ("good", "Good: I can write care notes and read care plans"),
    ("fluent", "Fluent"),
]
CONTACT_CHOICES = [("email", "Email"), ("sms", "Text message"), ("phone", "Phone call")]
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
    # Where the postcode places them (for distances in matching); empty when unknown.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
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
    # Work profile, for matching (the worker's own answers).
    years_in_care = models.PositiveSmallIntegerField(null=True, blank=True)
    care_settings = models.JSONField(default=list, blank=True)
    care_certificate = models.BooleanField(null=True, blank=True)
    level2_certificate = models.BooleanField(
        "Level 2 Adult Social Care Certificate", null=True, blank=True
    )
    driving_licence = models.BooleanField("full UK driving licence", null=True, blank=True)
    has_car = models.BooleanField(null=True, blank=True)
    english_level = models.CharField(max_length=20, choices=ENGLISH_LEVEL_CHOICES, blank=True)
    languages = models.CharField("other languages spoken", max_length=200, blank=True)
    hours_wanted = models.PositiveSmallIntegerField("hours wanted per week", null=True, blank=True)
    travel_miles = models.PositiveSmallIntegerField(
        "how far they can travel (miles)", null=True, blank=True
    )
    earliest_start = models.DateField(null=True, blank=True)
    contact_preference = models.CharField(max_length=10, choices=CONTACT_CHOICES, blank=True)
    # Consent as it stands now; every change is also written to the consent ledger.
    privacy_notice_seen_at = models.DateTimeField(null=True, blank=True)
    consent_to_share = models.BooleanField(
        default=False, help_text="Details may be shared with councils and partners who help."
    )
    consent_to_profile = models.BooleanField(
        default=False,
        help_text="An anonymised profile may be shown to licensed providers with vacancies.",
    )
    erasure_requested_at = models.DateTimeField(null=True, blank=True)
    # A duplicate record merged into another keeps its row (and its audit trail).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merge_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["deadline", "full_name"]
        # Duplicate checks and the nationality filter compare case-insensitively.
        indexes = [
            models.Index(Upper("home_office_reference"), name="workers_worker_ho_ref"),
            models.Index(Upper("email"), name="workers_worker_email"),
            models.Index(fields=["phone"], name="workers_worker_phone"),
            models.Index(Upper("full_name"), "date_of_birth", name="workers_worker_name_dob"),
            models.Index(Upper("nationality"), name="workers_worker_nationality"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"


class CaseQuerySet(models.QuerySet["Case"]):
    def fully_visible_to(self, user: User | AnonymousUser) -> CaseQuerySet:
        """Cases someone sees whole: hub staff their partnership's; council leads those of
        workers living in their council's area."""
        return self.filter(self._full_scope(user))

    def visible_to(self, user: User | AnonymousUser) -> CaseQuerySet:
        """Cases seen whole, plus those referred to an organisation the person receives
        referrals for (of which they see only the shared parts: see access.py). Providers
        and evaluators see none here."""
        from carehub.accounts.permissions import organisation_ids_with
        from carehub.accounts.roles import Capability

        scope = self._full_scope(user)
        receiving = organisation_ids_with(user, Capability.RECEIVE_REFERRALS)
        if receiving:
            scope |= Q(
                pk__in=Referral.objects.filter(
                    to_organisation_id__in=receiving, status__in=Referral.SEEN_BY_RECEIVER
                ).values("case_id")
            )
        return self.filter(scope)

    @staticmethod
    def _full_scope(user: User | AnonymousUser) -> Q:
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
        return scope


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

    class Outcome(models.TextChoices):
        NEW_SPONSOR = "new_sponsor", "Found a new sponsor through the hub"
        OWN_JOB = "own_job", "Found a job themselves"
        OTHER_ROUTE = "other_route", "Moved to another visa route"
        LEFT_UK = "left_uk", "Left the UK"
        NOT_ELIGIBLE = "not_eligible", "Not eligible for support"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needs help"
        LOST_CONTACT = "lost_contact", "Lost contact"
        DUPLICATE = "duplicate", "Duplicate record merged"
        OTHER = "other", "Other"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=60, choices=Outcome.choices, blank=True)
    placed_on = models.DateField(null=True, blank=True, help_text="The day the job started.")
    closed_at = models.DateTimeField(null=True, blank=True)
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


class Task(TimeStampedModel):
    """Something a caseworker must do on a case by a date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Note(TimeStampedModel):
    """A staff-only note on a case: never shown to the worker or to referral receivers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on {self.case_id}"


def private_storage() -> Any:
    from django.core.files.storage import storages

    return storages["private"]


def document_path(instance: Document, filename: str) -> str:
    # The stored name is random: the original name is kept in the row, never in the path.
    return f"case-documents/{instance.uuid}"


class Document(TimeStampedModel):
    """A file on a case, kept outside the web root and served only through a permission
    check (see views.document_download)."""

    class Kind(models.TextChoices):
        UKVI_LETTER = "ukvi_letter", "Letter from UKVI (revocation, curtailment, cancellation)"
        VISA = "visa", "Visa, eVisa or BRP"
        COS = "cos", "Certificate of sponsorship"
        CONTRACT = "contract", "Contract of employment"
        PAYSLIP = "payslip", "Payslip"
        IDENTITY = "identity", "Passport or identity document"
        QUALIFICATION = "qualification", "Certificate or qualification"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


# What a referral may share, in groups a receiver sees or does not.
SHAREABLE = {
    "contact": ("Contact details", ("email", "phone", "preferred_language")),
    "location": ("Where they live", ("postcode", "local_authority")),
    "immigration": (
        "Immigration details and deadline",
        (
            "home_office_reference",
            "visa_expiry",
            "curtailment_letter_on",
            "revocation_letter_on",
            "deadline",
            "last_sponsor_name",
            "last_cos_number",
            "last_soc_code",
        ),
    ),
    "work_profile": (
        "Work profile",
        (
            "years_in_care",
            "care_settings",
            "care_certificate",
            "level2_certificate",
            "driving_licence",
            "english_level",
            "hours_wanted",
            "earliest_start",
        ),
    ),
}
SHAREABLE_CHOICES = [(key, label) for key, (label, _fields) in SHAREABLE.items()]


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: User | AnonymousUser) -> ReferralQuerySet:
        """Hub staff see their partnership's referrals; receivers the ones sent to them."""
        from carehub.accounts.permissions import organisation_ids_with, partnership_ids_with
        from carehub.accounts.roles import Capability

        return self.filter(
            Q(case__partnership_id__in=partnership_ids_with(user, Capability.VIEW_ALL_CASES))
            | Q(
                to_organisation_id__in=organisation_ids_with(user, Capability.RECEIVE_REFERRALS),
                status__in=Referral.SEEN_BY_RECEIVER,
            )
        )


class Referral(TimeStampedModel):
    """A case (or part of it) referred to a council lead or partner organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a reply"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Statuses in which the receiver may open the case.
    SEEN_BY_RECEIVER = (Status.PENDING, Status.ACCEPTED, Status.COMPLETED)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_made"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    purpose = models.CharField(max_length=300)
    shared = models.JSONField(default=list, help_text="The SHAREABLE groups the receiver sees.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was rejected.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="workers_referral_inbox")
        ]

    def __str__(self) -> str:
        return f"Referral of {self.case_id} to {self.to_organisation}"


class ConsentEntry(models.Model):
    """One line of the consent ledger: a consent given or withdrawn, or a disclosure of the
    worker's data to another organisation with its lawful basis. Append-only."""

    class Kind(models.TextChoices):
        CONSENT_GIVEN = "consent_given", "Consent given"
        CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
        DISCLOSURE = "disclosure", "Disclosure to another organisation"

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "Consent (UK GDPR 6(1)(a))"
        PUBLIC_TASK = "public_task", "Public task (UK GDPR 6(1)(e))"
        VITAL_INTERESTS = "vital_interests", "Vital interests (UK GDPR 6(1)(d))"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (UK GDPR 6(1)(c))"

    # What a consent is for.
    SHARE = "share_with_partners"
    PROFILE = "anonymised_profile"
    PRIVACY = "privacy_notice"

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="consents")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.CharField(max_length=300)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fields = models.JSONField(default=list)
    consent_reference = models.CharField(max_length=100, blank=True)
    override_reason = models.CharField(
        max_length=300, blank=True, help_text="Why data was shared without consent."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "consent entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.purpose}"


class FollowUp(TimeStampedModel):
    """A check after a placement (30, 60, 90, 180 days by default) that the worker is still
    employed and has their visa, so outcomes are counted, not guessed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    days_after = models.PositiveSmallIntegerField()
    due_on = models.DateField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    still_employed = models.BooleanField(null=True, blank=True)
    visa_granted = models.BooleanField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "days_after"], name="workers_follow_up_once")
        ]

    def __str__(self) -> str:
        return f"{self.days_after}-day follow-up"


class WorkerLink(models.Model):
    """A single-use sign-in link emailed to a worker so they can see their own case. Only a
    hash of the token is stored."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-in link for {self.worker_id}"
