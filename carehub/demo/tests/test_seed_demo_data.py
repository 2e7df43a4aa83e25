from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from carehub.accounts.demo import DEMO_EMAIL_DOMAIN, demo_accounts
from carehub.accounts.models import Invitation, Membership, Organisation, Partnership, User
from carehub.accounts.roles import Role
from carehub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Partnership, Organisation, User, Membership, Invitation, AuditEvent)
    )


def test_it_adds_nothing_when_run_again():
    before = counts()
    call_command("seed_demo_data", stdout=io.StringIO())
    assert counts() == before


def test_it_has_a_demo_account_for_every_role_and_two_partnerships():
    accounts = demo_accounts()
    assert {m.role for m in accounts} == set(Role.values)
    assert {m.organisation.partnership.name for m in accounts} == {
        "West Midlands Care Workforce Partnership",
        "East Midlands Care Workforce Partnership",
    }
    assert all(m.user.email.endswith(DEMO_EMAIL_DOMAIN) for m in accounts)


def test_it_has_the_fourteen_west_midlands_councils():
    councils = Organisation.objects.filter(
        kind="local_authority", partnership__name="West Midlands Care Workforce Partnership"
    )
    assert councils.count() == 14
    assert {c.local_authority.region.gss_code for c in councils} == {"E12000005"}


def test_it_leaves_an_intact_audit_trail_of_how_the_data_was_made():
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact" in out.getvalue()
    assert AuditEvent.objects.filter(verb="accounts.invitation_sent").exists()
