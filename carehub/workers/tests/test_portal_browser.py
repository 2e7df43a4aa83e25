"""The worker's own view in a phone-sized browser: ask for a link, use it, see the
deadline, change the hours wanted and withdraw the profile consent. Every page is checked
with axe-core (the permission-matrix browser test cannot reach signed-in worker pages)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from carehub.tests.test_browser import axe_violations, browser, demo_world  # noqa: F401
from carehub.workers.models import ConsentEntry, Worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def check(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_a_worker_signs_in_on_a_phone_and_updates_their_case(
    browser: Any,  # noqa: F811
    demo_world: Any,  # noqa: F811
    live_server: Any,
) -> None:
    worker = Worker.objects.get(full_name="Chidi Okonkwo")
    Worker.objects.filter(pk=worker.pk).update(consent_to_profile=True)
    mail.outbox.clear()
    context = browser.new_context(**PHONE)
    page = context.new_page()

    page.goto(f"{live_server.url}{reverse('portal:home')}")
    assert page.get_by_role("heading", name="Sign in to see your case").is_visible()
    check(page, "sign-in")
    page.get_by_role("button", name="Send me a link").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "sign-in with errors")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_role("button", name="Send me a link").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    check(page, "check your email")

    [message] = [m for m in mail.outbox if m.to == [worker.email]]
    path = re.search(r"/my-case/sign-in/[\w-]+/", str(message.body))
    assert path is not None
    page.goto(f"{live_server.url}{path.group(0)}")
    check(page, "continue")
    page.get_by_role("button", name="Continue").click()

    assert page.get_by_role("heading", name="My case", exact=True).is_visible()
    banner = page.get_by_role("region", name="Your deadline")
    assert banner.is_visible()
    worker.refresh_from_db()
    assert worker.deadline is not None
    assert f"{worker.deadline.day} {worker.deadline:%B %Y}" in banner.inner_text()
    assert "days left" in banner.inner_text()
    check(page, "home")

    page.get_by_role("link", name="Change your contact details and the work you want").click()
    check(page, "details")
    page.get_by_label("How many hours a week do you want to work?").fill("100")
    page.get_by_role("button", name="Save my details").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "details with errors")
    page.get_by_label("How many hours a week do you want to work?").fill("20")
    page.get_by_role("button", name="Save my details").click()
    assert "Your details have been saved" in page.content()
    worker.refresh_from_db()
    assert worker.hours_wanted == 20

    page.get_by_role("link", name="Change who can see your details").click()
    check(page, "consent")
    page.locator("input[name=profile][value=no]").check()
    page.get_by_role("button", name="Save my choices").click()
    assert "Your choices have been saved" in page.content()
    worker.refresh_from_db()
    assert worker.consent_to_profile is False
    assert ConsentEntry.objects.filter(worker=worker).first().kind == "consent_withdrawn"  # type: ignore[union-attr]
    check(page, "home after saving")

    page.get_by_role("link", name="Ask us to erase your data").click()
    check(page, "erase")
    page.get_by_role("button", name="Sign out of My case").click()
    assert page.get_by_role("heading", name="Sign in to see your case").is_visible()

    page.goto(f"{live_server.url}{path.group(0)}")
    assert page.get_by_role("heading", name="This link has expired").is_visible()
    check(page, "expired link")
    context.close()
