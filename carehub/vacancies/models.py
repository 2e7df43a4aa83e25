"""Providers' vacancies and the introductions of workers to them, to a job start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from carehub.core.models import TimeStampedModel
from carehub.workers.models import CARE_SETTING_CHOICES, ENGLISH_LEVEL_CHOICES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from carehub.accounts.models import User


class VacancyQuerySet(models.QuerySet["Vacancy"]):
    def visible_to(self, user: User | AnonymousUser) -> VacancyQuerySet:
        """Hub staff see their partnership's vacancies; provider managers their own
        organisation's. Nobody else sees vacancies here."""
        from carehub.accounts.permissions import organisation_ids_with, partnership_ids_with
        from carehub.accounts.roles import Capability

        return self.filter(
            Q(partnership_id__in=partnership_ids_with(user, Capability.MANAGE_ALL_VACANCIES))
            | Q(
                provider__organisation_id__in=organisation_ids_with(
                    user, Capability.MANAGE_OWN_VACANCIES
                )
            )
        )

    def open(self) -> VacancyQuerySet:
        return self.filter(status=Vacancy.Status.OPEN)


class Vacancy(TimeStampedModel):
    """A job a provider wants to fill. A sponsored role is accepted only from a provider
    that can sponsor, at pay meeting the floor in force on the start date."""

    class Role(models.TextChoices):
        CARE_WORKER = "care_worker", "Care worker (SOC 6135)"
        SENIOR_CARE_WORKER = "senior_care_worker", "Senior care worker (SOC 6136)"
        OTHER = "other", "Another role (not sponsored as a care worker)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FILLED = "filled", "Filled"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices)
    soc_code = models.CharField("SOC code", max_length=4, blank=True)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    hourly_rate = models.DecimalField(max_digits=6, decimal_places=2)
    annual_salary = models.DecimalField(max_digits=9, decimal_places=2)
    shift_pattern = models.CharField(max_length=200, blank=True)
    setting = models.CharField(
        "type of service", max_length=30, choices=CARE_SETTING_CHOICES, default="residential"
    )
    driving_licence_required = models.BooleanField(default=False)
    car_required = models.BooleanField(default=False)
    english_level_needed = models.CharField(
        max_length=20, choices=ENGLISH_LEVEL_CHOICES, default="everyday"
    )
    languages_wanted = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    positions = models.PositiveSmallIntegerField(default=1)
    cos_available = models.BooleanField("can assign a certificate of sponsorship", default=True)
    # The ethical-recruitment declaration.
    no_fees_declared = models.BooleanField("declares no fees are charged to workers", default=False)
    repayment_clause = models.BooleanField(default=False)
    repayment_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    repayment_terms = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name_plural = "vacancies"
        indexes = [models.Index(fields=["partnership", "status"], name="vacancies_open")]

    def __str__(self) -> str:
        return f"{self.title} at {self.provider}"

    @property
    def sponsored(self) -> bool:
        """A care role the provider would sponsor (so the sponsorship rules apply)."""
        return self.role != Vacancy.Role.OTHER and self.cos_available


class IntroductionQuerySet(models.QuerySet["Introduction"]):
    def visible_to(self, user: User | AnonymousUser) -> IntroductionQuerySet:
        """Hub staff see their partnership's introductions; provider managers those to
        their own vacancies (and the worker's identity only once it is shared)."""
        return self.filter(vacancy__in=Vacancy.objects.visible_to(user))


class Introduction(TimeStampedModel):
    """A worker introduced to a vacancy, tracked from proposal to a job start and beyond."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        WORKER_AGREED = "worker_agreed", "Worker agreed"
        SHARED = "shared", "Shared with provider"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer made"
        COS_ASSIGNED = "cos_assigned", "CoS assigned"
        VISA_APPLIED = "visa_applied", "Visa applied for"
        VISA_GRANTED = "visa_granted", "Visa granted"
        STARTED = "started", "Started work"
        RETAINED_3M = "retained_3m", "Still employed at 3 months"
        RETAINED_6M = "retained_6m", "Still employed at 6 months"
        RETAINED_12M = "retained_12m", "Still employed at 12 months"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Barrier(models.TextChoices):
        DISTANCE = "distance", "Too far to travel"
        DRIVING = "driving", "Driving licence or car needed"
        ENGLISH = "english", "English level"
        REFERENCES = "references", "References"
        HOURS = "hours", "Hours did not suit"
        PAY = "pay", "Pay"
        FEES = "fees", "Fees or repayment clause"
        PROVIDER_WITHDREW = "provider_withdrew", "Provider withdrew"
        OWN_JOB = "own_job", "Worker found their own job"
        DEADLINE = "deadline", "Not enough time before the deadline"
        OTHER = "other", "Other"

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="introductions")
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.PROTECT, related_name="introductions"
    )
    case = models.ForeignKey("workers.Case", on_delete=models.PROTECT, related_name="introductions")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PROPOSED)
    barrier = models.CharField(max_length=20, choices=Barrier.choices, blank=True)
    barrier_note = models.CharField(max_length=300, blank=True)
    score = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    # Set when the worker's name and contact details are disclosed to the provider.
    shared_at = models.DateTimeField(null=True, blank=True)
    cos_number = models.CharField("CoS number", max_length=30, blank=True)
    pool_statement_recorded = models.BooleanField(
        "the CoS says 'Candidate has been recruited from the displaced worker pool'",
        default=False,
    )
    started_on = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "worker"], name="vacancies_one_introduction_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker.reference} to {self.vacancy}"
