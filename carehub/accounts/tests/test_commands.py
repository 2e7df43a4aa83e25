from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from carehub.accounts.models import ApiToken, Membership, Partnership

pytestmark = pytest.mark.django_db


def test_it_sets_up_a_partnership_with_its_first_coordinator():
    out = io.StringIO()
    call_command(
        "create_partnership",
        "North West Care Workforce Partnership",
        "--region=E12000002",
        "--hub-name=North West Care Workforce Hub",
        "--coordinator-email=lead@nw.example.org",
        "--coordinator-name=Nia Lewis",
        stdout=out,
    )
    partnership = Partnership.objects.get(name="North West Care Workforce Partnership")
    membership = Membership.objects.get(user__email="lead@nw.example.org")
    assert membership.organisation.partnership == partnership
    assert membership.role == "hub_coordinator"
    assert membership.user.has_usable_password()
    assert "lead@nw.example.org" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "region", "message"),
    [
        ("Another Partnership", "E99999999", "No region with code E99999999"),
        ("West Midlands Care Workforce Partnership", "E12000005", "already exists"),
    ],
)
def test_it_refuses_a_bad_partnership_and_creates_nothing(name, region, message):
    before = Partnership.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(
            "create_partnership",
            name,
            f"--region={region}",
            "--hub-name=Another Hub",
            "--coordinator-email=someone@example.org",
            "--coordinator-name=Someone",
        )
    assert Partnership.objects.count() == before


def test_it_issues_a_working_api_token_once(world):
    out = io.StringIO()
    call_command(
        "issue_api_token",
        str(world.council.uuid),
        "--name=Council case system",
        "--role=council_lead",
        stdout=out,
    )
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(name="Council case system")
    assert key not in token.key_hash
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").json()["memberships"][0]["organisation_name"] == (
        "Birmingham City Council"
    )


def test_it_refuses_a_token_with_a_role_that_does_not_fit(world):
    with pytest.raises(CommandError, match="cannot have"):
        call_command(
            "issue_api_token", str(world.council.uuid), "--name=X", "--role=provider_manager"
        )
    with pytest.raises(CommandError, match="No organisation"):
        call_command("issue_api_token", "not-a-uuid", "--name=X", "--role=council_lead")


def test_it_refuses_a_coordinator_without_a_real_email_address():
    before = Partnership.objects.count()
    with pytest.raises(CommandError, match="is not an email address"):
        call_command(
            "create_partnership",
            "South West Care Workforce Partnership",
            "--region=E12000009",
            "--hub-name=South West Hub",
            "--coordinator-email=not-an-email",
            "--coordinator-name=Someone",
        )
    assert Partnership.objects.count() == before
