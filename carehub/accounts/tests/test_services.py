from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from carehub.accounts import permissions, services
from carehub.accounts.models import ApiToken, Invitation, Membership, Organisation, hash_secret
from carehub.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role
from carehub.accounts.tests.factories import MembershipFactory, OrganisationFactory
from carehub.audit.models import AuditEvent
from carehub.core.models import LocalAuthority, Region

pytestmark = pytest.mark.django_db


def latest_event(verb: str) -> AuditEvent:
    return AuditEvent.objects.filter(verb=verb).latest("seq")


def test_it_creates_an_organisation_and_audits_who_did_it(world):
    coordinator = world.user("hub_coordinator")
    organisation = services.create_organisation(
        partnership=world.partnership,
        name="Lickey Hills Care Ltd",
        kind=OrganisationKind.CARE_PROVIDER,
        local_authority=LocalAuthority.objects.get(gss_code="E10000034"),
        actor=coordinator,
    )
    event = latest_event("accounts.organisation_created")
    assert (event.actor, event.organisation, event.partnership) == (
        coordinator,
        organisation,
        world.partnership,
    )
    assert event.data["new"]["local_authority"] == "E10000034"


@pytest.mark.parametrize(
    "member", ["provider_manager", "hub_caseworker", "evaluator", "other_partnership"]
)
def test_it_refuses_to_create_organisations_for_other_roles(world, member):
    with pytest.raises(PermissionDenied):
        services.create_organisation(
            partnership=world.partnership,
            name="Lickey Hills Care Ltd",
            kind=OrganisationKind.CARE_PROVIDER,
            actor=world.user(member),
        )
    assert not Organisation.objects.filter(name="Lickey Hills Care Ltd").exists()


@pytest.mark.parametrize(
    ("name", "kind", "council", "field"),
    [
        ("brindley court care ltd", OrganisationKind.CARE_PROVIDER, None, "name"),
        ("Second Hub", OrganisationKind.REGIONAL_HUB, None, "kind"),
        ("A Council", OrganisationKind.LOCAL_AUTHORITY, None, "local_authority"),
        ("Far Council", OrganisationKind.LOCAL_AUTHORITY, "E12000004", "local_authority"),
    ],
)
def test_it_refuses_an_organisation_that_breaks_a_rule(world, name, kind, council, field):
    local_authority = None
    if council:
        # A council outside the West Midlands, made for this test.
        local_authority = LocalAuthority.objects.create(
            gss_code="E06000018",
            name="Nottingham",
            la_type="UA",
            region=Region.objects.get(gss_code=council),
        )
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            partnership=world.partnership,
            name=name,
            kind=kind,
            local_authority=local_authority,
            actor=world.user("hub_coordinator"),
        )
    assert field in error.value.message_dict
    assert Organisation.objects.count() == before


ROLE_TABLE = [
    (kind, role, role in ROLES_BY_KIND[kind]) for kind in OrganisationKind for role in Role
]


@pytest.mark.parametrize(("kind", "role", "allowed"), ROLE_TABLE)
def test_it_gives_only_roles_that_fit_the_kind_of_organisation(world, kind, role, allowed):
    if kind == OrganisationKind.REGIONAL_HUB:
        organisation = world.hub  # one hub per partnership
    else:
        organisation = OrganisationFactory(partnership=world.partnership, kind=kind)
    user = world.user("council_lead")
    if allowed:
        membership = services.add_membership(
            user=user, organisation=organisation, role=role, actor=world.user("hub_coordinator")
        )
        assert latest_event("accounts.membership_added").subject_id == str(membership.pk)
    else:
        with pytest.raises(ValidationError):
            services.add_membership(
                user=user, organisation=organisation, role=role, actor=world.user("hub_coordinator")
            )


def test_it_keeps_at_least_one_hub_coordinator(world):
    coordinator = world.user("hub_coordinator")
    only = Membership.objects.get(user=coordinator, role=Role.HUB_COORDINATOR)
    with pytest.raises(ValidationError, match="at least one hub coordinator"):
        services.remove_membership(membership=only, actor=world.user("system_admin"))
    second = services.add_membership(
        user=world.user("hub_caseworker"),
        organisation=world.hub,
        role=Role.HUB_COORDINATOR,
        actor=world.user("system_admin"),
    )
    services.remove_membership(membership=only, actor=world.user("system_admin"))
    assert not Membership.objects.filter(pk=only.pk).exists()
    assert latest_event("accounts.membership_removed").data == {"old": {"role": "hub_coordinator"}}
    assert Membership.objects.filter(pk=second.pk).exists()


def test_it_invites_with_a_hashed_one_time_token_and_emails_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, token = services.invite_user(
            organisation=world.provider,
            email=" Sam.Carter@Example.org ",
            full_name="Sam Carter",
            role=Role.PROVIDER_MANAGER,
            actor=world.user("provider_manager"),
        )
    assert mailoutbox == []  # nothing is sent until the transaction commits
    for callback in callbacks:
        callback()
    assert mailoutbox[0].to == ["sam.carter@example.org"]
    assert token in mailoutbox[0].body
    assert invitation.token_hash == hash_secret(token)
    assert token not in invitation.token_hash
    assert services.find_invitation(token) == invitation


def test_it_refuses_a_second_pending_invitation_for_the_same_person(world):
    with pytest.raises(ValidationError, match="already has an invitation waiting"):
        services.invite_user(
            organisation=world.other_provider,
            email="new-manager@demo.carehub.example",
            full_name="Ruth Kowalczyk",
            role=Role.PROVIDER_MANAGER,
            actor=world.user("hub_coordinator"),
        )


def test_it_refuses_invitations_from_people_who_do_not_manage_the_organisation(world):
    with pytest.raises(PermissionDenied):
        services.invite_user(
            organisation=world.other_provider,
            email="someone@example.org",
            full_name="Someone",
            role=Role.PROVIDER_MANAGER,
            actor=world.user("provider_manager"),
        )


def test_it_accepts_an_invitation_once(world):
    invitation, token = services.invite_user(
        organisation=world.council,
        email="ade.bello@example.org",
        full_name="Ade Bello",
        role=Role.COUNCIL_LEAD,
        actor=world.user("council_lead"),
    )
    user = services.accept_invitation(invitation=invitation, password="long enough password")
    assert user.check_password("long enough password")
    assert Membership.objects.filter(
        user=user, organisation=world.council, role="council_lead"
    ).exists()
    assert services.find_invitation(token) is None
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, password="long enough password")
    assert latest_event("accounts.invitation_accepted").actor == user


def test_it_adds_the_role_to_an_existing_account_without_touching_its_password(world):
    caseworker = world.user("hub_caseworker")
    invitation, _token = services.invite_user(
        organisation=world.hub,
        email=caseworker.email,
        full_name=caseworker.full_name,
        role=Role.SAFEGUARDING_LEAD,
        actor=world.user("hub_coordinator"),
    )
    user = services.accept_invitation(invitation=invitation, password=None)
    assert user == caseworker
    assert user.has_usable_password()
    assert set(permissions.roles(user)) >= {"hub_caseworker", "safeguarding_lead"}


def test_it_lets_invitations_expire(world):
    invitation, token = services.invite_user(
        organisation=world.provider,
        email="late@example.org",
        full_name="Late Starter",
        role=Role.PROVIDER_MANAGER,
        actor=world.user("provider_manager"),
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert services.find_invitation(token) is None
        assert not Invitation.objects.get(pk=invitation.pk).is_pending


def test_it_withdraws_an_invitation(world):
    invitation = world.pending_invitation
    services.revoke_invitation(invitation=invitation, actor=world.user("hub_coordinator"))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    with pytest.raises(ValidationError):
        services.revoke_invitation(invitation=invitation, actor=world.user("hub_coordinator"))


def test_it_issues_tokens_stored_only_as_hashes_and_revokes_them(world):
    token, key = services.issue_api_token(
        organisation=world.council,
        name="Council case system",
        role=Role.COUNCIL_LEAD,
        actor=world.user("system_admin"),
    )
    assert token.key_hash == hash_secret(key)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert token.user.is_service_account
    assert not token.user.has_usable_password()
    with pytest.raises(PermissionDenied):
        services.issue_api_token(
            organisation=world.council,
            name="X",
            role=Role.COUNCIL_LEAD,
            actor=world.user("hub_coordinator"),
        )
    services.revoke_api_token(token=token, actor=world.user("system_admin"))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert latest_event("accounts.api_token_revoked").data == {"old": {"prefix": key[:8]}}


# Who may do what, over the cast.
PREDICATES = [
    (
        "can_view_organisation",
        "provider",
        {
            "hub_coordinator",
            "hub_caseworker",
            "council_lead",
            "provider_manager",
            "partner_caseworker",
            "safeguarding_lead",
            "system_admin",
        },
    ),
    ("can_manage_members", "provider", {"hub_coordinator", "system_admin", "provider_manager"}),
    ("can_manage_members", "council", {"hub_coordinator", "system_admin", "council_lead"}),
    ("can_manage_api_tokens", "provider", {"system_admin"}),
]


@pytest.mark.parametrize(("predicate", "target", "allowed"), PREDICATES)
@pytest.mark.parametrize(
    "member",
    [
        "hub_coordinator",
        "hub_caseworker",
        "council_lead",
        "provider_manager",
        "partner_caseworker",
        "safeguarding_lead",
        "evaluator",
        "system_admin",
        "other_partnership",
    ],
)
def test_it_answers_permission_questions_for_each_role(world, predicate, target, allowed, member):
    check = getattr(permissions, predicate)
    assert check(world.user(member), getattr(world, target)) is (member in allowed)


def test_it_answers_no_for_anonymous_and_inactive_people(world):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_view_organisation(AnonymousUser(), world.provider)
    user = world.user("hub_coordinator")
    user.is_active = False
    assert not permissions.can_view_organisation(user, world.provider)


def test_it_answers_for_a_member_of_a_made_up_partnership(world):
    outsider = MembershipFactory(role=Role.PROVIDER_MANAGER)
    assert not permissions.can_view_organisation(outsider.user, world.provider)
    assert permissions.can_view_organisation(outsider.user, outsider.organisation)
    assert permissions.can_manage_members(outsider.user, outsider.organisation)


def test_it_creates_a_member_with_an_audited_account(world):
    user = services.create_member(
        email=" Nia.Lewis@Example.org ",
        full_name="Nia Lewis",
        password="long enough password",
        organisation=world.partner,
        role=Role.PARTNER_CASEWORKER,
        actor=world.user("hub_coordinator"),
    )
    assert user.email == "nia.lewis@example.org"
    created = latest_event("accounts.user_created")
    assert (created.subject_user, created.actor) == (user, world.user("hub_coordinator"))
    assert latest_event("accounts.membership_added").subject_user == user


def test_it_refuses_a_member_without_a_real_email_address(world):
    with pytest.raises(ValidationError) as error:
        services.create_member(
            email="not-an-email",
            full_name="Nobody",
            password=None,
            organisation=world.partner,
            role=Role.PARTNER_CASEWORKER,
            actor=world.user("hub_coordinator"),
        )
    assert "email" in error.value.message_dict
