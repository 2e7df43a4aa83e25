from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_texts(response) -> list[str]:
    return [item["text"] for item in response.context["navigation"]]


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (
            "hub_coordinator",
            [
                "Home",
                "Organisations",
                "Cases",
                "Referrals",
                "Vacancies",
                "Introductions",
                "Regional matching",
                "Providers",
                "Audit log",
                "Notifications",
                "Reference data",
                "API",
            ],
        ),
        (
            "provider_manager",
            [
                "Home",
                "Organisations",
                "Vacancies",
                "Introductions",
                "Providers",
                "Notifications",
                "Reference data",
                "API",
            ],
        ),
        ("evaluator", ["Home", "Notifications", "Reference data", "API"]),
        (
            "council_lead",
            [
                "Home",
                "Organisations",
                "Cases",
                "Referrals",
                "Providers",
                "Notifications",
                "Reference data",
                "API",
            ],
        ),
    ],
)
def test_it_shows_only_the_navigation_a_role_may_use(client_for, member, expected):
    assert nav_texts(client_for(member).get(reverse("core:home"))) == expected


def test_it_marks_the_current_section(world, client_for):
    response = client_for("hub_coordinator").get(
        reverse("accounts:organisation-detail", args=[world.provider.uuid])
    )
    current = [(i["text"], i["current"]) for i in response.context["navigation"] if i["current"]]
    assert current == [("Organisations", "true")]
    assert b'aria-current="true"' in response.content
    listing = client_for("hub_coordinator").get(reverse("accounts:organisation-list"))
    assert b'aria-current="page"' in listing.content


def test_it_shows_the_users_organisation_in_the_header(client_for):
    response = client_for("provider_manager").get(reverse("core:home"))
    assert b"Joseph Mensah, Brindley Court Care Ltd (Provider manager)" in response.content


def test_it_shows_aggregate_counts_to_an_evaluator(client_for):
    response = client_for("evaluator").get(reverse("core:home"))
    counts = dict(response.context["organisation_counts"])
    assert counts["Local authority"] == 14
    assert counts["Care provider"] == 7


def test_it_renders_home_in_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("hub_coordinator")
    with django_assert_max_num_queries(8):
        client.get(reverse("core:home"))


def test_it_shows_policy_values_in_force_today(client_for, django_assert_max_num_queries):
    client = client_for("evaluator")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("core:policy-values"))
    current = {item["key"].name: item["current"] for item in response.context["keys"]}
    assert current["care_worker_salary_floor_hourly"] == "12.82"
    assert current["in_country_transition_end_date"] == "2028-07-22"


def test_it_filters_local_authorities_by_region(client_for, django_assert_max_num_queries):
    client = client_for("council_lead")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("core:local-authorities"), {"region": "E12000005"})
    assert len(response.context["authorities"]) == 14


def test_it_answers_health_checks_without_signing_in():
    response = Client().get(reverse("core:healthz"))
    assert response.json() == {"status": "ok"}


def test_it_shows_a_gov_uk_404_page(client_for):
    response = client_for("hub_coordinator").get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_it_sends_anonymous_visitors_to_sign_in():
    response = Client().get(reverse("core:home"))
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_it_tells_browsers_not_to_store_signed_in_pages(client_for):
    response = client_for("hub_caseworker").get(reverse("core:home"))
    assert "no-store" in response["Cache-Control"]
    assert "no-store" not in Client().get(reverse("core:privacy")).get("Cache-Control", "")
