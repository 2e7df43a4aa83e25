from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from carehub.audit.models import AuditEvent
from carehub.workers import services
from carehub.workers.models import Case, Worker

pytestmark = pytest.mark.django_db


def record(world, **details):
    values = {
        "full_name": "Thandiwe Dube",
        "in_uk": True,
        "need": "licence_revoked",
        "last_soc_code": "6135",
    }
    values.update(details)
    return services.record_contact(
        partnership=world.partnership,
        source="phone",
        first_contact_at=timezone.now(),
        details=values,
        actor=world.user("hub_caseworker"),
    )


def test_it_records_a_contact_with_eligibility_and_deadline_worked_out(world):
    today = timezone.localdate()
    case = record(
        world,
        curtailment_letter_on=today - dt.timedelta(days=10),
        visa_expiry=today + dt.timedelta(days=300),
    )
    worker = case.worker
    assert worker.eligibility == "eligible"
    assert "lost its licence" in worker.eligibility_rule
    assert worker.deadline == today + dt.timedelta(days=50)
    assert worker.deadline_basis == "curtailment"
    assert worker.reference.startswith("CWH-")
    event = AuditEvent.objects.filter(verb="workers.contact_recorded").latest("seq")
    assert event.data["new"]["reference"] == worker.reference


@pytest.mark.parametrize(
    ("details", "field"),
    [({"postcode": "not a postcode"}, "postcode")],
)
def test_it_refuses_bad_details_and_records_nothing(world, details, field):
    before = Worker.objects.count()
    with pytest.raises(ValidationError) as error:
        record(world, **details)
    assert field in error.value.message_dict
    assert Worker.objects.count() == before


def test_it_refuses_a_first_contact_in_the_future(world):
    with pytest.raises(ValidationError, match="future"):
        services.record_contact(
            partnership=world.partnership,
            source="phone",
            first_contact_at=timezone.now() + dt.timedelta(days=1),
            details={"full_name": "X"},
            actor=world.user("hub_caseworker"),
        )


@pytest.mark.parametrize(
    "member", ["provider_manager", "council_lead", "evaluator", "other_partnership"]
)
def test_it_refuses_contacts_from_people_who_do_not_work_on_cases(world, member):
    with pytest.raises(PermissionDenied):
        services.record_contact(
            partnership=world.partnership,
            source="phone",
            first_contact_at=timezone.now(),
            details={"full_name": "X"},
            actor=world.user(member),
        )


def test_it_assigns_a_case_only_to_someone_who_works_on_cases(world):
    case = record(world)
    services.assign_case(
        case=case, to=world.user("hub_caseworker"), actor=world.user("hub_coordinator")
    )
    case.refresh_from_db()
    assert (case.assigned_to, case.status) == (world.user("hub_caseworker"), "triage")
    with pytest.raises(ValidationError):
        services.assign_case(
            case=case, to=world.user("provider_manager"), actor=world.user("hub_coordinator")
        )


def test_it_sorts_the_caseload_by_days_left_in_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("hub_caseworker")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workers:caseload"))
    deadlines = [case.worker.deadline for case, _left, _band in response.context["rows"]]
    known = [d for d in deadlines if d is not None]
    assert known == sorted(known)
    assert deadlines[-1] is None  # no running deadline last
    for number in range(10):
        record(world, full_name=f"Extra Worker {number}")
    with django_assert_max_num_queries(14):
        client.get(reverse("workers:caseload"))


def test_it_shows_council_leads_only_their_areas_cases(client_for):
    response = client_for("council_lead").get(reverse("workers:caseload"))
    areas = {
        case.worker.local_authority.gss_code for case, _left, _band in response.context["rows"]
    }
    assert areas == {"E08000025"}


def test_it_shows_the_deadline_prominently_on_the_case_page(client_for):
    case = Case.objects.get(worker__full_name="Chidi Okonkwo")
    response = client_for("hub_caseworker").get(reverse("workers:case-detail", args=[case.uuid]))
    assert b"5 days left" in response.content
    assert b"Contact recorded by" in response.content


def test_it_records_a_contact_from_the_intake_page(client_for):
    client = client_for("hub_caseworker")
    response = client.post(
        reverse("workers:intake"),
        {
            "source": "email",
            "full_name": "Thandiwe Dube",
            "in_uk": "yes",
            "need": "insufficient_work",
        },
    )
    case = Case.objects.get(worker__full_name="Thandiwe Dube")
    assert response["Location"] == reverse("workers:case-detail", args=[case.uuid])
    assert case.worker.eligibility == "needs_review"  # no SOC code yet


def test_it_records_when_the_first_contact_was(client_for):
    client_for("hub_caseworker").post(
        reverse("workers:intake"),
        {
            "source": "phone",
            "first_contact_on_0": "27",
            "first_contact_on_1": "11",
            "first_contact_on_2": "2026",
            "first_contact_time": "16:45",
            "full_name": "Thandiwe Dube",
            "in_uk": "yes",
            "need": "insufficient_work",
        },
    )
    case = Case.objects.get(worker__full_name="Thandiwe Dube")
    local = timezone.localtime(case.first_contact_at)
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 11, 27), 16, 45)


def test_it_reshows_the_intake_form_with_errors(client_for):
    response = client_for("hub_caseworker").post(
        reverse("workers:intake"), {"full_name": "", "last_soc_code": "61", "in_uk": "yes"}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a 4-digit SOC code" in response.content
    assert not Worker.objects.filter(last_soc_code="61").exists()


def test_the_api_lists_cases_by_days_left_with_the_same_scope(client_for):
    rows = client_for("council_lead").get("/api/v1/cases/").json()["results"]
    assert {row["local_authority"] for row in rows} == {"E08000025"}
    assert client_for("provider_manager").get("/api/v1/cases/").json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"local_authority": "E08000025"},
            {
                "Chidi Okonkwo",
                "Maria Santos",
                "Blessing Adeyemi",
                "Priya Sharma",
                "Rosa Dela Cruz",
            },
        ),
        ({"within": "14"}, {"Chidi Okonkwo", "Maria Santos", "Joseph Banda", "Nimmi Fernando"}),
        ({"nationality": "indian"}, {"Anjali Nair", "Ravi Kumar", "Priya Sharma"}),
        (
            {"eligibility": "eligible", "nationality": "Nigerian"},
            {"Chidi Okonkwo", "Emmanuel Chukwu"},
        ),
    ],
)
def test_it_filters_the_caseload(client_for, params, expected):
    response = client_for("hub_caseworker").get(reverse("workers:caseload"), params)
    assert {case.worker.full_name for case, _left, _band in response.context["rows"]} == expected


def test_it_shows_possible_duplicates_and_what_a_transitional_cos_needs(world, client_for):
    first = record(world, email="t.dube@example.org", home_office_reference="HO123")
    second = record(world, email="T.Dube@example.org")
    response = client_for("hub_caseworker").get(reverse("workers:case-detail", args=[second.uuid]))
    duplicates = response.context["duplicates"]
    assert [(other, reasons) for other, reasons in duplicates] == [
        (first.worker, ["email address"])
    ]
    assert "nationality" in response.context["cos_missing"]
