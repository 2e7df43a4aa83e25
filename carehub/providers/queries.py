"""Read-side helpers for provider pages and the API: licence summaries in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from carehub.providers.models import Provider, RegisterLink
from carehub.registers.models import SponsorEntry
from carehub.registers.sponsor_register import Rating

SKILLED_WORKER = "skilled worker"


@dataclass(frozen=True)
class LicenceSummary:
    """What the register says of a provider's Skilled Worker licence, for lists."""

    status: str  # "A", "B", "Provisional", "Other", "Removed" or "Not linked"
    routes: tuple[str, ...]


def licence_summaries(providers: Sequence[Provider]) -> dict[int, LicenceSummary]:
    """One summary per provider, in two queries however many providers there are."""
    keys: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for provider_id, name_key, town_key in RegisterLink.objects.filter(
        provider__in=providers,
        kind=RegisterLink.Kind.SPONSOR,
        decision=RegisterLink.Decision.CONFIRMED,
    ).values_list("provider_id", "sponsor_name_key", "sponsor_town_key"):
        keys[provider_id].append((name_key, town_key))
    wanted = Q(pk__in=[])
    for name_key, town_key in {k for found in keys.values() for k in found}:
        wanted |= Q(name_key=name_key, town_key=town_key)
    entries: dict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
    for name_key, town_key, route, rating, removed_on in SponsorEntry.objects.filter(
        wanted
    ).values_list("name_key", "town_key", "route", "rating", "removed_on"):
        entries[(name_key, town_key)].append((route, rating, removed_on is None))
    summaries = {}
    for provider in providers:
        rows = [row for key in keys.get(provider.pk, []) for row in entries.get(key, [])]
        listed = [(route, rating) for route, rating, current in rows if current]
        skilled = [rating for route, rating in listed if route.casefold() == SKILLED_WORKER]
        if not keys.get(provider.pk):
            status = "Not linked"
        elif skilled:
            status = Rating.A if Rating.A in skilled else skilled[0]
        else:
            status = "Removed"
        summaries[provider.pk] = LicenceSummary(
            str(status), tuple(sorted({route for route, _rating in listed}))
        )
    return summaries


def service_types(providers: Sequence[Provider]) -> dict[int, set[str]]:
    """The CQC service types of each provider's confirmed CQC registrations (one query)."""
    found: dict[int, set[str]] = defaultdict(set)
    for provider_id, types in RegisterLink.objects.filter(
        provider__in=providers,
        kind=RegisterLink.Kind.CQC,
        decision=RegisterLink.Decision.CONFIRMED,
        cqc_provider__locations__is_registered=True,
    ).values_list("provider_id", "cqc_provider__locations__service_types"):
        found[provider_id].update(types or [])
    return found
