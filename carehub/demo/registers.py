"""Demo register data: a small fictional sponsor register published twice, CQC locations,
provider details with confirmed links, and the revocation and downgrade the second
register shows, which alert the hub coordinator and the Birmingham council lead."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from carehub.accounts.demo import demo_email
from carehub.accounts.models import Organisation, User
from carehub.providers import services as providers
from carehub.providers.models import Provider, RegisterLink
from carehub.registers import cqc_files, synthetic
from carehub.registers import services as registers
from carehub.registers.models import RegisterSnapshot
from carehub.registers.sponsor_register import normalise_name, normalise_town

# (organisation, town, postcode, CQC location id, CQC provider id, care home?)
PROVIDERS = [
    ("Brindley Court Care Ltd", "Birmingham", "B15 2TT", "1-900000001", "1-800000001", True),
    ("Severn Vale Home Care Ltd", "Worcester", "WR1 2AB", "1-900000002", "1-800000002", False),
    ("Wrekin View Nursing Home", "Telford", "TF1 5AA", "1-900000003", "1-800000003", True),
    (
        "Black Country Homecare Services Ltd",
        "West Bromwich",
        "B70 7PG",
        "1-900000004",
        "1-800000004",
        False,
    ),
    ("Arden Lodge Residential Care", "Warwick", "CV34 4AB", "1-900000005", "1-800000005", True),
    (
        "Potteries Community Care CIC",
        "Stoke-on-Trent",
        "ST1 3AA",
        "1-900000006",
        "1-800000006",
        False,
    ),
    ("Kingfisher Home Care Ltd", "Birmingham", "B23 6SP", "1-900000007", "1-800000007", False),
]
REVOKED = "Kingfisher Home Care Ltd"
DOWNGRADED = "Wrekin View Nursing Home"
FIRST_PUBLISHED, SECOND_PUBLISHED = dt.date(2026, 11, 20), dt.date(2026, 11, 27)


def register_rows(*, later: bool) -> list[synthetic.SyntheticRow]:
    rows = synthetic.rows(400)
    for name, town, *_rest in PROVIDERS:
        if later and name == REVOKED:
            continue
        rating = "B" if later and name == DOWNGRADED else "A"
        rows.append(
            synthetic.SyntheticRow(name, town, "", f"Worker ({rating} rating)", "Skilled Worker")
        )
    return rows


@transaction.atomic
def seed_registers() -> dict[str, int]:
    if RegisterSnapshot.objects.exists():
        return {"register snapshots": RegisterSnapshot.objects.count()}
    coordinator = User.objects.get(email=demo_email("coordinator"))
    registers.import_sponsor_register(
        raw=synthetic.to_csv(register_rows(later=False)),
        file_name="2026-11-20_-_Worker_and_Temporary_Worker.csv",
        published_on=FIRST_PUBLISHED,
        min_rows=100,
    )
    registers.import_cqc_locations(
        records=[
            cqc_files.CqcRecord(
                location_id=location_id,
                location_name=name.replace(" Ltd", "").replace(" CIC", ""),
                provider_id=provider_id,
                provider_name=name,
                address="1 High Street",
                town=town,
                postcode=postcode,
                local_authority=str(Organisation.objects.get(name=name).local_authority),
                region="West Midlands",
                care_home=home,
                service_types=(
                    ("Care home service without nursing",)
                    if home
                    else ("Domiciliary care service",)
                ),
                regulated_activities=("Personal care",),
                latest_rating="Good",
            )
            for name, town, postcode, location_id, provider_id, home in PROVIDERS
        ],
        full_list=False,
    )
    for name, town, postcode, _location_id, provider_id, _home in PROVIDERS:
        provider = providers.create_provider(
            organisation=Organisation.objects.get(name=name),
            town=town,
            postcode=postcode,
            actor=coordinator,
        )
        providers.decide_link(
            provider=provider,
            kind=RegisterLink.Kind.SPONSOR,
            key=(normalise_name(name), normalise_town(town)),
            decision=RegisterLink.Decision.CONFIRMED,
            actor=coordinator,
        )
        providers.decide_link(
            provider=provider,
            kind=RegisterLink.Kind.CQC,
            key=(provider_id,),
            decision=RegisterLink.Decision.CONFIRMED,
            actor=coordinator,
        )
    later = registers.import_sponsor_register(
        raw=synthetic.to_csv(register_rows(later=True)),
        file_name="2026-11-27_-_Worker_and_Temporary_Worker.csv",
        published_on=SECOND_PUBLISHED,
        min_rows=100,
    )
    if later.snapshot is None:  # the same file twice: nothing new to watch
        return {"providers": Provider.objects.count(), "licence changes": 0}
    changes = providers.watch_licences(changes=later.snapshot.changes.select_related("entry"))
    return {"providers": Provider.objects.count(), "licence changes": len(changes)}
