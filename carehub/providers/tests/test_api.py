from __future__ import annotations

import pytest

from carehub.demo import registers as demo
from carehub.providers.models import Provider

pytestmark = pytest.mark.django_db


def test_it_lists_providers_with_licences_in_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries
):
    client = client_for("hub_coordinator")
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/providers/")
    statuses = {row["name"]: row["skilled_worker_licence"] for row in response.json()["results"]}
    assert statuses[demo.REVOKED] == "Removed"
    assert statuses["Brindley Court Care Ltd"] == "A"


def test_it_answers_can_sponsor_today_with_the_same_rule_as_the_pages(client_for):
    provider = Provider.objects.get(organisation__name=demo.DOWNGRADED)
    body = client_for("council_lead").get(f"/api/v1/providers/{provider.uuid}/").json()
    assert body["can_sponsor_today"] is False
    assert any("rated B" in reason for reason in body["reasons"])


def test_it_lists_register_changes_and_finds_cqc_locations(client_for):
    client = client_for("evaluator")
    removed = client.get("/api/v1/sponsor-register-changes/?kind=removed").json()["results"]
    assert [row["organisation"] for row in removed] == [demo.REVOKED]
    found = client.get("/api/v1/cqc-locations/?q=Kingfisher").json()["results"]
    assert [row["location_id"] for row in found] == ["1-900000007"]
