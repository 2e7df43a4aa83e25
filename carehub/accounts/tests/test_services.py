from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from carehub.accounts import permissions, services
from carehub.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    Organisation,
    User,
    hash_secret,
)
from carehub.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role
from carehub.accounts.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from carehub.audit.models import AuditEvent
from carehub.core.models import LocalAuthority, Region
from carehub.testing.world import CAST

pytestmark = pytest.mark.django_db


def audited(verb: str, *, actor: User | None, subject: models.Model, **fields) -> AuditEvent:
    """The latest event with this verb, checked for who did it and to what."""
    event = AuditEvent.objects.filter(verb=verb).latest("seq")
    assert event.actor == actor
    assert (event.subject_type, event.subject_id) == (subject._meta.label_lower, str(subject.pk))
    for name, value in fields.items():
        assert getattr(event, name) == value, name
    return event


# create_organisation


@pytest.mark.parametrize("member", ["hub_coordinator", "system_admin"])
def test_it_creates_an_organisation_and_audits_who_did_it(world, member):
    actor = world.user(member)
    worcestershire = LocalAuthority.objects.get(gss_code="E10000034")
    organisation = services.create_organisation(
        partnership=world.partnership,
        name="Lickey Hills Care Ltd",
        kind=OrganisationKind.CARE_PROVIDER,
        local_authority=worcestershire,
        email="office@lickey.example",
        actor=actor,
    )
    organisation.refresh_from_db()
    assert (organisation.partnership, organisation.kind, organisation.local_authority) == (
        world.partnership,
        OrganisationKind.CARE_PROVIDER,
        worcestershire,
    )
    event = audited(
        "accounts.organisation_created",
        actor=actor,
        subject=organisation,
        partnership=world.partnership,
        organisation=organisation,
    )
    assert event.data == {
        "new": {
            "name": "Lickey Hills Care Ltd",
            "kind": "care_provider",
            "local_authority": "E10000034",
        }
    }


def test_it_creates_a_council_organisation_for_a_council_in_the_region(world):
    council = services.create_organisation(
        partnership=world.partnership,
        name="Worcestershire Adult Social Care",
        kind=OrganisationKind.LOCAL_AUTHORITY,
        local_authority=LocalAuthority.objects.get(gss_code="E10000034"),
        actor=world.user("hub_coordinator"),
    )
    audited("accounts.organisation_created", actor=world.user("hub_coordinator"), subject=council)


@pytest.mark.parametrize(
    "member",
    [
        "provider_manager",
        "council_lead",
        "hub_caseworker",
        "partner_caseworker",
        "safeguarding_lead",
        "evaluator",
        "other_partnership",  # a hub coordinator, but of the East Midlands partnership
    ],
)
def test_it_refuses_to_create_organisations_for_other_roles(world, member):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_organisation(
            partnership=world.partnership,
            name="Lickey Hills Care Ltd",
            kind=OrganisationKind.CARE_PROVIDER,
            actor=world.user(member),
        )
    assert not Organisation.objects.filter(name="Lickey Hills Care Ltd").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("name", "kind", "council", "field", "message"),
    [
        (
            "brindley court care ltd",
            OrganisationKind.CARE_PROVIDER,
            None,
            "name",
            "already in the partnership",
        ),
        ("Second Hub", OrganisationKind.REGIONAL_HUB, None, "kind", "exactly one regional hub"),
        ("A Council", OrganisationKind.LOCAL_AUTHORITY, None, "local_authority", "Select"),
        (
            "Far Council",
            OrganisationKind.LOCAL_AUTHORITY,
            "E12000004",
            "local_authority",
            "in the partnership's region",
        ),
    ],
)
def test_it_refuses_an_organisation_that_breaks_a_rule(world, name, kind, council, field, message):
    local_authority = None
    if council:
        # A council outside the West Midlands, made for this test.
        local_authority = LocalAuthority.objects.create(
            gss_code="E06000018",
            name="Nottingham",
            la_type="UA",
            region=Region.objects.get(gss_code=council),
        )
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            partnership=world.partnership,
            name=name,
            kind=kind,
            local_authority=local_authority,
            actor=world.user("hub_coordinator"),
        )
    assert message in error.value.message_dict[field][0]
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_it_allows_the_same_organisation_name_in_another_partnership(world):
    organisation = services.create_organisation(
        partnership=world.other_partnership,
        name=world.provider.name,
        kind=OrganisationKind.CARE_PROVIDER,
        actor=world.user("other_partnership"),
    )
    assert organisation.partnership == world.other_partnership


# add_membership and remove_membership

ROLE_TABLE = [
    pytest.param(kind, role, role in ROLES_BY_KIND[kind], id=f"{kind}-{role}")
    for kind in OrganisationKind
    for role in Role
]


@pytest.mark.parametrize(("kind", "role", "allowed"), ROLE_TABLE)
def test_it_gives_only_roles_that_fit_the_kind_of_organisation(world, kind, role, allowed):
    if kind == OrganisationKind.REGIONAL_HUB:
        organisation = world.hub  # one hub per partnership
    else:
        organisation = OrganisationFactory(partnership=world.partnership, kind=kind)
    user, actor = world.user("council_lead"), world.user("hub_coordinator")
    events = AuditEvent.objects.count()
    if allowed:
        membership = services.add_membership(
            user=user, organisation=organisation, role=role, actor=actor
        )
        assert (membership.user, membership.organisation, membership.role) == (
            user,
            organisation,
            role,
        )
        assert role in permissions.roles(user)
        audited(
            "accounts.membership_added",
            actor=actor,
            subject=membership,
            subject_user=user,
            organisation=organisation,
            data={"new": {"role": role}},
        )
    else:
        with pytest.raises(ValidationError) as error:
            services.add_membership(user=user, organisation=organisation, role=role, actor=actor)
        assert "role" in error.value.message_dict
        assert not Membership.objects.filter(user=user, organisation=organisation).exists()
        assert AuditEvent.objects.count() == events


def test_it_adds_a_membership_only_once(world):
    user, actor = world.user("partner_caseworker"), world.user("hub_coordinator")
    first = services.add_membership(
        user=user, organisation=world.hub, role=Role.EVALUATOR, actor=actor
    )
    events = AuditEvent.objects.count()
    again = services.add_membership(
        user=user, organisation=world.hub, role=Role.EVALUATOR, actor=actor
    )
    assert again == first
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("member", "target", "allowed"),
    [
        ("provider_manager", "provider", True),
        ("provider_manager", "other_provider", False),
        ("council_lead", "council", True),
        ("council_lead", "provider", False),
        ("hub_caseworker", "provider", False),
        ("other_partnership", "provider", False),
    ],
)
def test_it_lets_managers_add_members_only_to_organisations_they_manage(
    world, member, target, allowed
):
    organisation = getattr(world, target)
    role = sorted(ROLES_BY_KIND[organisation.kind])[0]
    new_member = MembershipFactory(role=Role.PROVIDER_MANAGER).user
    if allowed:
        membership = services.add_membership(
            user=new_member, organisation=organisation, role=role, actor=world.user(member)
        )
        audited("accounts.membership_added", actor=world.user(member), subject=membership)
    else:
        with pytest.raises(PermissionDenied):
            services.add_membership(
                user=new_member, organisation=organisation, role=role, actor=world.user(member)
            )


def test_it_keeps_at_least_one_hub_coordinator(world):
    admin = world.user("system_admin")
    coordinator = world.user("hub_coordinator")
    only = Membership.objects.get(user=coordinator, role=Role.HUB_COORDINATOR)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="at least one hub coordinator"):
        services.remove_membership(membership=only, actor=admin)
    assert Membership.objects.filter(pk=only.pk).exists()
    assert AuditEvent.objects.count() == events

    second = services.add_membership(
        user=world.user("hub_caseworker"),
        organisation=world.hub,
        role=Role.HUB_COORDINATOR,
        actor=admin,
    )
    only_pk = only.pk
    services.remove_membership(membership=only, actor=admin)
    assert not Membership.objects.filter(pk=only_pk).exists()
    event = AuditEvent.objects.filter(verb="accounts.membership_removed").latest("seq")
    assert (event.actor, event.subject_type, event.subject_id, event.subject_user) == (
        admin,
        "accounts.membership",
        str(only_pk),
        coordinator,
    )
    assert event.data == {"old": {"role": "hub_coordinator"}}
    assert Membership.objects.filter(pk=second.pk).exists()
    with pytest.raises(ValidationError, match="at least one hub coordinator"):
        services.remove_membership(membership=second, actor=admin)


def test_it_refuses_to_remove_members_of_an_organisation_the_actor_does_not_manage(world):
    membership = Membership.objects.get(user=world.user("council_lead"))
    with pytest.raises(PermissionDenied):
        services.remove_membership(membership=membership, actor=world.user("provider_manager"))
    assert Membership.objects.filter(pk=membership.pk).exists()


# Invitations


def test_it_invites_with_a_hashed_one_time_token_and_emails_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    actor = world.user("provider_manager")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation, token = services.invite_user(
            organisation=world.provider,
            email=" Sam.Carter@Example.org ",
            full_name=" Sam Carter ",
            role=Role.PROVIDER_MANAGER,
            actor=actor,
        )
        assert mailoutbox == []  # nothing is sent until the transaction commits
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam.carter@example.org"]
    assert token in mailoutbox[0].body

    invitation.refresh_from_db()
    assert (invitation.email, invitation.full_name, invitation.role, invitation.invited_by) == (
        "sam.carter@example.org",
        "Sam Carter",
        Role.PROVIDER_MANAGER,
        actor,
    )
    assert invitation.token_hash == hash_secret(token)
    assert len(invitation.token_hash) == 64
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert services.find_invitation(token) == invitation
    assert services.find_invitation("not-the-token") is None
    event = audited(
        "accounts.invitation_sent",
        actor=actor,
        subject=invitation,
        organisation=world.provider,
        partnership=world.partnership,
    )
    assert event.data == {"new": {"email": "sam.carter@example.org", "role": "provider_manager"}}
    assert token not in str(event.data)


def test_it_sends_no_email_when_the_invitation_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.invite_user(
            organisation=world.provider,
            email="sam@example.org",
            full_name="Sam",
            role=Role.HUB_COORDINATOR,
            actor=world.user("provider_manager"),
        )
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("new-manager@demo.carehub.example", "already has an invitation waiting"),
        (" NEW-MANAGER@demo.carehub.example", "already has an invitation waiting"),
    ],
)
def test_it_refuses_a_second_pending_invitation_for_the_same_person(world, email, message):
    before = (Invitation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match=message):
        services.invite_user(
            organisation=world.other_provider,
            email=email,
            full_name="Ruth Kowalczyk",
            role=Role.PROVIDER_MANAGER,
            actor=world.user("hub_coordinator"),
        )
    assert (Invitation.objects.count(), AuditEvent.objects.count()) == before


def test_it_refuses_to_invite_someone_who_already_has_the_role(world):
    manager = world.user("provider_manager")
    with pytest.raises(ValidationError, match="already has this role here"):
        services.invite_user(
            organisation=world.provider,
            email=manager.email.upper(),
            full_name=manager.full_name,
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
    inviter = world.user("council_lead")
    invitation, token = services.invite_user(
        organisation=world.council,
        email="ade.bello@example.org",
        full_name="Ade Bello",
        role=Role.COUNCIL_LEAD,
        actor=inviter,
    )
    user = services.accept_invitation(invitation=invitation, password="long enough password")
    assert (user.email, user.full_name) == ("ade.bello@example.org", "Ade Bello")
    assert user.check_password("long enough password")
    assert Membership.objects.filter(
        user=user, organisation=world.council, role=Role.COUNCIL_LEAD
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert services.find_invitation(token) is None

    audited("accounts.user_created", actor=inviter, subject=user, subject_user=user)
    audited("accounts.membership_added", actor=inviter, subject=user.memberships.get())
    audited(
        "accounts.invitation_accepted", actor=user, subject=invitation, organisation=world.council
    )
    assert AuditEvent.objects.latest("seq").verb == "accounts.invitation_accepted"

    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="expired or has already been used"):
        services.accept_invitation(invitation=invitation, password="another password")
    assert AuditEvent.objects.count() == events
    user.refresh_from_db()
    assert user.check_password("long enough password")


def test_it_adds_the_role_to_an_existing_account_without_touching_its_password(world):
    caseworker = world.user("hub_caseworker")
    password_hash = caseworker.password
    invitation, _token = services.invite_user(
        organisation=world.hub,
        email=caseworker.email,
        full_name=caseworker.full_name,
        role=Role.SAFEGUARDING_LEAD,
        actor=world.user("hub_coordinator"),
    )
    users = User.objects.count()
    user = services.accept_invitation(invitation=invitation, password="ignored password")
    assert user == caseworker
    assert User.objects.count() == users
    user.refresh_from_db()
    assert user.password == password_hash
    assert set(permissions.roles(user)) >= {"hub_caseworker", "safeguarding_lead"}


def test_it_lets_invitations_expire(world):
    invitation, token = services.invite_user(
        organisation=world.provider,
        email="late@example.org",
        full_name="Late Starter",
        role=Role.PROVIDER_MANAGER,
        actor=world.user("provider_manager"),
    )
    with time_machine.travel(invitation.expires_at - dt.timedelta(minutes=1), tick=False):
        assert services.find_invitation(token) == invitation
    with time_machine.travel(invitation.expires_at + dt.timedelta(seconds=1), tick=False):
        assert services.find_invitation(token) is None
        assert not Invitation.objects.get(pk=invitation.pk).is_pending
        with pytest.raises(ValidationError):
            services.accept_invitation(invitation=invitation, password="long enough password")
    assert not User.objects.filter(email="late@example.org").exists()


def test_it_withdraws_an_invitation(world):
    invitation = world.pending_invitation
    actor = world.user("hub_coordinator")
    services.revoke_invitation(invitation=invitation, actor=actor)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not Invitation.objects.pending().filter(pk=invitation.pk).exists()
    event = audited(
        "accounts.invitation_revoked",
        actor=actor,
        subject=invitation,
        organisation=world.other_provider,
    )
    assert event.data == {"old": {"email": invitation.email}}
    with pytest.raises(ValidationError, match="Only a pending invitation"):
        services.revoke_invitation(invitation=invitation, actor=actor)


def test_it_refuses_to_withdraw_an_invitation_the_actor_does_not_manage(world):
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(
            invitation=world.pending_invitation, actor=world.user("provider_manager")
        )
    assert Invitation.objects.pending().filter(pk=world.pending_invitation.pk).exists()


# API tokens


def test_it_issues_tokens_stored_only_as_hashes_and_revokes_them(world):
    admin = world.user("system_admin")
    token, key = services.issue_api_token(
        organisation=world.council,
        name="Council case system",
        role=Role.COUNCIL_LEAD,
        actor=admin,
    )
    token.refresh_from_db()
    assert token.key_hash == hash_secret(key)
    assert token.prefix == key[:8]
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert token.user.is_service_account
    assert not token.user.has_usable_password()
    assert token.user.memberships.get().organisation == world.council
    event = audited(
        "accounts.api_token_issued", actor=admin, subject=token, subject_user=token.user
    )
    assert event.data == {
        "new": {"name": "Council case system", "role": "council_lead", "prefix": key[:8]}
    }
    assert key not in str(event.data)

    services.revoke_api_token(token=token, actor=admin)
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = audited("accounts.api_token_revoked", actor=admin, subject=token)
    assert event.data == {"old": {"prefix": key[:8]}}


@pytest.mark.parametrize("member", ["hub_coordinator", "council_lead", "other_partnership"])
def test_it_refuses_tokens_to_anyone_but_a_system_administrator(world, member):
    tokens = ApiToken.objects.count()
    with pytest.raises(PermissionDenied):
        services.issue_api_token(
            organisation=world.council,
            name="X",
            role=Role.COUNCIL_LEAD,
            actor=world.user(member),
        )
    assert ApiToken.objects.count() == tokens


def test_it_refuses_to_revoke_a_token_for_anyone_but_a_system_administrator(world):
    token, _key = services.issue_api_token(
        organisation=world.council,
        name="Council case system",
        role=Role.COUNCIL_LEAD,
        actor=world.user("system_admin"),
    )
    with pytest.raises(PermissionDenied):
        services.revoke_api_token(token=token, actor=world.user("hub_coordinator"))
    token.refresh_from_db()
    assert token.revoked_at is None


# Members created directly (demo data, partnership set-up)


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
    assert user.check_password("long enough password")
    audited("accounts.user_created", actor=world.user("hub_coordinator"), subject=user)
    assert (
        AuditEvent.objects.filter(verb="accounts.membership_added").latest("seq").subject_user
        == user
    )


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
    assert not User.objects.filter(email="not-an-email").exists()


def test_it_gives_factory_users_the_documented_password():
    membership = MembershipFactory()
    assert membership.user.check_password(PASSWORD)
    assert membership.user.email.endswith("@example.org")


# Who may do what, over the cast. Targets are organisations, or partnerships for the
# predicates that take a partnership id.

EVERYONE_IN_WEST_MIDLANDS_BUT_THE_EVALUATOR = {
    "hub_coordinator",
    "hub_caseworker",
    "council_lead",
    "provider_manager",
    "partner_caseworker",
    "safeguarding_lead",
    "system_admin",
}
PREDICATES = [
    ("can_view_organisation", "provider", EVERYONE_IN_WEST_MIDLANDS_BUT_THE_EVALUATOR),
    ("can_view_organisation", "council", EVERYONE_IN_WEST_MIDLANDS_BUT_THE_EVALUATOR),
    ("can_view_organisation", "other_hub", {"other_partnership"}),
    ("can_create_organisation", "partnership", {"hub_coordinator", "system_admin"}),
    ("can_create_organisation", "other_partnership", {"other_partnership"}),
    ("can_manage_members", "provider", {"hub_coordinator", "system_admin", "provider_manager"}),
    ("can_manage_members", "other_provider", {"hub_coordinator", "system_admin"}),
    ("can_manage_members", "council", {"hub_coordinator", "system_admin", "council_lead"}),
    ("can_manage_members", "hub", {"hub_coordinator", "system_admin"}),
    ("can_manage_members", "other_hub", {"other_partnership"}),
    ("can_view_audit", "partnership", {"hub_coordinator", "system_admin"}),
    ("can_view_audit", "other_partnership", {"other_partnership"}),
    ("can_manage_api_tokens", "provider", {"system_admin"}),
    ("can_manage_api_tokens", "other_hub", set()),
]


def target_of(world, target: str):
    if target == "other_hub":
        return world.other_partnership.organisations.get(kind=OrganisationKind.REGIONAL_HUB)
    if target in ("partnership", "other_partnership"):
        return getattr(world, target).pk
    return getattr(world, target)


@pytest.mark.parametrize(("predicate", "target", "allowed"), PREDICATES)
@pytest.mark.parametrize("member", CAST)
def test_it_answers_permission_questions_for_each_role(world, predicate, target, allowed, member):
    user = AnonymousUser() if member == "anonymous" else world.user(member)
    check = getattr(permissions, predicate)
    assert check(user, target_of(world, target)) is (member in allowed)


@pytest.mark.parametrize("predicate", ["can_view_organisation", "can_manage_members"])
def test_it_answers_no_for_inactive_people_and_nobody(world, predicate):
    check = getattr(permissions, predicate)
    assert not check(None, world.provider)
    user = world.user("hub_coordinator")
    user.is_active = False
    assert not check(user, world.provider)


def test_it_answers_no_for_a_role_in_a_deactivated_organisation(world):
    manager = world.user("provider_manager")
    Organisation.objects.filter(pk=world.provider.pk).update(is_active=False)
    assert not permissions.can_manage_members(manager, world.provider)
    assert not permissions.can_view_organisation(manager, world.provider)


def test_it_answers_for_a_member_of_a_made_up_partnership(world):
    outsider = MembershipFactory(role=Role.PROVIDER_MANAGER)
    assert not permissions.can_view_organisation(outsider.user, world.provider)
    assert not permissions.can_manage_members(outsider.user, world.provider)
    assert permissions.can_view_organisation(outsider.user, outsider.organisation)
    assert permissions.can_manage_members(outsider.user, outsider.organisation)
    assert not permissions.can_create_organisation(
        outsider.user, outsider.organisation.partnership_id
    )
