"""Every change to partnerships, organisations, memberships, invitations and API tokens.

Each function runs in a transaction, refuses what the actor may not do, writes an audit
event, and sends email only after commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from carehub.accounts import permissions
from carehub.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    Notification,
    Organisation,
    Partnership,
    User,
    hash_secret,
)
from carehub.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role
from carehub.audit import services as audit
from carehub.core import notifications
from carehub.core.models import LocalAuthority, Region


class Verb(StrEnum):
    USER_CREATED = "accounts.user_created"
    PARTNERSHIP_CREATED = "accounts.partnership_created"
    ORGANISATION_CREATED = "accounts.organisation_created"
    MEMBERSHIP_ADDED = "accounts.membership_added"
    MEMBERSHIP_REMOVED = "accounts.membership_removed"
    INVITATION_SENT = "accounts.invitation_sent"
    INVITATION_ACCEPTED = "accounts.invitation_accepted"
    INVITATION_REVOKED = "accounts.invitation_revoked"
    TWO_FACTOR_ENROLLED = "accounts.two_factor_enrolled"
    API_TOKEN_ISSUED = "accounts.api_token_issued"  # noqa: S105 (a verb, not a secret)
    API_TOKEN_REVOKED = "accounts.api_token_revoked"  # noqa: S105


Actor = User | AnonymousUser | None


def check_role_allowed(kind: str, role: str) -> None:
    if role not in ROLES_BY_KIND[kind]:
        raise ValidationError(
            {
                "role": f"A {OrganisationKind(kind).label.lower()} cannot have a "
                f"{Role(role).label.lower()}"
            }
        )


@transaction.atomic
def create_partnership(
    *, name: str, region: Region, hub_name: str, actor: Actor = None
) -> tuple[Partnership, Organisation]:
    """Create a regional partnership and its hub organisation.

    Run by installation administrators (a management command or the admin site), so it
    does not check partnership roles. Refuses a duplicate name.
    """
    if Partnership.objects.filter(name=name).exists():
        raise ValidationError({"name": "A partnership with this name already exists"})
    partnership = Partnership.objects.create(name=name, slug=slugify(name), region=region)
    hub = Organisation.objects.create(
        partnership=partnership, name=hub_name, kind=OrganisationKind.REGIONAL_HUB
    )
    audit.record(
        actor=actor,
        verb=Verb.PARTNERSHIP_CREATED,
        subject=partnership,
        partnership=partnership,
        organisation=hub,
        new={"name": name, "region": region.gss_code, "hub": hub_name},
    )
    return partnership, hub


@transaction.atomic
def create_organisation(
    *,
    partnership: Partnership,
    name: str,
    kind: str,
    local_authority: LocalAuthority | None = None,
    email: str = "",
    phone: str = "",
    actor: Actor,
    check_permission: bool = True,
) -> Organisation:
    """Add an organisation to a partnership.

    Refuses if the actor is not a hub coordinator or system administrator there, if the
    name is taken in the partnership, if a second regional hub is asked for, or if a local
    authority organisation names no council or a council outside the partnership's region.
    """
    if check_permission and not permissions.can_create_organisation(actor, partnership.pk):
        raise PermissionDenied("You cannot add organisations to this partnership")
    errors: dict[str, str] = {}
    if Organisation.objects.filter(partnership=partnership, name__iexact=name).exists():
        errors["name"] = "An organisation with this name is already in the partnership"
    if kind == OrganisationKind.REGIONAL_HUB:
        errors["kind"] = "A partnership has exactly one regional hub, created with it"
    if kind == OrganisationKind.LOCAL_AUTHORITY:
        if local_authority is None:
            errors["local_authority"] = "Select the council"
        elif local_authority.region_id != partnership.region_id:
            errors["local_authority"] = "The council must be in the partnership's region"
    if errors:
        raise ValidationError(errors)
    organisation = Organisation.objects.create(
        partnership=partnership,
        name=name,
        kind=kind,
        local_authority=local_authority,
        email=email,
        phone=phone,
    )
    audit.record(
        actor=actor,
        verb=Verb.ORGANISATION_CREATED,
        subject=organisation,
        partnership=partnership,
        organisation=organisation,
        new={
            "name": name,
            "kind": kind,
            "local_authority": local_authority.gss_code if local_authority else None,
        },
    )
    return organisation


@transaction.atomic
def add_membership(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    actor: Actor,
    check_permission: bool = True,
) -> Membership:
    """Give a person a role in an organisation.

    Refuses if the actor cannot manage the organisation's members, or if the role does not
    fit the kind of organisation (a care provider cannot have a hub coordinator).
    """
    if check_permission and not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied("You cannot manage members of this organisation")
    check_role_allowed(organisation.kind, role)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit.record(
            actor=actor,
            verb=Verb.MEMBERSHIP_ADDED,
            subject=membership,
            partnership=organisation.partnership,
            organisation=organisation,
            subject_user=user,
            new={"role": role},
        )
    permissions.forget_memberships(user)
    return membership


@transaction.atomic
def create_member(
    *,
    email: str,
    full_name: str,
    password: str | None,
    organisation: Organisation,
    role: str,
    actor: Actor,
    check_permission: bool = True,
) -> User:
    """Give someone a role in an organisation, creating their account if there is none.

    An existing account (found by email) keeps its password. Refuses what `add_membership`
    refuses. Audits the new account and the membership.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"{email!r} is not an email address"}) from None
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password=password, full_name=full_name.strip())
        audit.record(
            actor=actor,
            verb=Verb.USER_CREATED,
            subject=user,
            partnership=organisation.partnership,
            organisation=organisation,
            subject_user=user,
            new={"email": email, "full_name": user.full_name},
        )
    add_membership(
        user=user,
        organisation=organisation,
        role=role,
        actor=actor,
        check_permission=check_permission,
    )
    return user


@transaction.atomic
def remove_membership(*, membership: Membership, actor: Actor) -> None:
    """Take a role away. Refuses if the actor cannot manage the organisation's members, or
    if it would leave the partnership with no hub coordinator."""
    organisation = membership.organisation
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied("You cannot manage members of this organisation")
    if (
        membership.role == Role.HUB_COORDINATOR
        and not Membership.objects.filter(organisation=organisation, role=Role.HUB_COORDINATOR)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError("The hub must keep at least one hub coordinator")
    audit.record(
        actor=actor,
        verb=Verb.MEMBERSHIP_REMOVED,
        subject=membership,
        partnership=organisation.partnership,
        organisation=organisation,
        subject_user=membership.user,
        old={"role": membership.role},
    )
    membership.delete()
    permissions.forget_memberships(membership.user)


@transaction.atomic
def invite_user(
    *, organisation: Organisation, email: str, full_name: str, role: str, actor: User
) -> tuple[Invitation, str]:
    """Invite someone by email to join an organisation with a role.

    Refuses if the actor cannot manage the organisation's members, if the role does not fit
    the organisation, or if the person already holds that role or has a pending invitation.
    Returns the invitation and its one-time token; the email with the link is sent after
    commit. Only a hash of the token is stored.
    """
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied("You cannot invite members to this organisation")
    check_role_allowed(organisation.kind, role)
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email=email, role=role).exists():
        raise ValidationError({"email": "This person already has this role here"})
    if Invitation.objects.pending().filter(organisation=organisation, email=email).exists():
        raise ValidationError({"email": "This person already has an invitation waiting"})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        full_name=full_name.strip(),
        role=role,
        token_hash=hash_secret(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(
        actor=actor,
        verb=Verb.INVITATION_SENT,
        subject=invitation,
        partnership=organisation.partnership,
        organisation=organisation,
        new={"email": email, "role": role},
    )
    link = settings.SITE_ROOT + reverse("accounts:accept-invitation", args=[token])
    notifications.send_email_on_commit(
        to=email,
        template="accounts/email/invitation",
        context={
            "full_name": invitation.full_name,
            "organisation": organisation.name,
            "role": invitation.get_role_display(),
            "inviter": actor.full_name,
            "link": link,
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """The pending invitation for a token, or None (expired, used, revoked or unknown)."""
    return (
        Invitation.objects.pending()
        .select_related("organisation__partnership")
        .filter(token_hash=hash_secret(token))
        .first()
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str | None) -> User:
    """Accept an invitation: create the account (or reuse an existing one with the same
    email, in which case no password is set) and add the membership.

    Refuses an invitation that is no longer pending.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("This invitation has expired or has already been used")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    user = create_member(
        email=invitation.email,
        full_name=invitation.full_name,
        password=password,
        organisation=invitation.organisation,
        role=invitation.role,
        actor=invitation.invited_by,
        check_permission=False,
    )
    audit.record(
        actor=user,
        verb=Verb.INVITATION_ACCEPTED,
        subject=invitation,
        partnership=invitation.organisation.partnership,
        organisation=invitation.organisation,
        subject_user=user,
    )
    return user


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor: User) -> None:
    """Withdraw a pending invitation so its link stops working."""
    if not permissions.can_manage_members(actor, invitation.organisation):
        raise PermissionDenied("You cannot manage members of this organisation")
    if not invitation.is_pending:
        raise ValidationError("Only a pending invitation can be withdrawn")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        verb=Verb.INVITATION_REVOKED,
        subject=invitation,
        partnership=invitation.organisation.partnership,
        organisation=invitation.organisation,
        old={"email": invitation.email},
    )


@transaction.atomic
def enrol_two_factor(*, user: User, device: TOTPDevice) -> None:
    """Confirm a person's authenticator app after they proved it works with a code."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    membership = permissions.primary_membership(user)
    audit.record(
        actor=user,
        verb=Verb.TWO_FACTOR_ENROLLED,
        subject=device,
        partnership=membership.organisation.partnership if membership else None,
        subject_user=user,
    )


@transaction.atomic
def issue_api_token(
    *, organisation: Organisation, name: str, role: str, actor: Actor, check_permission: bool = True
) -> tuple[ApiToken, str]:
    """Create a service account for an organisation, with a role, and a token for it.

    Refuses if the actor is not a system administrator of the organisation's partnership
    or if the role does not fit the organisation. Returns the token and the key, which is
    shown once and stored only as a hash.
    """
    if check_permission and not permissions.can_manage_api_tokens(actor, organisation):
        raise PermissionDenied("You cannot issue API tokens for this organisation")
    check_role_allowed(organisation.kind, role)
    key = secrets.token_urlsafe(32)
    service_email = f"api-{secrets.token_hex(6)}@service.{organisation.partnership.slug}.invalid"
    service_user = User.objects.create_user(
        service_email, password=None, full_name=f"{name} (API)", is_service_account=True
    )
    Membership.objects.create(user=service_user, organisation=organisation, role=role)
    creator = actor if isinstance(actor, User) else service_user
    token = ApiToken.objects.create(
        user=service_user, name=name, key_hash=hash_secret(key), prefix=key[:8], created_by=creator
    )
    audit.record(
        actor=actor,
        verb=Verb.API_TOKEN_ISSUED,
        subject=token,
        partnership=organisation.partnership,
        organisation=organisation,
        subject_user=service_user,
        new={"name": name, "role": role, "prefix": token.prefix},
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, actor: User) -> None:
    """Stop a token working at once."""
    membership = token.user.memberships.select_related("organisation__partnership").first()
    if membership is None or not permissions.can_manage_api_tokens(actor, membership.organisation):
        raise PermissionDenied("You cannot manage this token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        verb=Verb.API_TOKEN_REVOKED,
        subject=token,
        partnership=membership.organisation.partnership,
        organisation=membership.organisation,
        subject_user=token.user,
        old={"prefix": token.prefix},
    )


def hub_coordinators(partnership_id: int) -> QuerySet[User]:
    """The active hub coordinators of a partnership: who is told when nobody else is."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.HUB_COORDINATOR,
        memberships__organisation__partnership_id=partnership_id,
        memberships__organisation__is_active=True,
    ).distinct()


def notify(*, users: Iterable[User], title: str, body: str, link: str = "") -> list[Notification]:
    """Put an alert in each person's notification list and email it to them after commit.
    Called inside the caller's transaction, whose audit event covers the alert."""
    recipients = {user.pk: user for user in users if user.is_active and not user.is_service_account}
    created = Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, link=link) for user in recipients.values()]
    )
    for user in recipients.values():
        notifications.send_email_on_commit(
            to=user.email,
            template="accounts/email/notification",
            context={
                "title": title,
                "body": body,
                "link": settings.SITE_ROOT + link if link else "",
            },
        )
    return created


@transaction.atomic
def mark_notifications_read(*, user: User) -> int:
    """Mark all of a person's notifications read (their own list only)."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
