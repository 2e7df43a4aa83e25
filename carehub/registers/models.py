"""Snapshots of the Home Office sponsor register, the entries in it over time, and the
changes between snapshots."""

from __future__ import annotations

from django.db import models

from carehub.registers.sponsor_register import ChangeKind, Rating


class RegisterSnapshotQuerySet(models.QuerySet["RegisterSnapshot"]):
    def latest_accepted(self) -> RegisterSnapshot | None:
        return self.order_by("-imported_at", "-pk").first()


class RegisterSnapshot(models.Model):
    """One accepted import of the sponsor register file. A file identical to the current
    snapshot (same SHA-256) is not imported again; a suspect file is refused and leaves no
    snapshot."""

    sha256 = models.CharField(max_length=64, db_index=True)
    source_url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    published_on = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    row_count = models.PositiveIntegerField(help_text="Rows after removing exact duplicates.")
    duplicate_rows = models.PositiveIntegerField(default=0)

    objects = RegisterSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        when = self.published_on.isoformat() if self.published_on else "undated"
        return f"Sponsor register {when} ({self.row_count} rows)"


class SponsorEntry(models.Model):
    """One row of the register: an organisation's licence for one route, tracked across
    snapshots by its normalised name, town, licence type and route."""

    Rating = Rating

    name = models.CharField(max_length=300)
    town = models.CharField(max_length=200, blank=True)
    county = models.CharField(max_length=200, blank=True)
    type_and_rating = models.CharField("type and rating (as published)", max_length=200)
    licence_type = models.CharField(max_length=50)
    rating = models.CharField(max_length=20, choices=[(r.value, r.value) for r in Rating])
    service_level = models.CharField(max_length=20, blank=True)
    route = models.CharField(max_length=200)
    name_key = models.CharField(max_length=300)
    town_key = models.CharField(max_length=200)
    type_key = models.CharField(max_length=50)
    route_key = models.CharField(max_length=200)
    first_seen = models.ForeignKey(
        RegisterSnapshot, on_delete=models.PROTECT, related_name="entries_first_seen"
    )
    # Only what changes is written on a daily import: an entry still on the register was
    # last seen in the current snapshot; a removed one in the snapshot before `removed_in`.
    last_seen = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries_last_seen",
        help_text="For a removed entry, the last snapshot that listed it; empty while listed.",
    )
    removed_in = models.ForeignKey(
        RegisterSnapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries_removed",
        help_text="The first snapshot without it.",
    )
    removed_on = models.DateField(
        null=True, blank=True, help_text="Publication date of the first snapshot without it."
    )

    class Meta:
        ordering = ["name_key", "town_key", "route_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "town_key", "type_key", "route_key"],
                name="registers_sponsorentry_natural_key",
            )
        ]
        indexes = [
            # The licence watch and directory look entries up by organisation.
            models.Index(fields=["name_key", "town_key"], name="registers_entry_org"),
            models.Index(fields=["removed_on"], name="registers_entry_removed"),
        ]
        verbose_name_plural = "sponsor entries"

    def __str__(self) -> str:
        return f"{self.name}, {self.town}: {self.type_and_rating}, {self.route}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.name_key, self.town_key, self.type_key, self.route_key)


CHANGE_LABELS = {
    ChangeKind.NEW_LICENCE: "New licence",
    ChangeKind.REMOVED: "Removed (possible revocation)",
    ChangeKind.ROUTE_ADDED: "Route added",
    ChangeKind.ROUTE_REMOVED: "Route removed",
    ChangeKind.DOWNGRADED: "Downgraded",
    ChangeKind.UPGRADED: "Upgraded",
}


class RegisterChange(models.Model):
    """Something that changed between two consecutive snapshots for one entry."""

    Kind = ChangeKind

    snapshot = models.ForeignKey(RegisterSnapshot, on_delete=models.CASCADE, related_name="changes")
    entry = models.ForeignKey(SponsorEntry, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(
        max_length=20, choices=[(k.value, CHANGE_LABELS[k]) for k in ChangeKind]
    )
    old_rating = models.CharField(max_length=20, blank=True)
    new_rating = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-snapshot__imported_at", "entry__name_key"]
        indexes = [models.Index(fields=["kind", "snapshot"], name="registers_change_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.entry}"


class Postcode(models.Model):
    """A postcode's centroid and areas, from the ONS postcode lookup (NSPL/ONSPD)."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised: B1 1AA")
    outcode = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    lad_code = models.CharField("local authority district (ONS)", max_length=9, blank=True)
    utla_code = models.CharField("upper-tier local authority (ONS)", max_length=9, blank=True)
    region_code = models.CharField(max_length=9, blank=True)
    terminated = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.postcode


class PostcodeDistrict(models.Model):
    """The centroid of a postcode district (outward code), for postcodes we do not hold."""

    outcode = models.CharField(max_length=4, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.outcode


class CqcProvider(models.Model):
    """A provider registered with the Care Quality Commission (CQC's provider id)."""

    provider_id = models.CharField("CQC provider ID", max_length=20, unique=True)
    name = models.CharField(max_length=300)
    companies_house_number = models.CharField(max_length=20, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "CQC provider"

    def __str__(self) -> str:
        return self.name


class CqcLocation(models.Model):
    """A registered location (care home, home-care office…) from CQC's published lists.
    Personal names in CQC's files (managers, nominated individuals) are not imported."""

    location_id = models.CharField("CQC location ID", max_length=20, unique=True)
    provider = models.ForeignKey(CqcProvider, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=300)
    address = models.CharField(max_length=400, blank=True)
    town = models.CharField(max_length=150, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cqc_local_authority = models.CharField("local authority (CQC's name)", max_length=150)
    region = models.CharField(max_length=60, blank=True)
    care_home = models.BooleanField(default=False)
    dormant = models.BooleanField(default=False)
    adult_social_care = models.BooleanField(default=True)
    service_types = models.JSONField(default=list, blank=True)
    regulated_activities = models.JSONField(default=list, blank=True)
    latest_rating = models.CharField(max_length=40, blank=True)
    registered_on = models.DateField(null=True, blank=True)
    is_registered = models.BooleanField(
        default=True, help_text="False once a full CQC list no longer includes it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "CQC location"

    def __str__(self) -> str:
        return f"{self.name} ({self.location_id})"
