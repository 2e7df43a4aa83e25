"""The worker's own view ("My case"): emailed single-use links, the case page, details,
consents and erasure requests."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carehub.accounts.models import Notification, hash_secret
from carehub.accounts.roles import Role
from carehub.audit.models import AuditEvent
from carehub.core.models import LocalAuthority
from carehub.registers.models import Postcode
from carehub.workers.models import Case, ConsentEntry, Task, Worker, WorkerLink
from carehub.workers.portal import services
from carehub.workers.portal.session import PARTNERSHIP_KEY, WORKER_KEY

pytestmark = pytest.mark.django_db

TOKEN = "known-token-for-tests-0123456789abcdefghijklmn"
SIGNED_IN_PAGES = ["portal:home", "portal:details", "portal:consent", "portal:erase"]


@pytest.fixture
def worker(world) -> Worker:
    """A demo worker with an email address of their own and an open, assigned case."""
    return Worker.objects.get(full_name="Chidi Okonkwo")


def make_link(worker: Worker, token: str = TOKEN, **fields) -> WorkerLink:
    now = timezone.now()
    values = {"expires_at": now + dt.timedelta(minutes=30), **fields}
    return WorkerLink.objects.create(worker=worker, token_hash=hash_secret(token), **values)


def link_url(token: str = TOKEN) -> str:
    return reverse("portal:use-link", args=[token])


@pytest.fixture
def signed_in(worker) -> Client:
    client = Client()
    make_link(worker)
    response = client.post(link_url())
    assert response.status_code == 302
    return client


def links_in(mailoutbox) -> list[str]:
    return re.findall(r"https?://\S+/my-case/sign-in/[\w-]+/", "".join(m.body for m in mailoutbox))


def merged(worker: Worker) -> dict:
    other = Worker.objects.exclude(pk=worker.pk).filter(merged_into__isnull=True).first()
    Worker.objects.filter(pk=worker.pk).update(merged_into=other)
    return {}


def expired(worker: Worker) -> dict:
    return {"expires_at": timezone.now() - dt.timedelta(seconds=1)}


LINK_STATES = {
    "unused": (lambda worker: {}, TOKEN, True),
    "used": (lambda worker: {"used_at": timezone.now()}, TOKEN, False),
    "expired": (expired, TOKEN, False),
    "unknown": (lambda worker: {}, "some-other-token", False),
    "merged worker": (merged, TOKEN, False),
}


@pytest.mark.parametrize("state", LINK_STATES)
def test_a_link_signs_in_only_when_unused_unexpired_and_for_a_current_record(worker, state):
    prepare, token, works = LINK_STATES[state]
    make_link(worker, **prepare(worker))
    client = Client()

    page = client.get(link_url(token))
    response = client.post(link_url(token))

    if works:
        assert page.status_code == 200
        assert "Continue" in page.content.decode()
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:home")
        assert client.session[WORKER_KEY] == worker.pk
        assert WorkerLink.objects.get(worker=worker).used_at is not None
        assert AuditEvent.objects.filter(
            verb="workers.portal_signed_in", subject_id=str(worker.pk)
        ).exists()
    else:
        for answer in (page, response):
            assert answer.status_code == 410
            assert "This link has expired" in answer.content.decode()
        assert WORKER_KEY not in client.session


def test_opening_a_link_does_not_use_it_up(worker):
    """Email scanners open links before people do: only the button uses the link."""
    make_link(worker)
    client = Client()
    for _ in range(3):
        assert client.get(link_url()).status_code == 200
    assert WorkerLink.objects.get(worker=worker).used_at is None
    assert client.post(link_url()).status_code == 302
    assert Client().post(link_url()).status_code == 410


def test_a_known_and_an_unknown_address_get_the_same_page(
    client, worker, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("portal:sign-in")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": worker.email.upper()})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "nobody-here@example.org"})

    assert known.status_code == unknown.status_code == 200
    strip = [
        re.sub(r"csrfmiddlewaretoken\" value=\"\w+", "", r.content.decode())
        for r in (known, unknown)
    ]
    assert strip[0].replace(worker.email.upper(), "EMAIL") == strip[1].replace(
        "nobody-here@example.org", "EMAIL"
    )
    assert [message.to for message in mailoutbox] == [[worker.email]]


def test_a_worker_signs_in_with_the_link_from_their_email(
    client, worker, mailoutbox, django_capture_on_commit_callbacks
):
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign-in")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:sign-in"), {"email": f"  {worker.email} "})
    assert "Check your email" in response.content.decode()
    [message] = mailoutbox
    assert worker.reference in message.body
    [link] = links_in(mailoutbox)
    path = link.split("://", 1)[1].split("/", 1)[1]
    link_row = WorkerLink.objects.get(worker=worker)
    assert link_row.token_hash != path.split("/")[-2]  # only the hash is stored
    assert link_row.expires_at > timezone.now() + dt.timedelta(minutes=25)

    before = client.session.session_key
    assert client.get(f"/{path}").status_code == 200
    response = client.post(f"/{path}", follow=True)

    assert client.session.session_key != before
    assert client.session[PARTNERSHIP_KEY] == worker.partnership_id
    page = response.content.decode()
    assert worker.reference in page
    assert worker.deadline.strftime("%B %Y") in page
    assert "days left" in page
    assert worker.deadline_reason in page
    if worker.introductions.exists():
        assert worker.introductions.first().vacancy.title in page
    else:
        assert "You have no job introductions yet" in page
    caseworker = Case.objects.get(worker=worker).assigned_to
    assert caseworker.full_name.split()[0] in page
    assert caseworker.full_name not in page
    assert client.post(f"/{path}").status_code == 410


def test_an_unassigned_case_says_so(worker):
    Case.objects.filter(worker=worker).update(assigned_to=None, status=Case.Status.NEW)
    client = Client()
    make_link(worker)
    client.post(link_url())
    page = client.get(reverse("portal:home")).content.decode()
    assert "Not yet assigned" in page
    assert "waiting for a caseworker" in page


def test_no_more_than_three_live_links_are_sent(
    client, worker, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("portal:sign-in"), {"email": worker.email})
        assert "Check your email" in response.content.decode()
    assert len(mailoutbox) == services.LIVE_LINK_LIMIT
    assert WorkerLink.objects.filter(worker=worker).count() == services.LIVE_LINK_LIMIT


def test_a_reference_picks_one_of_two_records_with_the_same_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    grace = Worker.objects.get(full_name="Grace Mensah")
    assert Worker.objects.filter(email=grace.email).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.request_link(grace.email, reference=grace.reference.lower().replace("-", " "))
    assert [m.body.count(grace.reference) for m in mailoutbox] == [1]
    with django_capture_on_commit_callbacks(execute=True):
        services.request_link(grace.email)
    assert len(mailoutbox) == 3


def test_a_merged_record_gets_no_link(worker, mailoutbox, django_capture_on_commit_callbacks):
    merged(worker)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_link(worker.email) == []
    assert mailoutbox == []


@pytest.mark.parametrize("change", ["merged", "moved"])
def test_a_worker_merged_or_moved_since_signing_in_is_signed_out(signed_in, worker, world, change):
    if change == "merged":
        merged(worker)
    else:
        Worker.objects.filter(pk=worker.pk).update(partnership=world.other_partnership)
    response = signed_in.get(reverse("portal:home"))
    assert response["Location"] == reverse("portal:sign-in")
    assert WORKER_KEY not in signed_in.session


def test_a_staff_member_is_not_a_worker(client_for):
    client = client_for("hub_coordinator")
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign-in")


def test_signing_out_forgets_the_worker(signed_in):
    response = signed_in.post(reverse("portal:sign-out"))
    assert response["Location"] == reverse("portal:sign-in")
    assert signed_in.get(reverse("portal:home"))["Location"] == reverse("portal:sign-in")
    assert signed_in.get(reverse("portal:sign-out")).status_code == 405


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def details_data(worker: Worker, **changes) -> dict:
    data = {
        "email": worker.email,
        "phone": worker.phone,
        "contact_preference": worker.contact_preference,
        "preferred_language": worker.preferred_language,
        "postcode": worker.postcode,
        "hours_wanted": worker.hours_wanted or "",
        "travel_miles": worker.travel_miles or "",
        "earliest_start_0": worker.earliest_start.day if worker.earliest_start else "",
        "earliest_start_1": worker.earliest_start.month if worker.earliest_start else "",
        "earliest_start_2": worker.earliest_start.year if worker.earliest_start else "",
        "driving_licence": yes_no(worker.driving_licence),
        "has_car": yes_no(worker.has_car),
        "english_level": worker.english_level,
        "languages": worker.languages,
    }
    data.update(changes)
    return data


def test_a_worker_updates_their_details_and_the_change_is_audited(signed_in, worker):
    walsall = LocalAuthority.objects.get(name="Walsall")
    Postcode.objects.create(
        postcode="WS1 1AA",
        outcode="WS1",
        latitude=52.58,
        longitude=-1.98,
        utla_code=walsall.gss_code,
    )
    deadline = worker.deadline
    response = signed_in.post(
        reverse("portal:details"),
        details_data(worker, hours_wanted="20", postcode="ws11aa", has_car="yes"),
    )
    assert response.status_code == 302

    worker.refresh_from_db()
    assert (worker.hours_wanted, worker.postcode, worker.has_car) == (20, "WS1 1AA", True)
    assert worker.local_authority == walsall
    assert (worker.latitude, worker.longitude) == (52.58, -1.98)
    assert worker.deadline == deadline
    event = AuditEvent.objects.filter(verb="workers.own_details_updated").latest("seq")
    assert event.actor_id is None
    assert event.subject_id == str(worker.pk)
    assert event.data["new"]["hours_wanted"] == 20
    assert event.data["new"]["local_authority"] == walsall.gss_code
    assert "email" not in event.data["new"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"postcode": "XX 12", "hours_wanted": "10"}, "Enter a real postcode"),
        ({"hours_wanted": "99"}, "60 or fewer"),
        ({"email": "", "phone": ""}, "Enter an email address or a phone number"),
        ({"contact_preference": "sms", "phone": "", "hours_wanted": "10"}, "Enter a phone number"),
        ({"earliest_start_0": "31", "earliest_start_1": "2", "earliest_start_2": "2030"}, "date"),
    ],
)
def test_invalid_details_are_shown_with_an_error_summary_and_change_nothing(
    signed_in, worker, changes, message
):
    before = Worker.objects.values().get(pk=worker.pk)
    events = AuditEvent.objects.count()
    response = signed_in.post(reverse("portal:details"), details_data(worker, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert Worker.objects.values().get(pk=worker.pk) == before
    assert AuditEvent.objects.count() == events


def test_the_service_refuses_details_only_a_caseworker_may_change(worker):
    with pytest.raises(ValidationError):
        services.update_own_details(worker, {"visa_expiry": dt.date(2040, 1, 1)})
    with pytest.raises(ValidationError):
        services.update_own_details(worker, {"postcode": "nonsense"})


def test_a_worker_withdraws_and_gives_consent(signed_in, worker):
    Worker.objects.filter(pk=worker.pk).update(consent_to_share=True, consent_to_profile=True)
    entries = ConsentEntry.objects.filter(worker=worker)
    before = entries.count()

    signed_in.post(reverse("portal:consent"), {"share": "yes", "profile": "no"})
    worker.refresh_from_db()
    assert (worker.consent_to_share, worker.consent_to_profile) == (True, False)
    newest = entries.first()
    assert entries.count() == before + 1
    assert (newest.kind, newest.purpose) == (
        ConsentEntry.Kind.CONSENT_WITHDRAWN,
        ConsentEntry.PROFILE,
    )
    assert newest.recorded_by is None

    signed_in.post(reverse("portal:consent"), {"share": "yes", "profile": "yes"})
    worker.refresh_from_db()
    assert worker.consent_to_profile is True
    assert entries.count() == before + 2
    assert entries.first().kind == ConsentEntry.Kind.CONSENT_GIVEN


def test_a_consent_answer_is_required(signed_in, worker):
    response = signed_in.post(reverse("portal:consent"), {"share": "no"})
    assert response.status_code == 200
    assert "Select yes if we can show providers your profile" in response.content.decode()


def test_an_erasure_request_gives_the_caseworker_a_task_and_tells_the_coordinators(
    signed_in, worker, world
):
    case = Case.objects.get(worker=worker)
    due = services.erasure_due(timezone.localdate())
    page = signed_in.get(reverse("portal:erase")).content.decode()
    assert "safeguarding" in page
    assert "one month" in page

    response = signed_in.post(reverse("portal:erase"))
    assert response.status_code == 302

    worker.refresh_from_db()
    assert worker.erasure_requested_at is not None
    task = Task.objects.get(case=case, title__startswith="Erasure request")
    assert task.title == f"Erasure request: respond by {due.day} {due:%B %Y}"
    assert task.due_on == due
    assert task.assigned_to == case.assigned_to
    coordinator = world.user("hub_coordinator")
    notification = Notification.objects.get(user=coordinator, title__contains=worker.reference)
    assert notification.link == reverse("workers:case-detail", args=[case.uuid])
    assert not Notification.objects.filter(
        title__contains=worker.reference, user=world.user("other_partnership")
    ).exists()
    assert not Notification.objects.filter(
        title__contains=worker.reference, user__memberships__role=Role.PROVIDER_MANAGER
    ).exists()
    event = AuditEvent.objects.get(verb="workers.erasure_requested", subject_id=str(worker.pk))
    assert event.data["new"]["respond_by"] == due.isoformat()
    assert (
        "You asked us to erase your data" in signed_in.get(reverse("portal:home")).content.decode()
    )

    signed_in.post(reverse("portal:erase"))
    assert Task.objects.filter(case=case, title__startswith="Erasure request").count() == 1


def test_erasure_is_due_one_calendar_month_on():
    assert services.erasure_due(dt.date(2025, 1, 31)) == dt.date(2025, 2, 28)
    assert services.erasure_due(dt.date(2025, 3, 15)) == dt.date(2025, 4, 15)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_are_never_stored(signed_in, name):
    response = signed_in.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", [reverse("portal:sign-in"), link_url(), reverse("portal:home")])
def test_public_pages_are_never_stored(client, url):
    assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_use_few_queries(signed_in, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        assert signed_in.get(reverse(name)).status_code == 200


def test_a_worker_agrees_to_an_introduction_which_shares_their_details(world):
    from carehub.vacancies.models import Introduction
    from carehub.workers.models import ConsentEntry

    introduction = Introduction.objects.get(worker__full_name="Chidi Okonkwo")
    client = Client()
    make_link(introduction.worker)
    client.post(link_url())
    url = reverse("portal:introduction", args=[introduction.uuid])
    page = client.get(url)
    assert b"Night care worker" in page.content
    assert b"Would you like us to introduce you" in page.content
    invalid = client.post(url, {})
    assert b"govuk-error-summary" in invalid.content
    assert Introduction.objects.get(pk=introduction.pk).stage == "proposed"
    client.post(url, {"answer": "agree"})
    introduction.refresh_from_db()
    assert introduction.stage == "shared"
    assert introduction.shared_at is not None
    entry = ConsentEntry.objects.filter(worker=introduction.worker, kind="disclosure").latest(
        "created_at"
    )
    assert entry.recipient == introduction.vacancy.provider.organisation
    assert "email" in entry.fields
    # Someone else's introduction is not theirs to see.
    other = Introduction.objects.get(worker__full_name="Anjali Nair")
    assert client.get(reverse("portal:introduction", args=[other.uuid])).status_code == 404
