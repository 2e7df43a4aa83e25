"""Shared base models, geographic reference data and effective-dated policy values."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User
    from django.contrib.auth.models import AnonymousUser


class TimeStampedModel(models.Model):
    """Abstract base: a public UUID for URLs and the API, and creation/update times."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ReferenceQuerySet(models.QuerySet[Any]):
    """Reference data is public information: any signed-in member of the hub may read it."""

    def visible_to(self, user: User | AnonymousUser) -> ReferenceQuerySet:
        return self if user.is_authenticated and user.is_active else self.none()


class Region(models.Model):
    """An English region (ONS RGN code), the area a regional partnership covers."""

    gss_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """A council with adult social care responsibility (upper tier: county, unitary,
    metropolitan district, London borough). Identified by its ONS (GSS) code."""

    class Type(models.TextChoices):
        COUNTY = "CTY", "County council"
        UNITARY = "UA", "Unitary authority"
        METROPOLITAN = "MD", "Metropolitan district"
        LONDON_BOROUGH = "LBO", "London borough"
        CITY_OF_LONDON = "CC", "City corporation"

    gss_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=150)
    la_type = models.CharField("type", max_length=3, choices=Type.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class PolicyValue(models.Model):
    """One value of an immigration or programme rule, in force from a date until the next
    value for the same key. Read it with `carehub.core.policy.value(key, on=date)`."""

    key = models.CharField(max_length=80, db_index=True)
    # Stored as text and typed by the key's declared kind in carehub.core.policy.KEYS,
    # so the table stays portable between SQLite and PostgreSQL.
    value = models.CharField(max_length=200)
    effective_from = models.DateField()
    source = models.URLField(max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"], name="core_policyvalue_one_per_key_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} from {self.effective_from:%d %B %Y}"
