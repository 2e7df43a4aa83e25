from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carehub.accounts.models import Notification
from carehub.audit.models import AuditEvent
from carehub.demo import registers as demo
from carehub.providers import services
from carehub.providers.models import LicenceChange, Provider, RegisterLink
from carehub.registers import services as registers
from carehub.registers import synthetic
from carehub.registers.sponsor_register import normalise_name, normalise_town

pytestmark = pytest.mark.django_db


def provider_named(name: str) -> Provider:
    return Provider.objects.get(organisation__name=name)


def test_the_demo_revocation_alerted_the_coordinator_and_the_council_lead(world):
    change = LicenceChange.objects.get(provider__organisation__name=demo.REVOKED)
    assert change.register_change.kind == "removed"
    alerted = set(
        Notification.objects.filter(title__contains=demo.REVOKED).values_list(
            "user__email", flat=True
        )
    )
    assert alerted == {world.user("hub_coordinator").email, world.user("council_lead").email}
    downgraded = LicenceChange.objects.get(provider__organisation__name=demo.DOWNGRADED)
    assert (downgraded.register_change.old_rating, downgraded.register_change.new_rating) == (
        "A",
        "B",
    )


def test_it_alerts_once_for_the_same_change(world):
    change = LicenceChange.objects.get(provider__organisation__name=demo.REVOKED).register_change
    before = Notification.objects.count()
    assert services.watch_licences(changes=[change]) == []
    assert Notification.objects.count() == before


@pytest.mark.parametrize(
    ("name", "can_sponsor", "reason"),
    [
        ("Brindley Court Care Ltd", True, "A-rated Worker licence"),
        (demo.REVOKED, False, "No current Skilled Worker licence"),
        (demo.DOWNGRADED, False, "rated B, not A"),
    ],
)
def test_it_answers_whether_a_demo_provider_can_sponsor(world, name, can_sponsor, reason):
    decision = services.sponsorship_decision(provider_named(name), on=dt.date(2026, 11, 28))
    assert decision.can_sponsor is can_sponsor
    assert any(reason in r for r in decision.reasons)


def test_it_judges_by_the_register_as_it_was_on_the_day(world):
    before_revocation = services.sponsorship_decision(
        provider_named(demo.REVOKED), on=dt.date(2026, 11, 26)
    )
    assert before_revocation.can_sponsor


def test_it_proposes_the_provider_on_the_register_and_its_cqc_registration(world):
    provider = provider_named("Severn Vale Home Care Ltd")
    RegisterLink.objects.filter(provider=provider).delete()
    sponsor = services.sponsor_candidates(provider)
    assert sponsor[0].key == (
        normalise_name("Severn Vale Home Care Ltd"),
        normalise_town("Worcester"),
    )
    assert sponsor[0].score == 100
    cqc = services.cqc_candidates(provider)
    assert cqc[0].key == ("1-800000002",)


def test_it_remembers_a_rejection_and_stops_proposing_it(world):
    provider = provider_named("Severn Vale Home Care Ltd")
    RegisterLink.objects.filter(provider=provider).delete()
    key = (normalise_name("Severn Vale Home Care Ltd"), normalise_town("Worcester"))
    with pytest.raises(ValidationError, match="Say why"):
        services.decide_link(
            provider=provider,
            kind="sponsor",
            key=key,
            decision="rejected",
            actor=world.user("hub_coordinator"),
        )
    services.decide_link(
        provider=provider,
        kind="sponsor",
        key=key,
        decision="rejected",
        note="A different company with the same name",
        actor=world.user("hub_coordinator"),
    )
    assert services.sponsor_candidates(provider) == []
    event = AuditEvent.objects.filter(verb="providers.register_link_decided").latest("seq")
    assert event.data["new"]["decision"] == "rejected"


def test_it_refuses_links_from_people_who_do_not_manage_the_provider(world):
    provider = provider_named("Severn Vale Home Care Ltd")
    key = (normalise_name("Severn Vale Home Care Ltd"), normalise_town("Worcester"))
    for member in ("provider_manager", "hub_caseworker", "other_partnership"):
        with pytest.raises(PermissionDenied):
            services.decide_link(
                provider=provider,
                kind="sponsor",
                key=key,
                decision="confirmed",
                actor=world.user(member),
            )


def test_it_refuses_a_link_to_a_record_that_does_not_exist(world):
    with pytest.raises(ValidationError, match="not on the sponsor register"):
        services.decide_link(
            provider=provider_named("Severn Vale Home Care Ltd"),
            kind="sponsor",
            key=("no such company", "nowhere"),
            decision="confirmed",
            actor=world.user("hub_coordinator"),
        )


@pytest.mark.parametrize(
    ("kind", "postcode", "message"),
    [("partner", "", "Only a care provider"), ("care_provider", "not a postcode", "real postcode")],
)
def test_it_refuses_provider_details_that_do_not_fit(world, kind, postcode, message):
    from carehub.accounts.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(partnership=world.partnership, kind=kind)
    with pytest.raises(ValidationError, match=message):
        services.create_provider(
            organisation=organisation,
            town="Dudley",
            postcode=postcode,
            actor=world.user("hub_coordinator"),
        )


def test_a_new_import_alerts_about_a_newly_removed_provider(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    rows = [r for r in demo.register_rows(later=True) if r.name != "Brindley Court Care Ltd"]
    result = registers.import_sponsor_register(raw=synthetic.to_csv(rows), min_rows=100)
    with django_capture_on_commit_callbacks(execute=True):
        recorded = services.watch_licences(changes=result.snapshot.changes.select_related("entry"))
    assert [c.provider.organisation.name for c in recorded] == ["Brindley Court Care Ltd"]
    assert {m.to[0] for m in mailoutbox} == {
        world.user("hub_coordinator").email,
        world.user("council_lead").email,
    }
    assert "Brindley Court Care Ltd" in mailoutbox[0].subject
