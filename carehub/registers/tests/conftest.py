from __future__ import annotations

import pytest


@pytest.fixture
def empty_register(db: None) -> None:
    """Start from no sponsor register snapshot (the seeded demo has two)."""
    from carehub.providers.models import LicenceChange
    from carehub.registers.models import RegisterChange, RegisterSnapshot, SponsorEntry

    LicenceChange.objects.all().delete()
    RegisterChange.objects.all().delete()
    SponsorEntry.objects.all().delete()
    RegisterSnapshot.objects.all().delete()
