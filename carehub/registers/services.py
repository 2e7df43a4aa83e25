"""Importing the sponsor register: one transaction per file, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from carehub.audit import services as audit
from carehub.core.models import LocalAuthority
from carehub.registers import cqc_files, postcode_files
from carehub.registers.models import (
    CqcLocation,
    CqcProvider,
    Postcode,
    PostcodeDistrict,
    RegisterChange,
    RegisterSnapshot,
    SponsorEntry,
)
from carehub.registers.sponsor_register import (
    ChangeKind,
    SuspectFileError,
    diff,
    parse,
    unique_by_key,
)

T = TypeVar("T")
ENTRY_KEY = ("name_key", "town_key", "type_key", "route_key")
PUBLISHED = ("name", "town", "county", "type_and_rating", "route")
CQC_LOCATION_FIELDS = [
    "provider",
    "name",
    "address",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "local_authority",
    "cqc_local_authority",
    "region",
    "care_home",
    "dormant",
    "adult_social_care",
    "service_types",
    "regulated_activities",
    "latest_rating",
    "registered_on",
    "is_registered",
]
POSTCODE_FIELDS = [
    "outcode",
    "latitude",
    "longitude",
    "lad_code",
    "utla_code",
    "region_code",
    "terminated",
]
# Keeps every IN (...) list and bulk statement within SQLite's and PostgreSQL's limits.
BATCH = 5000


@dataclass
class ImportResult:
    snapshot: RegisterSnapshot | None
    already_imported: bool = False
    changes: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        if self.snapshot is None:
            return "This file has already been imported: nothing changed"
        counts = ", ".join(
            f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(self.changes.items())
        )
        return f"Imported {self.snapshot.row_count} rows. Changes: {counts or 'none'}"


def batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


COPIED = (
    "name",
    "town",
    "county",
    "type_and_rating",
    "licence_type",
    "rating",
    "service_level",
    "route",
    "name_key",
    "town_key",
    "type_key",
    "route_key",
    "first_seen_id",
)


def copy_entries(entries: list[SponsorEntry]) -> None:
    """PostgreSQL's COPY: several times faster than INSERT for the first import's 140,000
    rows. Same transaction, same table; only used where no new ids are needed."""
    table = SponsorEntry._meta.db_table
    with connection.cursor() as cursor:
        raw_cursor: Any = cursor.cursor
        with raw_cursor.copy(f"COPY {table} ({', '.join(COPIED)}) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row([getattr(entry, column) for column in COPIED])


def check_plausible(
    row_count: int, previous: RegisterSnapshot | None, *, min_rows: int | None = None
) -> None:
    """Refuse a file that is too small to be the whole register: a truncated download or an
    error page must never withdraw thousands of licences."""
    share = settings.SPONSOR_REGISTER_MIN_SHARE_PERCENT
    if previous is not None and row_count * 100 < previous.row_count * share:
        raise SuspectFileError(
            f"The file has {row_count:,} rows, fewer than {share}% of the "
            f"{previous.row_count:,} in the current snapshot: it looks incomplete"
        )
    floor = settings.SPONSOR_REGISTER_MIN_ROWS if min_rows is None else min_rows
    if row_count < floor:
        raise SuspectFileError(
            f"The file has {row_count:,} rows; a complete register has at least {floor:,}"
        )


@transaction.atomic
def import_sponsor_register(
    *,
    raw: bytes,
    source_url: str = "",
    file_name: str = "",
    published_on: dt.date | None = None,
    actor: Any = None,
    min_rows: int | None = None,
) -> ImportResult:
    """Import one copy of the register as a new snapshot and record what changed.

    A file identical to the current snapshot (same SHA-256) changes nothing. A suspect
    file (see `parse` and `check_plausible`) raises SuspectFileError and changes nothing:
    the current snapshot stays current and no licence is withdrawn. Everything happens in
    one transaction, so an interrupted import leaves no partial snapshot. Writes one audit
    event. `min_rows` overrides the configured floor (the demo's register is small).
    """
    digest = hashlib.sha256(raw).hexdigest()
    previous = RegisterSnapshot.objects.latest_accepted()
    if previous is not None and previous.sha256 == digest:
        return ImportResult(snapshot=None, already_imported=True)
    parsed = parse(raw)
    rows = unique_by_key(parsed.rows)
    check_plausible(len(rows), previous, min_rows=min_rows)

    snapshot = RegisterSnapshot.objects.create(
        sha256=digest,
        source_url=source_url,
        file_name=file_name,
        published_on=published_on,
        row_count=len(rows),
        duplicate_rows=parsed.duplicate_rows + len(parsed.rows) - len(rows),
    )
    # Entries on the register now: key -> (pk, rating, the fields as last published).
    existing: dict[tuple[str, str, str, str], tuple[int, str, tuple[str, ...]]] = (
        {
            (name_key, town_key, type_key, route_key): (pk, rating, tuple(published))
            for pk, name_key, town_key, type_key, route_key, rating, *published in (
                SponsorEntry.objects.filter(removed_on=None)
                .values_list("pk", *ENTRY_KEY, "rating", *PUBLISHED)
                .iterator(chunk_size=BATCH)
            )
        }
        if previous is not None
        else {}
    )
    current = {key: row.licence.rating.value for key, row in rows.items()}
    if previous is None:
        # The first snapshot is the baseline: every entry is new, none is news.
        changes = []
        joined = list(rows)
    else:
        changes = diff({key: rating for key, (_pk, rating, _fields) in existing.items()}, current)
        joined = [
            c.key for c in changes if c.kind in (ChangeKind.NEW_LICENCE, ChangeKind.ROUTE_ADDED)
        ]
    removed_on = published_on or timezone.localdate()

    # Entries that left the register.
    gone = [
        existing[c.key][0]
        for c in changes
        if c.kind in (ChangeKind.REMOVED, ChangeKind.ROUTE_REMOVED)
    ]
    for ids in batches(gone):
        SponsorEntry.objects.filter(pk__in=ids).update(
            removed_on=removed_on, removed_in=snapshot, last_seen=previous
        )

    # Entries that joined: new, or back after a removal (same natural key).
    returning: dict[tuple[str, str, str, str], int] = {}
    for keys in batches(joined if previous is not None else []):
        wanted = set(keys)
        for pk, *entry_key in SponsorEntry.objects.filter(
            removed_on__isnull=False, name_key__in={key[0] for key in keys}
        ).values_list("pk", *ENTRY_KEY):
            if tuple(entry_key) in wanted:
                returning[(entry_key[0], entry_key[1], entry_key[2], entry_key[3])] = pk
    new_ids: dict[tuple[str, str, str, str], int] = {}
    # Built and written a batch at a time, so a first import of the whole register does
    # not hold every model instance in memory at once.
    for keys in batches(joined):
        fresh = []
        for key in keys:
            row = rows[key]
            values: dict[str, Any] = {
                "name": row.name,
                "town": row.town,
                "county": row.county,
                "type_and_rating": row.type_and_rating,
                "licence_type": row.licence.licence_type,
                "rating": row.licence.rating.value,
                "service_level": row.licence.service_level,
                "route": row.route,
                "last_seen": None,
                "removed_in": None,
                "removed_on": None,
            }
            if key in returning:
                SponsorEntry.objects.filter(pk=returning[key]).update(**values)
            else:
                fresh.append(
                    SponsorEntry(
                        **values,
                        name_key=key[0],
                        town_key=key[1],
                        type_key=key[2],
                        route_key=key[3],
                        first_seen=snapshot,
                    )
                )
        if previous is None and connection.vendor == "postgresql":
            copy_entries(fresh)  # the first import has no changes to link, so no ids needed
            continue
        created = SponsorEntry.objects.bulk_create(fresh)
        if changes:
            # PostgreSQL and SQLite 3.35+ return the new primary keys from bulk_create.
            new_ids.update((entry.key, entry.pk) for entry in created)

    # Entries whose published details changed (rating, service level, spelling): about 1%
    # of rows a day. Plain UPDATEs by primary key beat bulk_update's CASE expressions here.
    for key, row in rows.items():
        if key in existing and existing[key][2] != row.published:
            SponsorEntry.objects.filter(pk=existing[key][0]).update(
                name=row.name,
                town=row.town,
                county=row.county,
                type_and_rating=row.type_and_rating,
                route=row.route,
                rating=row.licence.rating.value,
                service_level=row.licence.service_level,
            )

    entry_ids = {key: pk for key, (pk, _rating, _fields) in existing.items()}
    entry_ids.update(returning)
    entry_ids.update(new_ids)
    RegisterChange.objects.bulk_create(
        [
            RegisterChange(
                snapshot=snapshot,
                entry_id=entry_ids[c.key],
                kind=c.kind,
                old_rating=c.old_rating,
                new_rating=c.new_rating,
            )
            for c in changes
        ],
        batch_size=BATCH,
    )
    counts = Counter(c.kind.value for c in changes)
    audit.record(
        actor=actor,
        verb="registers.sponsor_register_imported",
        subject=snapshot,
        source_url=source_url,
        published_on=published_on,
        row_count=snapshot.row_count,
        changes=dict(counts),
    )
    return ImportResult(snapshot=snapshot, changes=counts)


@transaction.atomic
def import_postcodes(*, text_stream: Any, actor: Any = None) -> tuple[str, int]:
    """Load postcodes (or postcode district centroids) from an ONS lookup, streaming.

    Rows are upserted by postcode a batch at a time inside one transaction: a file that
    turns out to be broken half-way changes nothing. Returns the kind of file and the
    number of rows loaded. Writes one audit event.
    """
    kind, rows = postcode_files.read(text_stream)
    count = 0
    for batch in batches(rows):
        if kind == "districts":
            PostcodeDistrict.objects.bulk_create(
                [PostcodeDistrict(**vars(row)) for row in batch],
                update_conflicts=True,
                unique_fields=["outcode"],
                update_fields=["latitude", "longitude"],
            )
        else:
            Postcode.objects.bulk_create(
                [Postcode(**vars(row), outcode=row.outcode) for row in batch],
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=POSTCODE_FIELDS,
            )
        count += len(batch)
    if count == 0:
        raise postcode_files.PostcodeFileError("The file has no usable rows")
    audit.record(
        actor=actor, verb="registers.postcodes_imported", subject=None, kind=kind, rows=count
    )
    return kind, count


def council_lookup() -> dict[str, int]:
    """Our councils by every spelling CQC uses: CQC writes ONS's formal names
    ("Herefordshire, County of", "Bristol, City of")."""
    return {council_key(name): pk for pk, name in LocalAuthority.objects.values_list("pk", "name")}


def council_key(name: str) -> str:
    text = name.casefold().replace("&", "and")
    text = re.sub(r",\s*(county|city) of$", "", text.strip())
    return " ".join(re.sub(r"[^\w ]", " ", text).split())


@transaction.atomic
def import_cqc_locations(
    *, records: Iterable[cqc_files.CqcRecord], full_list: bool, actor: Any = None
) -> dict[str, int]:
    """Upsert CQC providers and locations, a batch at a time, in one transaction.

    A full list (the care directory or the directory CSV) also marks locations it no longer
    includes as not registered; a search export is partial and marks nothing. A file that
    fails half-way changes nothing. Returns counts; writes one audit event.
    """
    councils = council_lookup()
    seen: set[str] = set()
    unmatched: set[str] = set()
    for batch in batches(records):
        providers = {r.provider_id: r for r in batch if r.provider_id}
        CqcProvider.objects.bulk_create(
            [
                CqcProvider(
                    provider_id=r.provider_id,
                    name=r.provider_name,
                    companies_house_number=r.companies_house_number,
                    charity_number=r.charity_number,
                )
                for r in providers.values()
            ],
            update_conflicts=True,
            unique_fields=["provider_id"],
            update_fields=["name", "companies_house_number", "charity_number"],
        )
        provider_ids = dict(
            CqcProvider.objects.filter(provider_id__in=providers).values_list("provider_id", "pk")
        )
        locations = []
        for r in batch:
            if not r.provider_id or r.location_id in seen:
                continue
            seen.add(r.location_id)
            council = councils.get(council_key(r.local_authority))
            if council is None and r.local_authority:
                unmatched.add(r.local_authority)
            locations.append(
                CqcLocation(
                    location_id=r.location_id,
                    provider_id=provider_ids[r.provider_id],
                    name=r.location_name,
                    address=r.address,
                    town=r.town,
                    postcode=r.postcode,
                    latitude=r.latitude,
                    longitude=r.longitude,
                    local_authority_id=council,
                    cqc_local_authority=r.local_authority,
                    region=r.region,
                    care_home=r.care_home,
                    dormant=r.dormant,
                    adult_social_care=r.adult_social_care,
                    service_types=list(r.service_types),
                    regulated_activities=list(r.regulated_activities),
                    latest_rating=r.latest_rating,
                    registered_on=r.registered_on,
                    is_registered=True,
                )
            )
        CqcLocation.objects.bulk_create(
            locations,
            update_conflicts=True,
            unique_fields=["location_id"],
            update_fields=CQC_LOCATION_FIELDS,
        )
    if not seen:
        raise cqc_files.CqcFileError("The file lists no CQC locations")
    deregistered = 0
    if full_list:
        gone = (
            set(
                CqcLocation.objects.filter(is_registered=True).values_list("location_id", flat=True)
            )
            - seen
        )
        for ids in batches(gone):
            deregistered += CqcLocation.objects.filter(location_id__in=ids).update(
                is_registered=False
            )
    counts = {
        "locations": len(seen),
        "deregistered": deregistered,
        "unmatched_councils": len(unmatched),
    }
    audit.record(actor=actor, verb="registers.cqc_locations_imported", subject=None, counts=counts)
    return counts
