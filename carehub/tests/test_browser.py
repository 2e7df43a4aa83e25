"""Browser tests: Playwright drives Debian's Chromium against a live server.

Every page a cast member can open is loaded in a real browser and checked with axe-core
for WCAG 2.2 A and AA violations; the key journey (sign in with two-factor, add an
organisation, invite someone) is clicked through like a person would.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from carehub.testing.matrix import all_cases
from carehub.testing.world import CAST, World, ensure_devices, ensure_reference_data, sign_in

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "build" / "static" / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
    message = (
        "\n" + "!" * 78 + f"\nBROWSER TESTS SKIPPED: Chromium not found at {CHROMIUM}.\n"
        "Install it with `apt-get install chromium` to run the accessibility checks.\n" + "!" * 78
    )
    if os.environ.get("CAREHUB_REQUIRE_BROWSER") == "True":
        raise RuntimeError(message)
    warnings.warn(message, stacklevel=1)
    pytest.skip(message, allow_module_level=True)

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make
# here are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def page_cases() -> list[tuple[str, Any]]:
    """Each GET page with someone who may see it, signed in as that cast member."""
    chosen: list[tuple[str, Any]] = []
    for case in all_cases():
        if case.method != "get" or not case.html or case.url_name.startswith(("api:", "admin:")):
            continue
        for member in ("hub_coordinator", *CAST):
            if case.expect[member] == 200:
                chosen.append((member, case))
                break
    return chosen


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not AXE.exists():
        pytest.fail("Built assets are missing: run `make assets` first")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_world(live_server: Any) -> World:
    # Transactional tests may start from a flushed database: load the demo data set.
    ensure_reference_data()
    call_command("seed_demo_data", verbosity=0)
    ensure_devices()
    return World()


def session_cookie(user: Any, live_server: Any) -> dict[str, str]:
    client = sign_in(Client(), user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    # axe reports the rules it checked; none would mean it never looked at the page.
    assert result["passes"], "axe-core checked nothing"
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize(
    ("member", "case"), page_cases(), ids=lambda value: getattr(value, "id", value)
)
def test_it_has_no_accessibility_violations(member, case, browser, demo_world, live_server):
    context = browser.new_context()
    if member != "anonymous":
        context.add_cookies([session_cookie(demo_world.user(member), live_server)])
    page = context.new_page()
    url = reverse(case.url_name, kwargs=case.kwargs(demo_world) if case.kwargs else None)
    response = page.goto(f"{live_server.url}{url}{'?' + case.query if case.query else ''}")
    assert response is not None
    assert response.status == 200, f"{case.id} as {member}: {response.status}"
    assert page.locator("link[rel=stylesheet]").count() >= 1
    violations = axe_violations(page)
    context.close()
    assert violations == [], f"{case.id} as {member}: {violations}"


def test_it_has_no_accessibility_violations_on_error_pages_and_form_errors(
    browser, demo_world, live_server
):
    context = browser.new_context()
    context.add_cookies([session_cookie(demo_world.user("hub_coordinator"), live_server)])
    page = context.new_page()
    missing = page.goto(f"{live_server.url}/organisations/00000000-0000-0000-0000-000000000000/")
    assert missing is not None
    assert missing.status == 404
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}{reverse('accounts:organisation-create')}")
    page.get_by_role("button", name="Add organisation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
    context.close()


def test_it_signs_in_with_two_factor_adds_an_organisation_and_invites_someone(
    browser, demo_world, live_server
):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carehub.accounts.demo import DEMO_PASSWORD

    coordinator = demo_world.user("hub_coordinator")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill(coordinator.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Enter your security code").is_visible()

    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    code = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits).token()
    page.get_by_label("Code from your authenticator app").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    assert "West Midlands Care Workforce Hub" in page.content()

    page.get_by_role("link", name="Organisations").first.click()
    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_label("Name").fill("Lickey Hills Care Ltd")
    page.get_by_label("Care provider").check()
    page.get_by_label("Local authority area").select_option(label="Birmingham")
    page.get_by_role("button", name="Add organisation").click()
    assert page.get_by_role("heading", name="Lickey Hills Care Ltd").is_visible()
    assert "Lickey Hills Care Ltd has been added" in page.content()

    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("Full name").fill("Sam Carter")
    page.get_by_label("Email address").fill("sam.carter@example.org")
    page.get_by_label("Provider manager").check()
    page.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent to sam.carter@example.org" in page.content()
    context.close()
