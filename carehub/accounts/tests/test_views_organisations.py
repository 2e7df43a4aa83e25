from __future__ import annotations

import pytest
from django.urls import reverse

from carehub.accounts import services
from carehub.accounts.models import Invitation, Membership, Organisation
from carehub.accounts.roles import OrganisationKind
from carehub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_partnerships_own_organisations(world, client_for):
    response = client_for("hub_caseworker").get(reverse("accounts:organisation-list"))
    names = {o.name for o in response.context["organisations"]}
    assert "Brindley Court Care Ltd" in names
    assert "East Midlands Care Workforce Hub" not in names
    other = client_for("other_partnership").get(reverse("accounts:organisation-list"))
    assert {o.name for o in other.context["organisations"]} == {"East Midlands Care Workforce Hub"}


def test_it_filters_organisations_by_type(client_for):
    response = client_for("hub_caseworker").get(
        reverse("accounts:organisation-list"), {"kind": "local_authority"}
    )
    kinds = {o.kind for o in response.context["organisations"]}
    assert kinds == {OrganisationKind.LOCAL_AUTHORITY}
    assert len(response.context["organisations"]) == 14


def test_it_lists_organisations_in_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("hub_coordinator")
    with django_assert_max_num_queries(8):
        client.get(reverse("accounts:organisation-list"))
    for number in range(15):
        services.create_organisation(
            partnership=world.partnership,
            name=f"Extra Care Provider {number}",
            kind=OrganisationKind.CARE_PROVIDER,
            actor=world.user("hub_coordinator"),
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("accounts:organisation-list"))


def test_it_shows_members_and_invitations_only_to_managers(world, client_for):
    url = reverse("accounts:organisation-detail", args=[world.other_provider.uuid])
    manager = client_for("hub_coordinator").get(url)
    assert b"Invitations waiting" in manager.content
    assert b"new-manager@demo.carehub.example" in manager.content
    caseworker = client_for("hub_caseworker").get(url)
    assert caseworker.status_code == 200
    assert b"new-manager@demo.carehub.example" not in caseworker.content


def test_it_shows_an_organisation_in_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("hub_coordinator")
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:organisation-detail", args=[world.provider.uuid]))


def test_it_adds_an_organisation_and_audits_it(world, client_for):
    response = client_for("hub_coordinator").post(
        reverse("accounts:organisation-create"),
        {"name": "Lickey Hills Care Ltd", "kind": "care_provider", "local_authority": ""},
    )
    organisation = Organisation.objects.get(name="Lickey Hills Care Ltd")
    assert response["Location"] == reverse("accounts:organisation-detail", args=[organisation.uuid])
    assert organisation.partnership == world.partnership
    assert AuditEvent.objects.filter(
        verb="accounts.organisation_created", organisation=organisation
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "care_provider"}, b"Enter the organisation&#x27;s name"),
        ({"name": "New Council", "kind": "local_authority"}, b"Select the council"),
        (
            {"name": "Brindley Court Care Ltd", "kind": "care_provider"},
            b"already in the partnership",
        ),
        ({"name": "X", "kind": ""}, b"Select the type of organisation"),
    ],
)
def test_it_reshows_the_form_with_an_error_summary_and_changes_nothing(client_for, data, message):
    before = Organisation.objects.count()
    response = client_for("hub_coordinator").post(reverse("accounts:organisation-create"), data)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert message in response.content
    assert Organisation.objects.count() == before


def test_it_offers_only_the_partnerships_own_councils(client_for):
    response = client_for("hub_coordinator").get(reverse("accounts:organisation-create"))
    councils = response.context["form"].fields["local_authority"].queryset
    assert councils.count() == 14
    assert all(c.region.gss_code == "E12000005" for c in councils)


def test_it_invites_someone_with_a_role_that_fits(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("accounts:invite", args=[world.provider.uuid])
    client = client_for("provider_manager")
    page = client.get(url)
    roles = [value for value, _label in page.context["form"].fields["role"].choices]
    assert roles == ["provider_manager"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "full_name": "Sam Carter",
                "email": "Sam.Carter@Example.org",
                "role": "provider_manager",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="sam.carter@example.org")
    assert invitation.organisation == world.provider
    assert mailoutbox[0].to == ["sam.carter@example.org"]
    assert "/account/invitation/" in mailoutbox[0].body


def test_it_refuses_a_role_that_does_not_fit_the_organisation(world, client_for):
    response = client_for("hub_coordinator").post(
        reverse("accounts:invite", args=[world.provider.uuid]),
        {"full_name": "Sam Carter", "email": "sam@example.org", "role": "hub_coordinator"},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert not Invitation.objects.filter(email="sam@example.org").exists()


def test_it_lets_an_invited_person_create_an_account(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("hub_coordinator").post(
            reverse("accounts:invite", args=[world.council.uuid]),
            {"full_name": "Ade Bello", "email": "ade.bello@example.org", "role": "council_lead"},
        )
    link = next(line for line in mailoutbox[0].body.splitlines() if "/account/invitation/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    from django.test import Client

    client = Client()
    assert b"Join Birmingham City Council" in client.get(path).content
    mismatch = client.post(path, {"password1": "long enough password", "password2": "different"})
    assert b"The passwords do not match" in mismatch.content
    response = client.post(
        path, {"password1": "long enough password", "password2": "long enough password"}
    )
    assert response["Location"] == reverse("accounts:two-factor-setup")
    membership = Membership.objects.get(user__email="ade.bello@example.org")
    assert membership.organisation == world.council
    assert membership.role == "council_lead"
    assert Client().get(path).status_code == 404  # used once only


def test_it_withdraws_an_invitation(world, client_for):
    invitation = world.pending_invitation
    response = client_for("hub_coordinator").post(
        reverse("accounts:revoke-invitation", args=[world.other_provider.uuid, invitation.uuid])
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
