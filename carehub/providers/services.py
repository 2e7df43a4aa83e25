"""Provider records, their links to the public registers, and the licence watch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from carehub.accounts import permissions
from carehub.accounts import services as accounts
from carehub.accounts.models import Organisation, User
from carehub.accounts.roles import OrganisationKind, Role
from carehub.audit import services as audit
from carehub.core import policy
from carehub.lib.postcodes import normalise_postcode
from carehub.providers import linking, sponsorship
from carehub.providers.models import LicenceChange, Provider, RegisterLink
from carehub.providers.permissions import can_manage_provider
from carehub.registers.models import CqcLocation, CqcProvider, RegisterChange, SponsorEntry
from carehub.registers.sponsor_register import ChangeKind, normalise_town

# Register changes that threaten a provider's ability to sponsor.
WATCHED = (ChangeKind.REMOVED, ChangeKind.DOWNGRADED, ChangeKind.ROUTE_REMOVED)


@transaction.atomic
def create_provider(
    *,
    organisation: Organisation,
    town: str,
    postcode: str = "",
    trading_names: str = "",
    actor: Any,
    check_permission: bool = True,
) -> Provider:
    """Record the details needed to find a care provider on the public registers.

    Refuses an organisation that is not a care provider or already has details, an invalid
    postcode, or an actor who cannot manage the organisation.
    """
    if check_permission and not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied("You cannot change this provider")
    if organisation.kind != OrganisationKind.CARE_PROVIDER:
        raise ValidationError("Only a care provider can have provider details")
    if Provider.objects.filter(organisation=organisation).exists():
        raise ValidationError("This provider's details are already recorded")
    normalised = normalise_postcode(postcode) if postcode else ""
    if postcode and normalised is None:
        raise ValidationError({"postcode": "Enter a real postcode, like B1 1AA"})
    provider = Provider.objects.create(
        organisation=organisation,
        town=town.strip(),
        postcode=normalised or "",
        trading_names=trading_names.strip(),
    )
    audit.record(
        actor=actor,
        verb="providers.provider_created",
        subject=provider,
        partnership=organisation.partnership,
        organisation=organisation,
        new={"town": provider.town, "postcode": provider.postcode},
    )
    return provider


def blocks(provider: Provider) -> list[str]:
    """Where to look for the provider on the register: its town and its council's name
    (register towns are often a council or county name)."""
    found = [normalise_town(provider.town)]
    council = provider.organisation.local_authority
    if council is not None:
        found.append(normalise_town(council.name.split(",")[0]))
    return [b for b in found if b]


def sponsor_candidates(provider: Provider, limit: int = 5) -> list[linking.Candidate]:
    """Organisations on the sponsor register that may be this provider, best first."""
    places = blocks(provider)
    decided = set(
        provider.links.filter(kind=RegisterLink.Kind.SPONSOR).values_list(
            "sponsor_name_key", "sponsor_town_key"
        )
    )
    records = {
        (name_key, town_key): linking.Record((name_key, town_key), name, town)
        for name_key, town_key, name, town in SponsorEntry.objects.filter(
            removed_on=None, town_key__in=places
        ).values_list("name_key", "town_key", "name", "town")
    }
    index = linking.Index(records.values())
    return index.candidates(
        provider.names, places, rejected=dict.fromkeys(decided, "decided"), limit=limit
    )


def cqc_candidates(provider: Provider, limit: int = 5) -> list[linking.Candidate]:
    """CQC providers with a location in the provider's council area or postcode district."""
    council = provider.organisation.local_authority
    outcode = provider.postcode.split(" ")[0] if provider.postcode else ""
    area = Q(local_authority=council) if council else Q(pk__in=[])
    if outcode:
        area |= Q(postcode__startswith=f"{outcode} ")
    decided = set(
        provider.links.filter(kind=RegisterLink.Kind.CQC).values_list(
            "cqc_provider__provider_id", flat=True
        )
    )
    block = council.gss_code if council else outcode
    records = {
        provider_id: linking.Record((provider_id,), name, town, area=block)
        for provider_id, name, town in CqcLocation.objects.filter(area, is_registered=True)
        .values_list("provider__provider_id", "provider__name", "town")
        .distinct()
    }
    index = linking.Index(records.values())
    return index.candidates(
        provider.names, [block], rejected={(p,): "decided" for p in decided}, limit=limit
    )


@transaction.atomic
def decide_link(
    *,
    provider: Provider,
    kind: str,
    key: tuple[str, ...],
    decision: str,
    actor: User,
    note: str = "",
    score: float | None = None,
    reasons: Iterable[str] = (),
) -> RegisterLink:
    """Confirm that a register record is this provider, or reject it with a reason.

    Refuses an actor who cannot manage the provider, a rejection without a reason, or a
    record that does not exist. Deciding again replaces the earlier decision (audited).
    """
    if not can_manage_provider(actor, provider):
        raise PermissionDenied("You cannot change this provider")
    if decision == RegisterLink.Decision.REJECTED and not note.strip():
        raise ValidationError({"note": "Say why this is not the provider"})
    lookup: dict[str, Any] = {"provider": provider, "kind": kind}
    if kind == RegisterLink.Kind.SPONSOR:
        name_key, town_key = key
        if not SponsorEntry.objects.filter(name_key=name_key, town_key=town_key).exists():
            raise ValidationError("That organisation is not on the sponsor register")
        lookup |= {"sponsor_name_key": name_key, "sponsor_town_key": town_key}
    else:
        cqc_provider = CqcProvider.objects.filter(provider_id=key[0]).first()
        if cqc_provider is None:
            raise ValidationError("That CQC provider is not in the imported CQC lists")
        lookup |= {"cqc_provider": cqc_provider}
    previous = RegisterLink.objects.filter(**lookup).first()
    link, _created = RegisterLink.objects.update_or_create(
        **lookup,
        defaults={
            "decision": decision,
            "note": note.strip(),
            "score": score,
            "reasons": list(reasons),
            "decided_by": actor,
        },
    )
    audit.record(
        actor=actor,
        verb="providers.register_link_decided",
        subject=link,
        partnership=provider.organisation.partnership,
        organisation=provider.organisation,
        old={"decision": previous.decision} if previous else None,
        new={"decision": decision, "kind": kind, "key": list(key), "note": link.note},
    )
    return link


def sponsorship_decision(provider: Provider, *, on: dt.date | None = None) -> sponsorship.Decision:
    """Can this provider sponsor a care worker today (or on a date)? The one place this is
    answered; it reads the provider's confirmed register links."""
    on = on or timezone.localdate()
    confirmed = provider.links.filter(decision=RegisterLink.Decision.CONFIRMED)
    organisations = Q(pk__in=[])
    for name_key, town_key in confirmed.filter(kind=RegisterLink.Kind.SPONSOR).values_list(
        "sponsor_name_key", "sponsor_town_key"
    ):
        organisations |= Q(name_key=name_key, town_key=town_key)
    licences = [
        sponsorship.LicenceFacts(*row)
        for row in SponsorEntry.objects.filter(organisations).values_list(
            "licence_type", "route", "rating", "removed_on"
        )
    ]
    locations = [
        sponsorship.LocationFacts(name, registered, dormant, tuple(activities))
        for name, registered, dormant, activities in CqcLocation.objects.filter(
            provider__in=confirmed.filter(kind=RegisterLink.Kind.CQC).values("cqc_provider")
        ).values_list("name", "is_registered", "dormant", "regulated_activities")
    ]
    return sponsorship.can_sponsor(
        licences,
        locations,
        on=on,
        cqc_required_from=policy.value("cqc_registration_required_date", on=on),
    )


@transaction.atomic
def watch_licences(*, changes: Iterable[RegisterChange]) -> list[LicenceChange]:
    """After an import: record each removal or downgrade of a licence held by a provider the
    hub knows (a confirmed link) and alert the partnership's hub coordinators and the
    council lead for the provider's area. Idempotent for the same change."""
    recorded: list[LicenceChange] = []
    for change in changes:
        if change.kind not in WATCHED:
            continue
        entry = change.entry
        links = RegisterLink.objects.filter(
            kind=RegisterLink.Kind.SPONSOR,
            decision=RegisterLink.Decision.CONFIRMED,
            sponsor_name_key=entry.name_key,
            sponsor_town_key=entry.town_key,
        ).select_related(
            "provider__organisation__partnership", "provider__organisation__local_authority"
        )
        for link in links:
            provider = link.provider
            licence_change, created = LicenceChange.objects.get_or_create(
                provider=provider, register_change=change
            )
            if not created:
                continue
            recorded.append(licence_change)
            organisation = provider.organisation
            what = {
                ChangeKind.REMOVED: "has been removed from the sponsor register "
                "(possible revocation)",
                ChangeKind.DOWNGRADED: f"has been downgraded from {change.old_rating} "
                f"to {change.new_rating}",
                ChangeKind.ROUTE_REMOVED: f"no longer holds the {entry.route} route",
            }[ChangeKind(change.kind)]
            in_partnership = Q(memberships__organisation__partnership=organisation.partnership)
            audience = in_partnership & Q(memberships__role=Role.HUB_COORDINATOR)
            if organisation.local_authority_id:
                audience |= in_partnership & Q(
                    memberships__role=Role.COUNCIL_LEAD,
                    memberships__organisation__local_authority_id=organisation.local_authority_id,
                )
            recipients = User.objects.filter(audience).distinct()
            accounts.notify(
                users=recipients,
                title=f"Sponsor licence change: {organisation.name}",
                body=(
                    f"{organisation.name}'s licence ({entry.type_and_rating}, {entry.route}) "
                    f"{what}. Workers it sponsors may need help to find a new sponsor."
                ),
                link=reverse("providers:provider-detail", args=[provider.uuid]),
            )
            # Workers the hub knows this provider sponsored need help now.
            from carehub.workers.services import open_outreach_cases

            open_outreach_cases(licence_change=licence_change)
            audit.record(
                actor=None,
                verb="providers.licence_change_recorded",
                subject=licence_change,
                partnership=organisation.partnership,
                organisation=organisation,
                new={"kind": change.kind, "entry": str(entry), "alerted": recipients.count()},
            )
    return recorded
