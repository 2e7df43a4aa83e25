from __future__ import annotations

import pytest
from django.urls import reverse

from carehub.demo import registers as demo
from carehub.providers.models import Provider, RegisterLink

pytestmark = pytest.mark.django_db


def test_it_lists_providers_with_their_licence_in_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("hub_caseworker")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("providers:provider-list"))
    statuses = {
        provider.organisation.name: summary.status for provider, summary in response.context["rows"]
    }
    assert statuses[demo.REVOKED] == "Removed"
    assert statuses[demo.DOWNGRADED] == "B"
    assert statuses["Brindley Court Care Ltd"] == "A"


@pytest.mark.parametrize(
    ("status", "expected"), [("B", [demo.DOWNGRADED]), ("Removed", [demo.REVOKED])]
)
def test_it_filters_providers_by_licence(client_for, status, expected):
    response = client_for("hub_caseworker").get(
        reverse("providers:provider-list"), {"licence": status}
    )
    assert [p.organisation.name for p, _summary in response.context["rows"]] == expected


def test_it_shows_a_provider_with_its_licence_history_and_cqc_registration(
    world, client_for, django_assert_max_num_queries
):
    provider = Provider.objects.get(organisation__name=demo.REVOKED)
    client = client_for("council_lead")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("providers:provider-detail", args=[provider.uuid]))
    assert b"Cannot sponsor a care worker today" in response.content
    assert b"Removed (possible revocation)" in response.content
    assert b"1-900000007" in response.content
    assert response.context["can_manage"] is False


def test_it_lets_a_coordinator_confirm_a_proposed_link(world, client_for):
    provider = Provider.objects.get(organisation__name="Arden Lodge Residential Care")
    RegisterLink.objects.filter(provider=provider, kind="sponsor").delete()
    client = client_for("hub_coordinator")
    page = client.get(reverse("providers:provider-detail", args=[provider.uuid]))
    candidate = page.context["sponsor_candidates"][0]
    response = client.post(
        reverse("providers:decide-link", args=[provider.uuid]),
        {
            "kind": "sponsor",
            "key": "|".join(candidate.key),
            "decision": "confirmed",
            "score": candidate.score,
        },
    )
    assert response.status_code == 302
    link = RegisterLink.objects.get(provider=provider, kind="sponsor")
    assert (link.decision, link.score) == ("confirmed", 100)


def test_it_shows_an_error_when_a_rejection_has_no_reason(world, client_for):
    provider = Provider.objects.get(organisation__name="Arden Lodge Residential Care")
    response = client_for("hub_coordinator").post(
        reverse("providers:decide-link", args=[provider.uuid]),
        {"kind": "cqc", "key": "1-800000005", "decision": "rejected"},
        follow=True,
    )
    assert b"Say why this is not the provider" in response.content


def test_it_lists_register_changes_for_a_council_in_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries
):
    client = client_for("hub_caseworker")
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("registers:change-list"), {"providers": "yes", "local_authority": "E08000025"}
        )
    assert [c.entry.name for c in response.context["page"]] == [demo.REVOKED]


def test_it_finds_cqc_locations_by_postcode(client_for):
    response = client_for("partner_caseworker").get(
        reverse("registers:cqc-location-list"), {"q": "B23"}
    )
    assert [location.location_id for location in response.context["page"]] == ["1-900000007"]


def test_it_shows_a_persons_own_notifications_and_marks_them_read(world, client_for):
    client = client_for("council_lead")
    page = client.get(reverse("accounts:notification-list"))
    assert demo.REVOKED.encode() in page.content
    client.post(reverse("accounts:notification-list"))
    assert not world.user("council_lead").notifications.filter(read_at=None).exists()
    assert world.user("hub_coordinator").notifications.filter(read_at=None).exists()


def test_it_filters_providers_by_cqc_service_type(client_for):
    response = client_for("hub_caseworker").get(
        reverse("providers:provider-list"), {"service": "Care home service without nursing"}
    )
    names = {p.organisation.name for p, _summary in response.context["rows"]}
    assert names == {
        "Brindley Court Care Ltd",
        "Wrekin View Nursing Home",
        "Arden Lodge Residential Care",
    }
