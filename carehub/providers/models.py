"""Care providers the hub works with, their confirmed links to the public registers, and
the licence changes that affect them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from carehub.core.models import TimeStampedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from carehub.accounts.models import User


class ProviderQuerySet(models.QuerySet["Provider"]):
    def visible_to(self, user: User | AnonymousUser) -> ProviderQuerySet:
        """Providers are organisations: seen by the partnership's members who see those."""
        from carehub.accounts.permissions import partnership_ids_with
        from carehub.accounts.roles import Capability

        return self.filter(
            organisation__partnership_id__in=partnership_ids_with(
                user, Capability.VIEW_ORGANISATIONS
            )
        )


class Provider(TimeStampedModel):
    """A care organisation the hub works with: the profile of an organisation of kind
    "care provider", with what is needed to find it on the sponsor register and CQC lists."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="provider"
    )
    trading_names = models.CharField(
        max_length=300, blank=True, help_text="Other names it uses, separated by semicolons."
    )
    town = models.CharField(max_length=150, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def names(self) -> list[str]:
        return [self.organisation.name] + [
            n.strip() for n in self.trading_names.split(";") if n.strip()
        ]


class RegisterLink(models.Model):
    """A person's decision that a register record is (confirmed) or is not (rejected) this
    provider. Rejections are remembered so the same wrong candidate is not proposed again."""

    class Kind(models.TextChoices):
        SPONSOR = "sponsor", "Sponsor register"
        CQC = "cqc", "CQC provider"

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The sponsor register has no ids: an organisation is its normalised name and town,
    # which covers all of its routes, now and later.
    sponsor_name_key = models.CharField(max_length=300, blank=True)
    sponsor_town_key = models.CharField(max_length=200, blank=True)
    cqc_provider = models.ForeignKey(
        "registers.CqcProvider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why, for a rejection.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "sponsor_name_key", "sponsor_town_key"],
                condition=Q(kind="sponsor"),
                name="providers_link_one_per_sponsor",
            ),
            models.UniqueConstraint(
                fields=["provider", "cqc_provider"],
                condition=Q(kind="cqc"),
                name="providers_link_one_per_cqc_provider",
            ),
        ]
        indexes = [
            # The licence watch finds providers by a register entry's organisation key.
            models.Index(
                fields=["sponsor_name_key", "sponsor_town_key"], name="providers_link_sponsor"
            ),
        ]

    def __str__(self) -> str:
        target = self.sponsor_name_key if self.kind == self.Kind.SPONSOR else self.cqc_provider
        return f"{self.provider} {self.decision} {target}"


class LicenceChange(models.Model):
    """A removal or downgrade on the sponsor register of a licence held by a provider the
    hub knows. The casework app lists the workers that provider sponsored from here."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="licence_changes")
    register_change = models.ForeignKey(
        "registers.RegisterChange", on_delete=models.CASCADE, related_name="licence_changes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "register_change"], name="providers_licencechange_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.register_change.kind}"
