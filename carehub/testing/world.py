"""The records every test can use: the seeded demonstration data, seen through a cast of
named users (one per role, plus someone from another partnership)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from carehub.accounts.demo import demo_email
from carehub.accounts.models import Invitation, Organisation, Partnership, User
from carehub.accounts.roles import OrganisationKind

# Cast member -> the demo account that plays them.
CAST_EMAILS = {
    "hub_coordinator": "coordinator",
    "hub_caseworker": "caseworker",
    "council_lead": "council-lead",
    "provider_manager": "provider-manager",
    "partner_caseworker": "partner-caseworker",
    "safeguarding_lead": "safeguarding",
    "evaluator": "evaluator",
    "system_admin": "sysadmin",
    "other_partnership": "em-coordinator",
}
CAST = ("anonymous", *CAST_EMAILS)


@dataclass
class World:
    """Named records from the demo data set, fetched lazily."""

    @cached_property
    def partnership(self) -> Partnership:
        return Partnership.objects.get(name="West Midlands Care Workforce Partnership")

    @cached_property
    def hub(self) -> Organisation:
        return self.partnership.organisations.get(kind=OrganisationKind.REGIONAL_HUB)

    @cached_property
    def council(self) -> Organisation:
        return Organisation.objects.get(name="Birmingham City Council")

    @cached_property
    def provider(self) -> Organisation:
        return Organisation.objects.get(name="Brindley Court Care Ltd")

    @cached_property
    def other_provider(self) -> Organisation:
        return Organisation.objects.get(name="Severn Vale Home Care Ltd")

    @cached_property
    def partner(self) -> Organisation:
        return Organisation.objects.get(name="Heartlands Migrant Workers Advice Centre")

    @cached_property
    def other_partnership(self) -> Partnership:
        return Partnership.objects.get(name="East Midlands Care Workforce Partnership")

    @cached_property
    def pending_invitation(self) -> Invitation:
        return Invitation.objects.pending().get(organisation=self.other_provider)

    def user(self, cast_member: str) -> User:
        return User.objects.get(email=demo_email(CAST_EMAILS[cast_member]))


def ensure_devices() -> None:
    """Give every demo account a confirmed authenticator, as real staff would have."""
    for user in User.objects.filter(is_service_account=False):
        TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator app", defaults={"confirmed": True}
        )


def sign_in(client: Client, user: User, *, verified: bool = True) -> Client:
    """Sign a test client in, having passed two-factor authentication unless told not to."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def ensure_reference_data() -> None:
    """Re-load what the data migrations load, for tests that start from a flushed database
    (transactional tests: PostgreSQL's flush also empties migration-loaded tables)."""
    import importlib
    import pkgutil

    from django.apps import apps

    from carehub.core import migrations
    from carehub.core.models import PolicyValue, Region

    if Region.objects.exists() and PolicyValue.objects.exists():
        return
    for module in sorted(info.name for info in pkgutil.iter_modules(migrations.__path__)):
        if "_populate_" in module:
            importlib.import_module(f"carehub.core.migrations.{module}").populate(apps, None)
