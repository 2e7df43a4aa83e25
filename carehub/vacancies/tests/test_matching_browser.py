"""The matching journey in a browser: a coordinator runs regional matching and proposes
introductions; the provider sees an anonymised candidate; the worker agrees in My case; the
provider then sees who they are and records the stages to a job start. axe on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from carehub.accounts.models import hash_secret
from carehub.tests.test_browser import (  # noqa: F401
    axe_violations,
    browser,
    demo_world,
    session_cookie,
)
from carehub.vacancies.models import Introduction
from carehub.workers.models import Case, WorkerLink

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_a_regional_proposal_goes_from_matching_to_a_job_start(
    browser,  # noqa: F811
    demo_world,  # noqa: F811
    live_server,
):
    coordinator = browser.new_context()
    coordinator.add_cookies([session_cookie(demo_world.user("hub_coordinator"), live_server)])
    page = coordinator.new_page()
    page.goto(f"{live_server.url}/matching/")
    assert page.get_by_role("heading", name="Regional matching").is_visible()
    assert "Priya Sharma" in page.content()
    check(page, "regional matching")
    page.get_by_role("button", name="Propose the selected introductions").click()
    assert "introductions proposed" in page.content()
    introduction = Introduction.objects.get(
        worker__full_name="Priya Sharma", vacancy__title="Night care worker"
    )
    url = f"{live_server.url}/introductions/{introduction.uuid}/"

    provider = browser.new_context()
    provider.add_cookies([session_cookie(demo_world.user("provider_manager"), live_server)])
    provider_page = provider.new_page()
    provider_page.goto(url)
    assert "A candidate from the hub" in provider_page.content()
    assert "Priya" not in provider_page.content()
    check(provider_page, "anonymised introduction")

    token = "browser-test-token-0123456789abcdefghijklmnop"
    WorkerLink.objects.create(
        worker=introduction.worker,
        token_hash=hash_secret(token),
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    worker = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    worker_page = worker.new_page()
    worker_page.goto(f"{live_server.url}/my-case/sign-in/{token}/")
    worker_page.get_by_role("button", name="Continue").click()
    worker_page.get_by_role("link", name="Night care worker, Brindley Court Care Ltd").click()
    check(worker_page, "the worker's introduction")
    worker_page.get_by_label("Yes: share my name and contact details with them").check()
    worker_page.get_by_role("button", name="Send my answer").click()
    assert "We have shared your details" in worker_page.content()

    provider_page.goto(url)
    assert "Priya Sharma" in provider_page.content()
    for stage, extra in [
        ("Interview", {}),
        ("Offer made", {}),
        ("CoS assigned", {"cos": "C7K2L9876543"}),
        ("Visa applied for", {}),
        ("Started work", {"start": timezone.localdate()}),
    ]:
        provider_page.get_by_label(stage, exact=True).check()
        if "cos" in extra:
            provider_page.get_by_label("Certificate of sponsorship number").fill(extra["cos"])
            provider_page.get_by_label("The CoS says").check()
        if "start" in extra:
            day = extra["start"]
            provider_page.get_by_label("Day").fill(str(day.day))
            provider_page.get_by_label("Month").fill(str(day.month))
            provider_page.get_by_label("Year").fill(str(day.year))
        provider_page.get_by_role("button", name="Save").click()
        assert f"Moved to: {stage}" in provider_page.content(), stage
    check(provider_page, "introduction after the start")
    introduction.refresh_from_db()
    assert introduction.stage == "started"
    assert introduction.pool_statement_recorded
    assert Case.objects.get(pk=introduction.case_id).status == "placed"
    for context in (coordinator, provider, worker):
        context.close()
