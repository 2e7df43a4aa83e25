from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from carehub.accounts.demo import DEMO_PASSWORD
from carehub.audit.models import AuditEvent
from carehub.testing.world import CAST, sign_in

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{totp.token():06d}"


def post_sign_in(client: Client, email: str, password: str):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password})


def test_it_signs_in_with_email_and_asks_for_the_security_code(world):
    user = world.user("hub_caseworker")
    response = post_sign_in(Client(), user.email.upper(), DEMO_PASSWORD)
    assert response.status_code == 302
    follow = Client()
    post_sign_in(follow, user.email, DEMO_PASSWORD)
    home = follow.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:two-factor-verify"))


def test_it_shows_an_error_summary_for_a_wrong_password(world):
    response = post_sign_in(Client(), world.user("hub_caseworker").email, "wrong")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct email address and password" in response.content


def test_it_refuses_service_accounts_on_the_sign_in_page(world):
    from carehub.accounts import services

    token, _key = services.issue_api_token(
        organisation=world.provider,
        name="Rota system",
        role="provider_manager",
        actor=None,
        check_permission=False,
    )
    token.user.set_password("a long service password")
    token.user.save()
    response = post_sign_in(Client(), token.user.email, "a long service password")
    assert response.status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_it_locks_the_account_after_repeated_failures(world):
    client = Client()
    email = world.user("hub_caseworker").email
    for _ in range(3):
        post_sign_in(client, email, "wrong")
    response = post_sign_in(client, email, DEMO_PASSWORD)
    assert response.status_code == 429
    assert b"You cannot sign in at the moment" in response.content


def test_it_sends_the_user_to_set_up_two_factor_when_they_have_none(world):
    user = world.user("hub_caseworker")
    TOTPDevice.objects.filter(user=user).delete()
    client = sign_in(Client(), user, verified=False)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_it_turns_on_two_factor_with_a_correct_code(world):
    user = world.user("hub_caseworker")
    TOTPDevice.objects.filter(user=user).delete()
    client = sign_in(Client(), user, verified=False)
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor-setup"), {"token": "000000"})
    assert b"The code is not correct" in wrong.content
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    code = current_code(device)
    response = client.post(reverse("accounts:two-factor-setup"), {"token": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(verb="accounts.two_factor_enrolled", actor=user).exists()
    assert client.get(reverse("core:home")).status_code == 200


def test_it_verifies_a_returning_user_with_their_code(world):
    user = world.user("hub_caseworker")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    client = sign_in(Client(), user, verified=False)
    code = current_code(device)
    response = client.post(
        reverse("accounts:two-factor-verify") + "?next=/organisations/", {"token": code}
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"


def test_it_ignores_an_offsite_next_address(world):
    user = world.user("hub_caseworker")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    client = sign_in(Client(), user, verified=False)
    code = current_code(device)
    response = client.post(
        reverse("accounts:two-factor-verify") + "?next=https://evil.example/", {"token": code}
    )
    assert response["Location"] == reverse("core:home")


def test_it_rejects_a_code_that_is_not_six_digits(world):
    client = sign_in(Client(), world.user("hub_caseworker"), verified=False)
    response = client.post(reverse("accounts:two-factor-verify"), {"token": "12ab"})
    assert b"Enter the 6-digit code" in response.content


@override_settings(DEMO_MODE=True)
def test_it_skips_two_factor_and_lists_demo_accounts_in_demo_mode(world):
    client = sign_in(Client(), world.user("hub_caseworker"), verified=False)
    assert client.get(reverse("core:home")).status_code == 200
    page = Client().get(reverse("accounts:sign-in"))
    assert b"coordinator@demo.carehub.example" in page.content
    assert b"Demonstration site" in page.content


def test_it_ends_an_idle_session(world):
    client = Client()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, world.user("hub_caseworker"))
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_it_emails_a_password_reset_link_that_works(world, mailoutbox):
    user = world.user("hub_caseworker")
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert b"Choose a new password" in form.content
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a much longer passphrase", "new_password2": "a much longer passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a much longer passphrase")


def test_it_says_nothing_about_unknown_addresses_on_password_reset(mailoutbox):
    response = Client().post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


@override_settings(DEMO_MODE=True)
@pytest.mark.parametrize("member", [m for m in CAST if m != "anonymous"])
def test_it_lets_every_demo_account_sign_in_and_see_only_its_partnership(world, member):
    client = Client()
    user = world.user(member)
    response = post_sign_in(client, user.email, DEMO_PASSWORD)
    assert response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home"))
    partnerships = {m.organisation.partnership.name for m in home.context["memberships"]}
    expected = (
        "East Midlands Care Workforce Partnership"
        if member == "other_partnership"
        else "West Midlands Care Workforce Partnership"
    )
    assert partnerships == {expected}
    assert expected.encode() in home.content


def test_it_requires_two_factor_for_admin_site_staff_without_a_role():
    from carehub.accounts.models import User

    admin = User.objects.create_superuser(
        "admin@example.org", "a long admin password", full_name="Ad Min"
    )
    client = sign_in(Client(), admin, verified=False)
    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
