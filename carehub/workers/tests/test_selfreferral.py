"""The public self-referral journey: the step rules as tables, each page's validation, and
the whole journey through the Django client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carehub.accounts.models import Partnership
from carehub.audit.models import AuditEvent
from carehub.core import sms
from carehub.providers.models import Provider
from carehub.workers.models import Case, ConsentEntry, Task, Worker
from carehub.workers.selfreferral import steps
from carehub.workers.selfreferral.steps import Facts
from carehub.workers.selfreferral.views import DONE_KEY, SESSION_KEY

pytestmark = pytest.mark.django_db

ONE, MANY = Facts(several_partnerships=False), Facts(several_partnerships=True)


def stored_answers(world: Any = None, **overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Complete answers as the session holds them (JSON-safe)."""
    today = timezone.localdate()
    answers: dict[str, dict[str, Any]] = {
        "danger": {"in_danger": "no"},
        "region": {"partnership": str(world.partnership.pk) if world else "1"},
        "name": {"full_name": "Amara Nwosu"},
        "contact": {
            "email": "amara@example.org",
            "phone": "07700 900 982",
            "contact_preference": "sms",
            "preferred_language": "Igbo",
        },
        "postcode": {"postcode": "B1 1AA", "no_fixed_address": False},
        "in-uk": {"in_uk": "yes"},
        "sponsor": {
            "q": "",
            "pick": "not_listed",
            "name": "Acme Care",
            "last_sponsor_name": "Acme Care",
            "last_sponsor": None,
        },
        "need": {"need": "licence_revoked"},
        "letters": {
            "revocation_letter_on": (today - dt.timedelta(days=20)).isoformat(),
            "curtailment_letter_on": (today - dt.timedelta(days=10)).isoformat(),
            "no_letter": False,
        },
        "visa": {
            "visa_expiry": (today + dt.timedelta(days=400)).isoformat(),
            "home_office_reference": "A1234567",
            "last_cos_number": "C2G8H5K3L9R",
            "last_soc_code": "6135",
        },
        "experience": {"years_in_care": 3, "care_settings": ["residential", "home_care"]},
        "skills": {
            "care_certificate": "yes",
            "level2_certificate": "not_sure",
            "english_level": "good",
            "languages": "Igbo, Yoruba",
        },
        "work": {
            "hours_wanted": 37,
            "travel_miles": 10,
            "earliest_start": None,
            "driving_licence": "no",
            "has_car": "no",
        },
        "consent": {"consent_to_share": "yes", "consent_to_profile": "no"},
    }
    answers.update(overrides)
    return answers


def without(answers: dict[str, Any], *slugs: str) -> dict[str, Any]:
    return {slug: value for slug, value in answers.items() if slug not in slugs}


def slugs(found: list[steps.Step]) -> list[str]:
    return [step.slug for step in found]


ALL = [step.slug for step in steps.STEPS]
NO_URGENT = [s for s in ALL if s != "urgent-help"]
NO_URGENT_NO_REGION = [s for s in NO_URGENT if s != "region"]


# The step rules, as tables.


@pytest.mark.parametrize(
    ("danger", "facts", "expected"),
    [
        ("no", MANY, NO_URGENT),
        ("yes", MANY, ALL),
        ("no", ONE, NO_URGENT_NO_REGION),
        ("yes", ONE, [s for s in ALL if s != "region"]),
        (None, MANY, NO_URGENT),
    ],
)
def test_it_skips_steps_that_do_not_apply(danger, facts, expected):
    answers = {"danger": {"in_danger": danger}} if danger else {}
    assert slugs(steps.applicable(answers, facts)) == expected


@pytest.mark.parametrize(
    ("slug", "answers", "facts", "changing", "expected"),
    [
        ("danger", {"danger": {"in_danger": "no"}}, MANY, False, "region"),
        ("danger", {"danger": {"in_danger": "no"}}, ONE, False, "name"),
        ("danger", {"danger": {"in_danger": "yes"}}, ONE, False, "urgent-help"),
        ("urgent-help", {"danger": {"in_danger": "yes"}}, MANY, False, "region"),
        ("sponsor", {}, MANY, False, "need"),
        ("consent", {}, MANY, False, None),
        # Changing an answer goes back to check your answers, unless the change brought in
        # a step that is not answered yet.
        ("contact", stored_answers(), MANY, True, None),
        ("danger", stored_answers(danger={"in_danger": "yes"}), MANY, True, "urgent-help"),
        (
            "urgent-help",
            stored_answers(danger={"in_danger": "yes"}, **{"urgent-help": {}}),
            MANY,
            True,
            None,
        ),
    ],
)
def test_it_knows_the_next_step(slug, answers, facts, changing, expected):
    found = steps.next_step(slug, answers, facts, changing=changing)
    assert (found.slug if found else None) == expected


@pytest.mark.parametrize(
    ("slug", "answers", "facts", "expected"),
    [
        ("danger", {}, MANY, None),
        ("region", {"danger": {"in_danger": "no"}}, MANY, "danger"),
        ("region", {"danger": {"in_danger": "yes"}}, MANY, "urgent-help"),
        ("name", {"danger": {"in_danger": "no"}}, ONE, "danger"),
        ("consent", {}, MANY, "work"),
    ],
)
def test_it_knows_the_previous_step(slug, answers, facts, expected):
    found = steps.previous_step(slug, answers, facts)
    assert (found.slug if found else None) == expected


@pytest.mark.parametrize(
    ("slug", "answers", "facts", "expected"),
    [
        ("danger", {}, MANY, None),
        ("name", {}, MANY, "danger"),
        ("name", {"danger": {"in_danger": "no"}}, MANY, "region"),
        ("name", {"danger": {"in_danger": "no"}}, ONE, None),
        ("name", {"danger": {"in_danger": "yes"}}, ONE, "urgent-help"),
        ("consent", without(stored_answers(), "visa"), MANY, "visa"),
        ("visa", without(stored_answers(), "visa"), MANY, None),
    ],
)
def test_it_sends_someone_who_jumps_ahead_to_the_first_unanswered_step(
    slug, answers, facts, expected
):
    found = steps.blocker(slug, answers, facts)
    assert (found.slug if found else None) == expected


def test_it_ignores_answers_to_steps_that_no_longer_apply():
    answers = stored_answers(danger={"in_danger": "no"}, **{"urgent-help": {}})
    assert "urgent-help" not in steps.relevant(answers, MANY)
    assert "region" not in steps.relevant(answers, ONE)


def test_it_turns_answers_into_worker_fields():
    details = steps.worker_details(stored_answers())
    assert details["in_uk"] is True
    assert details["care_certificate"] is True
    assert details["level2_certificate"] is None  # not sure
    assert details["driving_licence"] is False
    assert isinstance(details["curtailment_letter_on"], dt.date)
    assert details["earliest_start"] is None
    assert details["care_settings"] == ["residential", "home_care"]


# Pages.


def with_answers(client: Client, answers: dict[str, Any]) -> Client:
    session = client.session
    session[SESSION_KEY] = {"answers": answers}
    session.save()
    return client


def session_answers(client: Client) -> dict[str, Any]:
    answers: dict[str, Any] = client.session.get(SESSION_KEY, {}).get("answers", {})
    return answers


def step_url(slug: str, query: str = "") -> str:
    return reverse("selfreferral:step", kwargs={"slug": slug}) + (f"?{query}" if query else "")


def test_the_start_page_explains_the_service_and_is_not_cached(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("selfreferral:start"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Get help to find a new sponsor" in content
    assert "Start now" in content
    assert "08000 121 700" in content
    assert step_url("danger") in content
    assert "no-store" in response["Cache-Control"]


def test_a_question_page_has_a_back_link_and_few_queries(
    client, world, django_assert_max_num_queries
):
    with_answers(client, {"danger": {"in_danger": "no"}, "region": stored_answers(world)["region"]})
    with django_assert_max_num_queries(5):
        response = client.get(step_url("name"))
    assert response.status_code == 200
    assert f'href="{step_url("region")}" class="govuk-back-link"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_it_redirects_a_jump_ahead_to_the_first_unanswered_step(client):
    response = client.get(step_url("sponsor"))
    assert response.status_code == 302
    assert response["Location"] == step_url("danger")
    assert client.get(reverse("selfreferral:check"))["Location"] == step_url("danger")


def test_it_redirects_a_step_that_does_not_apply(client):
    with_answers(client, {"danger": {"in_danger": "no"}})
    assert client.get(step_url("urgent-help"))["Location"] == step_url("region")


def test_it_does_not_know_other_steps(client):
    assert client.get(step_url("nonsense")).status_code == 404


def test_it_stores_an_answer_and_goes_on(client):
    response = client.post(step_url("danger"), {"in_danger": "yes"})
    assert response["Location"] == step_url("urgent-help")
    assert session_answers(client) == {"danger": {"in_danger": "yes"}}
    page = client.get(step_url("urgent-help")).content.decode()
    assert "999" in page
    assert "08000 121 700" in page
    assert client.post(step_url("urgent-help"))["Location"] == step_url("region")


FUTURE = timezone.localdate() + dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("danger", {}, "Select yes if you are in danger now"),
        ("region", {"partnership": "999999"}, "Select a valid choice"),
        ("name", {"full_name": ""}, "Enter your name"),
        ("contact", {"contact_preference": "email"}, "Enter an email address or a phone number"),
        (
            "contact",
            {"phone": "07700 900 982", "contact_preference": "email"},
            "Enter an email address, or choose another way to contact you",
        ),
        (
            "contact",
            {"email": "a@example.org", "contact_preference": "sms"},
            "Enter a phone number, or choose another way",
        ),
        ("contact", {"email": "not an email", "contact_preference": "email"}, "correct format"),
        ("contact", {"phone": "123", "contact_preference": "phone"}, "Enter a phone number, like"),
        ("postcode", {}, "Enter your postcode, or select"),
        ("postcode", {"postcode": "XYZ"}, "Enter a real postcode"),
        ("postcode", {"postcode": "B1 1AA", "no_fixed_address": "on"}, "not both"),
        ("in-uk", {}, "Select yes if you are in the UK now"),
        ("sponsor", {"pick": "not_listed", "name": ""}, "Enter your sponsor&#x27;s name"),
        ("need", {"need": "identified_by_partnership"}, "Select a valid choice"),
        (
            "letters",
            {
                "curtailment_letter_on_0": str(FUTURE.day),
                "curtailment_letter_on_1": str(FUTURE.month),
                "curtailment_letter_on_2": str(FUTURE.year),
            },
            "must be today or in the past",
        ),
        (
            "letters",
            {
                "revocation_letter_on_0": "1",
                "revocation_letter_on_1": "2",
                "revocation_letter_on_2": "2025",
                "no_letter": "on",
            },
            "not both",
        ),
        ("letters", {"revocation_letter_on_0": "31", "revocation_letter_on_1": "2"}, "Enter"),
        ("visa", {"last_soc_code": "61"}, "Enter a job code of 4 numbers"),
        ("experience", {"years_in_care": "lots"}, "Enter a number of years"),
        ("skills", {"english_level": "good"}, "Select yes if you have the Care Certificate"),
        ("work", {"hours_wanted": "100"}, "Enter a number of hours of 60 or fewer"),
        ("consent", {"consent_to_share": "yes"}, "Select yes if we can show providers"),
    ],
)
def test_it_shows_errors_and_saves_nothing(client, world, slug, data, message):
    answers = stored_answers(world)
    position = [s.slug for s in steps.applicable(answers, MANY)].index(slug)
    earlier = dict(list(without(answers, "urgent-help").items())[:position])
    with_answers(client, earlier)
    workers = Worker.objects.count()
    response = client.post(step_url(slug), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "There is a problem" in content
    assert message in content
    assert "<title>Error:" in content
    assert slug not in session_answers(client)
    assert Worker.objects.count() == workers


def test_it_searches_the_sponsors_without_javascript(client, world):
    with_answers(client, without(stored_answers(world), *ALL[ALL.index("sponsor") :]))
    response = client.get(step_url("sponsor", "q=kingfisher"))
    content = response.content.decode()
    provider = Provider.objects.get(organisation__name="Kingfisher Home Care Ltd")
    # A revoked sponsor is no longer on the register but the hub still knows it.
    assert f'value="provider:{provider.pk}"' in content
    assert "My sponsor is not listed" in content
    response = client.post(
        step_url("sponsor", "q=kingfisher"), {"pick": f"provider:{provider.pk}", "name": ""}
    )
    assert response["Location"] == step_url("need")
    stored = session_answers(client)["sponsor"]
    assert stored["last_sponsor"] == provider.pk
    assert stored["last_sponsor_name"] == "Kingfisher Home Care Ltd"


def test_it_lists_at_most_ten_sponsors_and_accepts_one_not_listed(client, world):
    with_answers(client, without(stored_answers(world), *ALL[ALL.index("sponsor") :]))
    response = client.get(step_url("sponsor", "q=care"))
    assert 1 <= len(response.context["form"].matches) <= 10
    response = client.post(
        step_url("sponsor", "q=zzzz"), {"pick": "not_listed", "name": " Zed  Care "}
    )
    assert response.status_code == 302
    assert session_answers(client)["sponsor"]["last_sponsor_name"] == "Zed Care"
    assert session_answers(client)["sponsor"]["last_sponsor"] is None


def test_check_your_answers_lists_every_answer_with_change_links(
    client, world, django_assert_max_num_queries
):
    with_answers(client, stored_answers(world))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("selfreferral:check"))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Amara Nwosu", "B1 1AA", "Acme Care", "6135", "West Midlands", "Good: I can"):
        assert text in content
    assert step_url("contact", "change=1") in content
    assert "no-store" in response["Cache-Control"]


def test_a_change_returns_to_check_your_answers(client, world):
    with_answers(client, stored_answers(world))
    response = client.get(step_url("name", "change=1"))
    assert reverse("selfreferral:check") in response.content.decode()  # the back link
    response = client.post(step_url("name", "change=1"), {"full_name": "Amara N. Nwosu"})
    assert response["Location"] == reverse("selfreferral:check")
    assert session_answers(client)["name"] == {"full_name": "Amara N. Nwosu"}


def test_a_change_that_brings_in_a_step_asks_it_before_returning(client, world):
    with_answers(client, stored_answers(world))
    response = client.post(step_url("danger", "change=1"), {"in_danger": "yes"})
    assert response["Location"] == step_url("urgent-help", "change=1")
    response = client.post(step_url("urgent-help", "change=1"))
    assert response["Location"] == reverse("selfreferral:check")


def test_the_privacy_notice_is_public(client):
    response = client.get(reverse("selfreferral:privacy") + "?back=consent")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your rights" in content
    assert "How long we keep it" in content
    assert f'href="{step_url("consent")}" class="govuk-back-link"' in content


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "carehub.core.sms.MemorySmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def answer(client: Client, slug: str, data: dict[str, Any], query: str = "") -> str:
    response = client.post(step_url(slug, query), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return str(response["Location"])


def test_the_whole_journey_opens_a_case(
    client, world, sms_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    curtailed = today - dt.timedelta(days=10)
    visa_expiry = today + dt.timedelta(days=30)  # sooner than curtailment + 60 days
    provider = Provider.objects.get(organisation__name="Kingfisher Home Care Ltd")

    start = client.get(reverse("selfreferral:start"))
    assert start.status_code == 200
    assert answer(client, "danger", {"in_danger": "yes"}) == step_url("urgent-help")
    assert answer(client, "urgent-help", {}) == step_url("region")
    assert answer(client, "region", {"partnership": world.partnership.pk}) == step_url("name")
    answer(client, "name", {"full_name": "Amara Nwosu"})
    answer(
        client,
        "contact",
        {
            "email": "amara@example.org",
            "phone": "07700 900 982",
            "contact_preference": "sms",
            "preferred_language": "Igbo",
        },
    )
    answer(client, "postcode", {"postcode": "b11aa"})
    answer(client, "in-uk", {"in_uk": "yes"})
    answer(client, "sponsor", {"pick": f"provider:{provider.pk}"}, "q=Kingfisher")
    # Having said they are in danger, the exploitation answer is offered first.
    assert client.get(step_url("need")).context["form"].initial["need"] == "exploitation"
    answer(client, "need", {"need": "licence_revoked"})
    answer(
        client,
        "letters",
        {
            "curtailment_letter_on_0": curtailed.day,
            "curtailment_letter_on_1": curtailed.month,
            "curtailment_letter_on_2": curtailed.year,
        },
    )
    answer(
        client,
        "visa",
        {
            "visa_expiry_0": visa_expiry.day,
            "visa_expiry_1": visa_expiry.month,
            "visa_expiry_2": visa_expiry.year,
            "home_office_reference": "a123 4567",
            "last_soc_code": "6135",
        },
    )
    answer(client, "experience", {"years_in_care": "4", "care_settings": ["nursing"]})
    answer(
        client,
        "skills",
        {"care_certificate": "yes", "level2_certificate": "no", "english_level": "everyday"},
    )
    answer(client, "work", {"hours_wanted": "30", "driving_licence": "yes", "has_car": "no"})
    assert answer(
        client, "consent", {"consent_to_share": "yes", "consent_to_profile": "no"}
    ) == reverse("selfreferral:check")
    assert client.get(reverse("selfreferral:check")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("selfreferral:check"))
    assert response["Location"] == reverse("selfreferral:confirmation")

    worker = Worker.objects.get(full_name="Amara Nwosu")
    case = worker.cases.get()
    assert case.source == Case.Source.SELF_REFERRAL
    assert case.partnership == world.partnership
    assert worker.partnership == world.partnership
    assert worker.postcode == "B1 1AA"
    assert worker.home_office_reference == "A1234567"
    assert worker.last_sponsor == provider
    assert worker.last_sponsor_name == "Kingfisher Home Care Ltd"
    assert worker.deadline == visa_expiry
    assert worker.eligibility == "eligible"
    assert (worker.years_in_care, worker.care_settings) == (4, ["nursing"])
    assert (worker.driving_licence, worker.has_car, worker.care_certificate) == (True, False, True)
    assert worker.consent_to_share is True
    assert worker.consent_to_profile is False
    assert worker.privacy_notice_seen_at is not None
    consents = {(e.purpose, e.kind) for e in ConsentEntry.objects.filter(worker=worker)}
    assert consents == {
        (ConsentEntry.PRIVACY, ConsentEntry.Kind.CONSENT_GIVEN),
        (ConsentEntry.SHARE, ConsentEntry.Kind.CONSENT_GIVEN),
    }
    assert Task.objects.filter(case=case, title__contains="in danger").exists()
    verbs = set(
        AuditEvent.objects.filter(subject_id=str(case.pk)).values_list("verb", flat=True)
    ) | set(AuditEvent.objects.filter(subject_id=str(worker.pk)).values_list("verb", flat=True))
    assert {"workers.contact_recorded", "workers.self_referral_received"} <= verbs

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["amara@example.org"]
    assert worker.reference in mailoutbox[0].subject
    assert worker.reference in mailoutbox[0].body
    assert "working days" in mailoutbox[0].body
    assert [m.to for m in sms_outbox] == ["07700 900 982"]
    assert worker.reference in sms_outbox[0].body

    # The answers are gone; the reference stays for the confirmation page only.
    assert SESSION_KEY not in client.session
    page = client.get(reverse("selfreferral:confirmation"))
    assert worker.reference in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert Client().get(reverse("selfreferral:confirmation"))["Location"] == reverse(
        "selfreferral:start"
    )


def test_with_one_partnership_it_is_used_without_asking_and_email_users_get_no_text(
    client, world, sms_outbox, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from carehub.workers.selfreferral import views

    monkeypatch.setattr(views, "_facts", lambda: ONE)
    answers = without(
        stored_answers(
            world,
            contact={"email": "b@example.org", "phone": "", "contact_preference": "email"},
            consent={"consent_to_share": "no", "consent_to_profile": "no"},
        ),
        "region",
    )
    with_answers(client, answers)
    assert client.get(step_url("region"))["Location"] == reverse("selfreferral:check")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("selfreferral:check"))
    worker = Worker.objects.get(reference=client.session[DONE_KEY])
    assert worker.partnership == Partnership.objects.first()
    # Curtailed 10 days ago, the visa runs longer: 60 days from the letter.
    assert worker.deadline == timezone.localdate() + dt.timedelta(days=50)
    purposes = ConsentEntry.objects.filter(worker=worker).values_list("purpose", flat=True)
    assert list(purposes) == [ConsentEntry.PRIVACY]
    event = AuditEvent.objects.get(
        verb="workers.self_referral_received", subject_id=str(worker.cases.get().pk)
    )
    assert event.data["new"]["consent_to_share"] is False
    assert not Task.objects.filter(case__worker=worker).exists()
    assert len(mailoutbox) == 1
    assert sms_outbox == []
