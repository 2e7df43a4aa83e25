"""Deterministic factories for accounts records (no randomness: sequences only)."""

from __future__ import annotations

import factory

from carehub.accounts.models import Membership, Organisation, Partnership, User
from carehub.accounts.roles import OrganisationKind, Role
from carehub.core.models import Region

PASSWORD = "correct horse battery staple"  # every factory-made user's password


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership of its own: no other partnership's records are visible to it."""

    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Test Partnership {n}")
    slug = factory.Sequence(lambda n: f"test-partnership-{n}")
    # Loaded by the data migration (core 0002), so present in every test database.
    region = factory.LazyFunction(lambda: Region.objects.get(gss_code="E12000005"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Test Care Provider {n} Ltd")
    kind = OrganisationKind.CARE_PROVIDER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        # Runs after `password`: store the hashed password.
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROVIDER_MANAGER
