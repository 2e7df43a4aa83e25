"""Demo workers and cases: every stage and every deadline band, relative to today, so the
caseload always shows cases running out of time. All people are fictional."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from carehub.accounts.demo import demo_email
from carehub.accounts.models import Partnership, User
from carehub.core.models import LocalAuthority
from carehub.providers.models import LicenceChange, Provider
from carehub.workers import services
from carehub.workers.models import Case, Worker

# (name, nationality, language, council, days left or None, status, need, sponsor, source)
WORKERS = [
    (
        "Chidi Okonkwo",
        "Nigerian",
        "English",
        "E08000025",
        5,
        "active",
        "licence_revoked",
        "Kingfisher Home Care Ltd",
        "licence_watch",
    ),
    (
        "Maria Santos",
        "Filipino",
        "Tagalog",
        "E08000025",
        12,
        "triage",
        "licence_revoked",
        "Kingfisher Home Care Ltd",
        "licence_watch",
    ),
    (
        "Tendai Moyo",
        "Zimbabwean",
        "Shona",
        "E08000028",
        26,
        "active",
        "insufficient_work",
        "",
        "phone",
    ),
    (
        "Anjali Nair",
        "Indian",
        "Malayalam",
        "E10000034",
        40,
        "introduced",
        "licence_revoked",
        "",
        "email",
    ),
    ("Grace Mensah", "Ghanaian", "Twi", "E06000021", 55, "new", "insufficient_work", "", "charity"),
    ("Ravi Kumar", "Indian", "Hindi", "E08000026", 80, "placed", "licence_revoked", "", "council"),
    (
        "Blessing Adeyemi",
        "Nigerian",
        "Yoruba",
        "E08000025",
        None,
        "triage",
        "exploitation",
        "",
        "ukvi",
    ),
    (
        "Joseph Banda",
        "Malawian",
        "Chichewa",
        "E10000031",
        -3,
        "active",
        "licence_revoked",
        "",
        "provider",
    ),
    (
        "Fatima Rahman",
        "Bangladeshi",
        "Bengali",
        "E06000020",
        20,
        "closed",
        "insufficient_work",
        "",
        "phone",
    ),
]


@transaction.atomic
def seed_workers() -> dict[str, int]:
    partnership = Partnership.objects.get(name="West Midlands Care Workforce Partnership")
    if Worker.objects.filter(partnership=partnership).exists():
        return {"workers": Worker.objects.count()}
    caseworker = User.objects.get(email=demo_email("caseworker"))
    coordinator = User.objects.get(email=demo_email("coordinator"))
    today = timezone.localdate()
    for number, (
        name,
        nationality,
        language,
        council,
        days,
        status,
        need,
        sponsor,
        source,
    ) in enumerate(WORKERS):
        details = {
            "full_name": name,
            "email": f"{name.split()[0].lower()}@worker.demo.carehub.example",
            "nationality": nationality,
            "preferred_language": language,
            "in_uk": True,
            "need": need,
            "last_soc_code": "6135",
            "last_sponsor_name": sponsor,
            "visa_expiry": today + dt.timedelta(days=400),
            "local_authority": LocalAuthority.objects.get(gss_code=council),
        }
        if days is not None:
            details["curtailment_letter_on"] = today - dt.timedelta(days=60 - days)
        else:
            details["cancellation_paused_on"] = today - dt.timedelta(days=10)
            details["cancellation_paused_reason"] = "Home Office reviewing the sponsor's case"
        case = services.record_contact(
            partnership=partnership,
            source=source,
            first_contact_at=timezone.now() - dt.timedelta(days=20 - number),
            details=details,
            actor=caseworker,
            check_permission=False,
        )
        if sponsor:
            provider = Provider.objects.get(organisation__name=sponsor)
            Worker.objects.filter(pk=case.worker_id).update(last_sponsor=provider)
            # These workers came to the hub through the licence watch's alert.
            Case.objects.filter(pk=case.pk).update(
                licence_change=LicenceChange.objects.filter(provider=provider).first()
            )
        if status != "new":
            services.assign_case(case=case, to=caseworker, actor=coordinator)
        Case.objects.filter(pk=case.pk).update(
            status=status, outcome="Started work with a new sponsor" if status == "closed" else ""
        )
    return {"workers": Worker.objects.count()}
