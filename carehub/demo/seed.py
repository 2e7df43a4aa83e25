"""A fictional West Midlands partnership (and a second partnership to show isolation).

Deterministic and idempotent: records are found by natural keys and only missing ones are
created, through the same services people use, so the audit trail shows how they came to be.
People and care providers are invented; councils are the real West Midlands councils.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from carehub.accounts import services
from carehub.accounts.demo import DEMO_PASSWORD, demo_email
from carehub.accounts.models import Organisation, Partnership, User
from carehub.accounts.roles import OrganisationKind, Role
from carehub.core.models import LocalAuthority, Region

WEST_MIDLANDS = "E12000005"
EAST_MIDLANDS = "E12000004"

COUNCIL_NAMES = {
    "E08000025": "Birmingham City Council",
    "E08000026": "Coventry City Council",
    "E08000027": "Dudley Metropolitan Borough Council",
    "E08000028": "Sandwell Metropolitan Borough Council",
    "E08000029": "Solihull Metropolitan Borough Council",
    "E08000030": "Walsall Council",
    "E08000031": "City of Wolverhampton Council",
    "E06000019": "Herefordshire Council",
    "E06000020": "Telford & Wrekin Council",
    "E06000021": "Stoke-on-Trent City Council",
    "E06000051": "Shropshire Council",
    "E10000028": "Staffordshire County Council",
    "E10000031": "Warwickshire County Council",
    "E10000034": "Worcestershire County Council",
}

# (name, kind, council area code)
WEST_MIDLANDS_ORGANISATIONS = [
    ("Brindley Court Care Ltd", OrganisationKind.CARE_PROVIDER, "E08000025"),
    ("Severn Vale Home Care Ltd", OrganisationKind.CARE_PROVIDER, "E10000034"),
    ("Wrekin View Nursing Home", OrganisationKind.CARE_PROVIDER, "E06000020"),
    ("Black Country Homecare Services Ltd", OrganisationKind.CARE_PROVIDER, "E08000028"),
    ("Arden Lodge Residential Care", OrganisationKind.CARE_PROVIDER, "E10000031"),
    ("Potteries Community Care CIC", OrganisationKind.CARE_PROVIDER, "E06000021"),
    ("Kingfisher Home Care Ltd", OrganisationKind.CARE_PROVIDER, "E08000025"),
    ("Heartlands Migrant Workers Advice Centre", OrganisationKind.PARTNER, "E08000025"),
    ("Marches Welcome Network", OrganisationKind.PARTNER, "E06000051"),
    ("Horizon Global Staffing Ltd", OrganisationKind.RECRUITMENT_AGENCY, "E08000026"),
    ("Regional Labour Standards Unit", OrganisationKind.ENFORCEMENT_AGENCY, "E08000025"),
]


@dataclass(frozen=True)
class DemoPerson:
    local_part: str
    full_name: str
    organisation: str
    role: Role


WEST_MIDLANDS_HUB = "West Midlands Care Workforce Hub"
EAST_MIDLANDS_HUB = "East Midlands Care Workforce Hub"

PEOPLE = [
    DemoPerson("coordinator", "Amara Okafor", WEST_MIDLANDS_HUB, Role.HUB_COORDINATOR),
    DemoPerson("caseworker", "Daniel Whitmore", WEST_MIDLANDS_HUB, Role.HUB_CASEWORKER),
    DemoPerson("safeguarding", "Priya Raman", WEST_MIDLANDS_HUB, Role.SAFEGUARDING_LEAD),
    DemoPerson("evaluator", "Tomasz Nowicki", WEST_MIDLANDS_HUB, Role.EVALUATOR),
    DemoPerson("sysadmin", "Grace Adeyemi", WEST_MIDLANDS_HUB, Role.SYSTEM_ADMIN),
    DemoPerson("council-lead", "Helen Marsh", "Birmingham City Council", Role.COUNCIL_LEAD),
    DemoPerson(
        "provider-manager", "Joseph Mensah", "Brindley Court Care Ltd", Role.PROVIDER_MANAGER
    ),
    DemoPerson(
        "partner-caseworker",
        "Fatima Begum",
        "Heartlands Migrant Workers Advice Centre",
        Role.PARTNER_CASEWORKER,
    ),
    DemoPerson("em-coordinator", "Oliver Brennan", EAST_MIDLANDS_HUB, Role.HUB_COORDINATOR),
]


def _partnership(name: str, region_code: str, hub_name: str) -> tuple[Partnership, Organisation]:
    existing = Partnership.objects.filter(name=name).first()
    if existing is not None:
        return existing, existing.organisations.get(kind=OrganisationKind.REGIONAL_HUB)
    return services.create_partnership(
        name=name, region=Region.objects.get(gss_code=region_code), hub_name=hub_name
    )


def _organisation(partnership: Partnership, name: str, kind: str, area: str | None) -> Organisation:
    existing = partnership.organisations.filter(name=name).first()
    if existing is not None:
        return existing
    return services.create_organisation(
        partnership=partnership,
        name=name,
        kind=kind,
        local_authority=LocalAuthority.objects.get(gss_code=area) if area else None,
        actor=None,
        check_permission=False,
    )


def _person(person: DemoPerson) -> User:
    return services.create_member(
        email=demo_email(person.local_part),
        full_name=person.full_name,
        password=DEMO_PASSWORD,
        organisation=Organisation.objects.get(name=person.organisation),
        role=person.role,
        actor=None,
        check_permission=False,
    )


def _pending_invitation() -> None:
    """A provider manager invited but not yet joined, so the invitation flow is visible."""
    organisation = Organisation.objects.get(name="Severn Vale Home Care Ltd")
    email = demo_email("new-manager")
    if not organisation.invitations.filter(email=email).exists():
        services.invite_user(
            organisation=organisation,
            email=email,
            full_name="Ruth Kowalczyk",
            role=Role.PROVIDER_MANAGER,
            actor=User.objects.get(email=demo_email("coordinator")),
        )


@transaction.atomic
def seed_accounts() -> dict[str, int]:
    west, _hub = _partnership(
        "West Midlands Care Workforce Partnership", WEST_MIDLANDS, WEST_MIDLANDS_HUB
    )
    _partnership("East Midlands Care Workforce Partnership", EAST_MIDLANDS, EAST_MIDLANDS_HUB)
    for code, name in COUNCIL_NAMES.items():
        _organisation(west, name, OrganisationKind.LOCAL_AUTHORITY, code)
    for name, kind, area in WEST_MIDLANDS_ORGANISATIONS:
        _organisation(west, name, kind, area)
    users = [_person(person) for person in PEOPLE]
    _pending_invitation()
    return {
        "partnerships": Partnership.objects.count(),
        "organisations": Organisation.objects.count(),
        "demo users": len(users),
    }
