from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from carehub.accounts import services
from carehub.accounts.models import ApiToken, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(world):
    _token, key = services.issue_api_token(
        organisation=world.hub,
        name="Regional data warehouse",
        role="hub_coordinator",
        actor=world.user("system_admin"),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_it_authenticates_a_service_account_by_token(token_client):
    response = token_client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["is_service_account"] is True
    assert response.json()["memberships"][0]["role"] == "hub_coordinator"


def test_it_refuses_an_unknown_or_revoked_token(world, token_client):
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.get("/api/v1/me/").status_code == 401
    services.revoke_api_token(token=ApiToken.objects.get(), actor=world.user("system_admin"))
    assert token_client.get("/api/v1/me/").status_code == 401


def test_it_scopes_the_api_to_the_partnership(token_client):
    names = {
        o["name"] for o in token_client.get("/api/v1/organisations/?limit=100").json()["results"]
    }
    assert "Brindley Court Care Ltd" in names
    assert "East Midlands Care Workforce Hub" not in names


def test_it_creates_an_organisation_through_the_same_service(world, token_client):
    response = token_client.post(
        "/api/v1/organisations/",
        {"name": "Lickey Hills Care Ltd", "kind": "care_provider", "local_authority": "E08000025"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    organisation = Organisation.objects.get(name="Lickey Hills Care Ltd")
    assert organisation.partnership == world.partnership
    assert response.json()["id"] == str(organisation.uuid)
    duplicate = token_client.post(
        "/api/v1/organisations/", {"name": "Lickey Hills Care Ltd", "kind": "care_provider"}
    )
    assert duplicate.status_code == 400
    assert "name" in duplicate.json()


def test_it_returns_policy_values_in_force_on_a_date(token_client):
    before = token_client.get("/api/v1/policy-values/in-force/?on=2025-04-08").json()["values"]
    after = token_client.get("/api/v1/policy-values/in-force/?on=2025-04-09").json()["values"]
    assert before["care_worker_salary_floor_hourly"] == "11.90"
    assert after["care_worker_salary_floor_hourly"] == "12.82"
    assert after["care_soc_codes"] == ["6135", "6136"]
    early = token_client.get("/api/v1/policy-values/in-force/?on=2019-01-01").json()["values"]
    assert early["care_worker_salary_floor_annual"] is None
    assert token_client.get("/api/v1/policy-values/in-force/?on=soon").status_code == 400


def test_it_lists_the_audit_log_to_auditors_only(world, token_client, client_for):
    assert token_client.get("/api/v1/audit-events/").json()["count"] > 0
    caseworker = client_for("hub_caseworker").get("/api/v1/audit-events/")
    assert caseworker.json()["count"] == 0


def test_it_refuses_an_unverified_browser_session(world):
    from django.test import Client

    from carehub.testing.world import sign_in

    client = sign_in(Client(), world.user("hub_caseworker"), verified=False)
    assert client.get("/api/v1/me/").status_code in (401, 403)
