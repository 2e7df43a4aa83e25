"""Changes to reference data. Each runs in one transaction and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carehub.audit import services as audit
from carehub.core import policy
from carehub.core.local_authorities import Council
from carehub.core.models import LocalAuthority, PolicyValue, Region


@transaction.atomic
def import_local_authorities(*, councils: list[Council], actor: Any = None) -> dict[str, int]:
    """Create or update councils and their regions from a parsed ONS lookup.

    All or nothing: the caller has already rejected a bad file. Councils missing from the
    file are left alone (a lookup may cover part of England). Returns counts.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    regions = {region.gss_code: region for region in Region.objects.all()}
    existing = {la.gss_code: la for la in LocalAuthority.objects.all()}
    for council in councils:
        region = regions.get(council.region_code)
        if region is None:
            region = Region.objects.create(gss_code=council.region_code, name=council.region_name)
            regions[region.gss_code] = region
        current = existing.get(council.gss_code)
        wanted = {"name": council.name, "la_type": council.la_type, "region_id": region.pk}
        if current is None:
            LocalAuthority.objects.create(gss_code=council.gss_code, **wanted)
            counts["created"] += 1
        elif any(getattr(current, field) != value for field, value in wanted.items()):
            LocalAuthority.objects.filter(pk=current.pk).update(**wanted)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    audit.record(actor=actor, verb="core.local_authorities_imported", subject=None, counts=counts)
    return counts


@transaction.atomic
def add_policy_value(
    *,
    key: str,
    value: str,
    effective_from: dt.date,
    source: str = "",
    note: str = "",
    actor: Any,
) -> PolicyValue:
    """Record a new value of a policy rule from a date (installation administrators only).

    Refuses an unknown key, a value that does not parse as the key's kind, or a second
    value for the same key and date. Past values are never changed: a rule change is a new
    row, so earlier decisions can still be explained.
    """
    if key not in policy.KEYS:
        raise ValidationError({"key": f"Unknown policy key {key!r}"})
    try:
        policy.parse(policy.KEYS[key].kind, value)
    except ValueError as error:
        raise ValidationError({"value": str(error)}) from error
    if PolicyValue.objects.filter(key=key, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": "This key already has a value from that date"})
    row = PolicyValue.objects.create(
        key=key, value=value.strip(), effective_from=effective_from, source=source, note=note
    )
    audit.record(
        actor=actor,
        verb="core.policy_value_added",
        subject=row,
        new={"key": key, "value": row.value, "effective_from": effective_from},
    )
    return row
