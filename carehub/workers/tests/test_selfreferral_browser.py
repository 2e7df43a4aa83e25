"""The self-referral journey in a real browser on a phone-sized screen, with and without
JavaScript: every page is checked with axe-core, and the case it opens reaches the hub's
caseload."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carehub.tests import test_browser
from carehub.tests.test_browser import axe_violations, session_cookie
from carehub.workers.models import Case, Worker

# The browser-test module's fixtures (its module-level skip applies here too).
browser = test_browser.browser
demo_world = test_browser.demo_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def checked(page: Any, visited: list[str], checker: Any = None) -> None:
    """Check the page for accessibility problems and note its heading. axe-core needs
    JavaScript (its timers never fire in a page without it), so a page from a browser with
    JavaScript off is checked as it was rendered there: its HTML, scripts removed, in
    `checker`, a page of a context with JavaScript on."""
    target = page
    if checker is not None:
        origin = page.url.split("/", 3)[:3]
        html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL)
        html = html.replace("<head>", f'<head><base href="{"/".join(origin)}/">', 1)
        checker.set_content(html)
        target = checker
    violations = axe_violations(target)
    assert violations == [], f"{page.url}: {violations}"
    visited.append(page.locator("h1").first.inner_text().strip())


def fill_date(page: Any, name: str, day: dt.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def group(page: Any, legend: str) -> Any:
    return page.get_by_role("group", name=legend)


@pytest.mark.parametrize(
    ("javascript", "in_danger"), [(True, True), (False, False)], ids=["javascript", "no-javascript"]
)
def test_a_worker_asks_for_help_on_a_phone(javascript, in_danger, browser, demo_world, live_server):
    today = timezone.localdate()
    curtailed = today - dt.timedelta(days=50)  # 60-day period: 10 days left
    visa_expiry = today + dt.timedelta(days=300)
    context = browser.new_context(java_script_enabled=javascript, **PHONE)
    page = context.new_page()
    checker_context = None if javascript else browser.new_context(**PHONE)
    checker = checker_context.new_page() if checker_context else None
    visited: list[str] = []
    proceed = page.get_by_role("button", name="Continue")

    page.goto(f"{live_server.url}{reverse('selfreferral:start')}")
    checked(page, visited, checker)
    page.get_by_role("button", name="Start now").click()

    checked(page, visited, checker)
    group(page, "Are you in danger now?").get_by_label("Yes" if in_danger else "No").check()
    proceed.click()
    if in_danger:
        checked(page, visited, checker)
        assert "08000 121 700" in page.content()
        page.get_by_role("button", name="Continue to tell us what happened").click()

    checked(page, visited, checker)
    page.get_by_label("West Midlands Care Workforce Partnership").check()
    proceed.click()

    checked(page, visited, checker)
    page.get_by_label("What is your name?").fill("Mercy Adjei")
    proceed.click()

    # A mistake first: no way to contact them.
    checked(page, visited, checker)
    page.get_by_label("Text message").check()
    proceed.click()
    assert page.locator(".govuk-error-summary").is_visible()
    checked(page, visited, checker)
    page.get_by_label("Email address").fill("mercy@example.org")
    page.get_by_label("Mobile or phone number").fill("07700 900 123")
    page.get_by_label("Which language would you like us to use? (optional)").fill("Twi")
    proceed.click()

    checked(page, visited, checker)
    page.get_by_label("What is your postcode?").fill("b1 1aa")
    proceed.click()

    checked(page, visited, checker)
    group(page, "Are you in the UK now?").get_by_label("Yes").check()
    proceed.click()

    checked(page, visited, checker)
    page.get_by_label("Search for your sponsor's name").fill("Kingfisher")
    page.get_by_role("button", name="Search").click()
    checked(page, visited, checker)
    page.get_by_label("Kingfisher Home Care Ltd, Birmingham").check()
    proceed.click()

    checked(page, visited, checker)
    page.get_by_label("My sponsor lost its licence").check()
    proceed.click()

    checked(page, visited, checker)
    fill_date(page, "curtailment_letter_on", curtailed)
    proceed.click()

    checked(page, visited, checker)
    fill_date(page, "visa_expiry", visa_expiry)
    page.get_by_label("Job code (SOC code) on your certificate of sponsorship (optional)").fill(
        "6135"
    )
    proceed.click()

    checked(page, visited, checker)
    page.get_by_label("How many years have you worked in care?").fill("2")
    page.get_by_label("Nursing home").check()
    proceed.click()

    checked(page, visited, checker)
    group(page, "Do you have the Care Certificate?").get_by_label("Yes").check()
    group(page, "Do you have the Level 2 Adult Social Care Certificate?").get_by_label(
        "I'm not sure"
    ).check()
    page.get_by_label("Everyday: I can talk with people I care for and with colleagues").check()
    proceed.click()

    checked(page, visited, checker)
    group(page, "Do you have a full UK driving licence?").get_by_label("No").check()
    group(page, "Do you have a car you can use for work?").get_by_label("No").check()
    proceed.click()

    checked(page, visited, checker)
    page.get_by_role("link", name="privacy notice").click()
    checked(page, visited, checker)
    page.get_by_role("link", name="Back").click()
    group(
        page, "Can we share your details with councils and organisations that can help you?"
    ).get_by_label("Yes").check()
    group(
        page, "Can we show care providers a profile of you without your name or contact details?"
    ).get_by_label("Yes").check()
    proceed.click()

    checked(page, visited, checker)
    assert "Kingfisher Home Care Ltd" in page.content()
    page.get_by_role("link", name="Change what is your name?").click()
    checked(page, visited, checker)
    page.get_by_label("What is your name?").fill("Mercy A. Adjei")
    proceed.click()
    assert page.get_by_role("heading", name="Check your answers").is_visible()
    page.get_by_role("button", name="Send").click()

    checked(page, visited, checker)
    reference = page.locator("#reference").inner_text().strip()
    assert reference.startswith("CWH-")
    assert "Request sent" in visited
    context.close()
    if checker_context is not None:
        checker_context.close()

    worker = Worker.objects.get(reference=reference)
    assert worker.full_name == "Mercy A. Adjei"
    assert worker.deadline == curtailed + dt.timedelta(days=60)
    assert worker.last_sponsor is not None
    assert worker.cases.get().source == Case.Source.SELF_REFERRAL

    staff = browser.new_context(**PHONE)
    staff.add_cookies([session_cookie(demo_world.user("hub_coordinator"), live_server)])
    caseload = staff.new_page()
    caseload.goto(f"{live_server.url}/cases/")
    assert reference in caseload.content()
    staff.close()
