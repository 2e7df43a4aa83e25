from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from carehub.accounts.demo import DEMO_EMAIL_DOMAIN, demo_accounts
from carehub.accounts.models import Invitation, Membership, Organisation, Partnership, User
from carehub.accounts.roles import OrganisationKind, Role
from carehub.audit.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

COUNTED = (Partnership, Organisation, User, Membership, Invitation, AuditEvent)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_it_adds_nothing_when_run_again():
    before = counts()
    head = AuditChainHead.objects.values_list("seq", "hash").get(pk=1)
    call_command("seed_demo_data", stdout=io.StringIO())
    call_command("seed_demo_data", stdout=io.StringIO())
    assert counts() == before
    assert AuditChainHead.objects.values_list("seq", "hash").get(pk=1) == head


@pytest.mark.parametrize("role", Role.values)
def test_it_has_a_demo_account_for_every_role(role):
    members = Membership.objects.filter(
        role=role, user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}", user__is_active=True
    )
    assert members.exists()


def test_it_has_two_partnerships_each_with_one_hub():
    assert sorted(Partnership.objects.values_list("name", flat=True)) == [
        "East Midlands Care Workforce Partnership",
        "West Midlands Care Workforce Partnership",
    ]
    for partnership in Partnership.objects.all():
        assert partnership.organisations.filter(kind=OrganisationKind.REGIONAL_HUB).count() == 1
        assert partnership.organisations.get(kind=OrganisationKind.REGIONAL_HUB).memberships.filter(
            role=Role.HUB_COORDINATOR
        )


def test_it_lists_demo_accounts_across_both_partnerships():
    accounts = demo_accounts()
    assert {m.role for m in accounts} == set(Role.values)
    assert {m.organisation.partnership.name for m in accounts} == {
        "West Midlands Care Workforce Partnership",
        "East Midlands Care Workforce Partnership",
    }
    assert all(m.user.email.endswith(f"@{DEMO_EMAIL_DOMAIN}") for m in accounts)


def test_it_has_the_fourteen_west_midlands_councils():
    councils = Organisation.objects.filter(
        kind=OrganisationKind.LOCAL_AUTHORITY,
        partnership__name="West Midlands Care Workforce Partnership",
    )
    assert councils.count() == 14
    assert {c.local_authority.region.gss_code for c in councils} == {"E12000005"}


def test_it_leaves_an_intact_audit_trail_of_how_the_data_was_made():
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact" in out.getvalue()
    assert AuditEvent.objects.filter(verb="accounts.invitation_sent").exists()
    assert Invitation.objects.pending().exists()
