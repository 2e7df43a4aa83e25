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
from carehub.workers.models import Case, ConsentEntry, Worker

# Where each demo worker lives (a postcode in their council; positions from places.py).
POSTCODES = {
    "Chidi Okonkwo": "B12 9QA",
    "Maria Santos": "B29 6BD",
    "Tendai Moyo": "B71 4JH",
    "Anjali Nair": "WR5 1DS",
    "Grace Mensah": "ST4 2RR",
    "Ravi Kumar": "CV1 5FB",
    "Blessing Adeyemi": "B8 1AE",
    "Joseph Banda": "CV11 4LY",
    "Fatima Rahman": "TF3 4NT",
    "Priya Sharma": "B23 5XY",
    "Samuel Owusu": "B70 0AA",
    "Lerato Dlamini": "CV34 5AW",
    "Nimmi Fernando": "WR1 3QT",
    "Emmanuel Chukwu": "ST1 4HQ",
    "Rosa Dela Cruz": "B1 1BB",
}

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
    # More of the pool, for matching to work on.
    (
        "Priya Sharma",
        "Indian",
        "Gujarati",
        "E08000025",
        33,
        "active",
        "licence_revoked",
        "",
        "email",
    ),
    (
        "Samuel Owusu",
        "Ghanaian",
        "Twi",
        "E08000028",
        18,
        "active",
        "licence_revoked",
        "",
        "charity",
    ),
    (
        "Lerato Dlamini",
        "South African",
        "Zulu",
        "E10000031",
        47,
        "triage",
        "insufficient_work",
        "",
        "phone",
    ),
    (
        "Nimmi Fernando",
        "Sri Lankan",
        "Sinhala",
        "E10000034",
        9,
        "active",
        "licence_revoked",
        "",
        "email",
    ),
    (
        "Emmanuel Chukwu",
        "Nigerian",
        "Igbo",
        "E06000021",
        38,
        "new",
        "insufficient_work",
        "",
        "council",
    ),
    (
        "Rosa Dela Cruz",
        "Filipino",
        "Tagalog",
        "E08000025",
        24,
        "active",
        "licence_revoked",
        "",
        "ukvi",
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
            "postcode": POSTCODES[name],
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
        _consent(case.worker, number)
        if status == "placed":
            # Placed through an introduction: see demo/vacancies.py.
            Case.objects.filter(pk=case.pk).update(status=Case.Status.ACTIVE)
        else:
            Case.objects.filter(pk=case.pk).update(
                status=status,
                outcome=Case.Outcome.OWN_JOB if status == "closed" else "",
                closed_at=timezone.now() if status == "closed" else None,
            )
    _casework(partnership, caseworker, coordinator, today)
    return {"workers": Worker.objects.count()}


# A work profile for each demo worker, in turn.
PROFILES = [
    {
        "years_in_care": 4,
        "care_settings": ["home_care", "residential"],
        "care_certificate": True,
        "level2_certificate": False,
        "driving_licence": True,
        "has_car": False,
        "english_level": "good",
        "hours_wanted": 37,
        "travel_miles": 15,
    },
    {
        "years_in_care": 2,
        "care_settings": ["nursing"],
        "care_certificate": True,
        "level2_certificate": True,
        "driving_licence": False,
        "has_car": False,
        "english_level": "everyday",
        "hours_wanted": 40,
        "travel_miles": 8,
    },
    {
        "years_in_care": 7,
        "care_settings": ["supported_living", "day_services"],
        "care_certificate": True,
        "level2_certificate": True,
        "driving_licence": True,
        "has_car": True,
        "english_level": "fluent",
        "hours_wanted": 30,
        "travel_miles": 25,
    },
]


def _consent(worker: Worker, number: int) -> None:
    """Most demo workers saw the privacy notice and agreed to sharing; some said no to an
    anonymised profile, one to any sharing (so referrals show the override route)."""
    profile = PROFILES[number % len(PROFILES)]
    Worker.objects.filter(pk=worker.pk).update(
        **profile, earliest_start=timezone.localdate() + dt.timedelta(days=7 + number)
    )
    services.record_consent(worker=worker, purpose=ConsentEntry.PRIVACY, given=True, actor=None)
    if number != 2:
        services.record_consent(worker=worker, purpose=ConsentEntry.SHARE, given=True, actor=None)
    if number not in (1, 4, 7):
        services.record_consent(worker=worker, purpose=ConsentEntry.PROFILE, given=True, actor=None)


# A one-page PDF standing in for a scanned UKVI letter.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _casework(
    partnership: Partnership, caseworker: User, coordinator: User, today: dt.date
) -> None:
    """Tasks, notes, a document, referrals and a duplicate record, on the demo cases."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carehub.accounts.models import Organisation

    chidi = Case.objects.get(worker__full_name="Chidi Okonkwo", partnership=partnership)
    services.add_task(
        case=chidi,
        title="Collect the curtailment letter and passport details for a transitional CoS",
        due_on=today + dt.timedelta(days=1),
        assigned_to=caseworker,
        actor=coordinator,
    )
    done = services.add_task(
        case=chidi,
        title="Send CV to Brindley Court Care",
        due_on=today - dt.timedelta(days=2),
        assigned_to=caseworker,
        actor=caseworker,
    )
    services.complete_task(task=done, actor=caseworker)
    services.add_note(
        case=chidi,
        text="Chidi can start at short notice and has asked for night shifts. "
        "Brindley Court are interviewing on Thursday.",
        actor=caseworker,
    )
    services.add_document(
        case=chidi,
        kind="ukvi_letter",
        upload=SimpleUploadedFile("curtailment-letter.pdf", DEMO_PDF, "application/pdf"),
        actor=caseworker,
    )
    heartlands = Organisation.objects.get(
        partnership=partnership, name="Heartlands Migrant Workers Advice Centre"
    )
    marches = Organisation.objects.get(partnership=partnership, name="Marches Welcome Network")
    services.refer_case(
        case=Case.objects.get(worker__full_name="Tendai Moyo", partnership=partnership),
        to_organisation=heartlands,
        purpose="Help with a foodbank referral and a CV in English",
        groups=["contact", "work_profile"],
        lawful_basis=ConsentEntry.LawfulBasis.PUBLIC_TASK,
        override_reason="Urgent hardship: no income for three weeks; consent being sought",
        actor=caseworker,
    )
    services.refer_case(
        case=Case.objects.get(worker__full_name="Maria Santos", partnership=partnership),
        to_organisation=marches,
        purpose="Pastoral support and a buddy while she looks for work",
        groups=["contact", "location"],
        actor=caseworker,
    )
    # The same person rang in again under a shortened name: a duplicate to merge.
    services.record_contact(
        partnership=partnership,
        source=Case.Source.PHONE,
        first_contact_at=timezone.now() - dt.timedelta(hours=3),
        details={
            "full_name": "Grace Mensa",
            "email": "grace@worker.demo.carehub.example",
            "in_uk": True,
            "need": "insufficient_work",
        },
        actor=caseworker,
        check_permission=False,
    )
