"""Working on a case: status, follow-ups, tasks, notes, documents, referrals with the
consent ledger, and merging duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carehub.accounts.models import Notification
from carehub.audit.models import AccessEvent, AuditEvent
from carehub.demo.workers import DEMO_PDF
from carehub.workers import services
from carehub.workers.models import Case, ConsentEntry, Document, FollowUp, Referral, Worker

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def case_of(name: str) -> Case:
    return Case.objects.select_related("worker").get(worker__full_name=name)


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("new", "triage", True),
        ("new", "placed", False),
        ("triage", "active", True),
        ("triage", "introduced", False),
        ("active", "introduced", True),
        ("active", "placed", True),
        ("introduced", "active", True),
        ("placed", "active", True),
        ("placed", "introduced", False),
        ("closed", "triage", True),
        ("closed", "active", False),
    ],
)
def test_it_allows_only_the_defined_status_changes(world, start, to, allowed):
    case = case_of("Chidi Okonkwo")
    Case.objects.filter(pk=case.pk).update(status=start)
    case.refresh_from_db()
    extra = {"placed_on": timezone.localdate()} if to == "placed" else {}
    if allowed:
        services.change_status(case=case, to=to, actor=world.user("hub_caseworker"), **extra)
        assert Case.objects.get(pk=case.pk).status == to
    else:
        with pytest.raises(ValidationError):
            services.change_status(case=case, to=to, actor=world.user("hub_caseworker"), **extra)
        assert Case.objects.get(pk=case.pk).status == start


def test_it_needs_an_outcome_to_close_and_a_start_date_to_place(world):
    case = case_of("Chidi Okonkwo")
    actor = world.user("hub_caseworker")
    with pytest.raises(ValidationError, match="outcome"):
        services.change_status(case=case, to="closed", actor=actor)
    with pytest.raises(ValidationError, match="job started"):
        services.change_status(case=case, to="placed", actor=actor)
    services.change_status(case=case, to="closed", outcome="left_uk", actor=actor)
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "left_uk")
    assert case.closed_at is not None


@override_settings(PLACEMENT_FOLLOW_UP_DAYS=[30, 60, 90, 180])
def test_a_placement_schedules_follow_ups_once(world):
    case = case_of("Chidi Okonkwo")
    actor = world.user("hub_caseworker")
    start = dt.date(2026, 12, 1)
    services.change_status(case=case, to="placed", placed_on=start, actor=actor)
    dues = list(case.follow_ups.values_list("days_after", "due_on"))
    assert dues == [
        (30, dt.date(2026, 12, 31)),
        (60, dt.date(2027, 1, 30)),
        (90, dt.date(2027, 3, 1)),
        (180, dt.date(2027, 5, 30)),
    ]
    services.record_follow_up(
        follow_up=case.follow_ups.get(days_after=30),
        still_employed=True,
        visa_granted=True,
        actor=actor,
    )
    # The job fell through and a new one started: undone checks move, done ones stay.
    services.change_status(case=case, to="active", actor=actor)
    services.change_status(case=case, to="placed", placed_on=dt.date(2027, 2, 1), actor=actor)
    assert case.follow_ups.count() == 4
    assert case.follow_ups.get(days_after=30).due_on == dt.date(2026, 12, 31)
    assert case.follow_ups.get(days_after=60).due_on == dt.date(2027, 4, 2)


@pytest.mark.parametrize(
    ("placed_on", "days", "expected"),
    [
        (dt.date(2028, 1, 30), [30], [(30, dt.date(2028, 2, 29))]),  # leap year
        (dt.date(2027, 1, 30), [30], [(30, dt.date(2027, 3, 1))]),
        (
            dt.date(2027, 1, 1),
            [60, 30, 30],
            [(30, dt.date(2027, 1, 31)), (60, dt.date(2027, 3, 2))],
        ),
        (dt.date(2027, 1, 1), [], []),
    ],
)
def test_it_works_out_follow_up_dates(placed_on, days, expected):
    assert services.follow_up_dates(placed_on, days) == expected


@pytest.mark.parametrize("member", ["council_lead", "partner_caseworker", "provider_manager"])
def test_only_case_workers_change_cases(world, member):
    case = case_of("Chidi Okonkwo")
    with pytest.raises(PermissionDenied):
        services.change_status(case=case, to="introduced", actor=world.user(member))
    with pytest.raises(PermissionDenied):
        services.add_note(case=case, text="x", actor=world.user(member))


def test_tasks_are_done_once_and_assigned_only_to_case_workers(world):
    case = case_of("Chidi Okonkwo")
    actor = world.user("hub_caseworker")
    with pytest.raises(ValidationError):
        services.add_task(
            case=case,
            title="Call",
            due_on=timezone.localdate(),
            assigned_to=world.user("provider_manager"),
            actor=actor,
        )
    task = services.add_task(
        case=case, title="Call", due_on=timezone.localdate(), assigned_to=actor, actor=actor
    )
    services.complete_task(task=task, actor=actor)
    with pytest.raises(ValidationError, match="already done"):
        services.complete_task(task=task, actor=actor)


def test_a_note_is_audited_without_its_text(world):
    case = case_of("Chidi Okonkwo")
    services.add_note(case=case, text="Sensitive detail", actor=world.user("hub_caseworker"))
    event = AuditEvent.objects.filter(verb="workers.note_added").latest("occurred_at")
    assert "Sensitive" not in str(event.data)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("letter.pdf", DEMO_PDF, None),
        ("photo.png", PNG, None),
        ("letter.pdf", b"just some text, not a PDF at all", "must be a PDF"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "must be a PDF"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", DEMO_PDF + b"0" * (1024 * 1024), "smaller than 1 MB"),
    ],
)
@override_settings(DOCUMENT_MAX_MB=1)
def test_it_checks_a_documents_size_and_real_type(world, name, content, error):
    case = case_of("Chidi Okonkwo")
    before = Document.objects.count()
    upload = SimpleUploadedFile(name, content)
    if error is None:
        document = services.add_document(
            case=case, kind="other", upload=upload, actor=world.user("hub_caseworker")
        )
        assert document.size == len(content)
        assert name not in document.file.name  # stored under a random name
        assert document.file.read() == content
    else:
        with pytest.raises(ValidationError, match=error):
            services.add_document(
                case=case, kind="other", upload=upload, actor=world.user("hub_caseworker")
            )
        assert Document.objects.count() == before


def test_a_document_is_served_only_after_a_permission_check(world, client_for):
    case = case_of("Chidi Okonkwo")
    document = case.documents.get()
    url = reverse("workers:document-download", args=[case.uuid, document.uuid])
    response = client_for("council_lead").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == DEMO_PDF
    assert AccessEvent.objects.filter(subject_id=str(document.pk)).exists()
    # A receiver of a referral of this case still never sees its files.
    services.refer_case(
        case=case,
        to_organisation=world.partnership.organisations.get(
            name="Heartlands Migrant Workers Advice Centre"
        ),
        purpose="Help",
        groups=["contact", "immigration", "location", "work_profile"],
        actor=world.user("hub_caseworker"),
    )
    assert client_for("partner_caseworker").get(url).status_code == 404


def heartlands(world):
    return world.partnership.organisations.get(name="Heartlands Migrant Workers Advice Centre")


@pytest.mark.parametrize(
    ("consented", "basis", "reason", "error"),
    [
        (True, "consent", "", None),
        (False, "consent", "", "not agreed"),
        (False, "vital_interests", "", "without consent"),
        (False, "vital_interests", "Threat of violence reported", None),
        (True, "made_up", "", "lawful basis"),
    ],
)
def test_a_referral_records_the_disclosure_and_its_lawful_basis(
    world, consented, basis, reason, error
):
    case = case_of("Chidi Okonkwo")
    Worker.objects.filter(pk=case.worker_id).update(consent_to_share=consented)
    case.worker.refresh_from_db()
    before = ConsentEntry.objects.count()
    call = lambda: services.refer_case(  # noqa: E731
        case=case,
        to_organisation=heartlands(world),
        purpose="English classes",
        groups=["contact", "work_profile"],
        lawful_basis=basis,
        override_reason=reason,
        actor=world.user("hub_caseworker"),
    )
    if error:
        with pytest.raises(ValidationError, match=error):
            call()
        assert ConsentEntry.objects.count() == before
        return
    referral = call()
    entry = ConsentEntry.objects.latest("created_at")
    assert (entry.kind, entry.lawful_basis, entry.recipient) == (
        "disclosure",
        basis,
        heartlands(world),
    )
    assert entry.override_reason == reason
    assert {"full_name", "email", "english_level"} <= set(entry.fields)
    assert "home_office_reference" not in entry.fields
    assert Notification.objects.filter(
        user=world.user("partner_caseworker"), link__contains=str(referral.uuid)
    ).exists()


def test_it_refers_only_to_councils_and_partners_in_the_partnership(world):
    case = case_of("Chidi Okonkwo")
    for name in ("Brindley Court Care Ltd", "Horizon Global Staffing Ltd"):
        with pytest.raises(ValidationError, match="council or partner"):
            services.refer_case(
                case=case,
                to_organisation=world.partnership.organisations.get(name=name),
                purpose="x",
                groups=["contact"],
                actor=world.user("hub_caseworker"),
            )


@pytest.mark.parametrize(
    ("start", "action", "member", "outcome"),
    [
        ("pending", "accept", "partner_caseworker", "accepted"),
        ("pending", "reject", "partner_caseworker", "needs reason"),
        ("pending", "complete", "partner_caseworker", "invalid"),
        ("accepted", "complete", "partner_caseworker", "completed"),
        ("rejected", "accept", "partner_caseworker", "invalid"),
        ("pending", "accept", "hub_caseworker", "denied"),
        ("pending", "withdraw", "hub_caseworker", "withdrawn"),
        ("pending", "withdraw", "partner_caseworker", "denied"),
        ("completed", "withdraw", "hub_caseworker", "invalid"),
    ],
)
def test_referral_answers_follow_the_rules(world, start, action, member, outcome):
    referral = Referral.objects.get(case__worker__full_name="Tendai Moyo")
    Referral.objects.filter(pk=referral.pk).update(status=start)
    referral.refresh_from_db()
    call = lambda reason="": services.respond_to_referral(  # noqa: E731
        referral=referral, action=action, reason=reason, actor=world.user(member)
    )
    if outcome == "denied":
        with pytest.raises(PermissionDenied):
            call()
    elif outcome == "invalid":
        with pytest.raises(ValidationError, match="cannot be"):
            call()
    elif outcome == "needs reason":
        with pytest.raises(ValidationError, match="why"):
            call()
        call("We only cover Birmingham")
        assert Referral.objects.get(pk=referral.pk).status == "rejected"
    else:
        call()
        assert Referral.objects.get(pk=referral.pk).status == outcome


def test_a_receiver_sees_only_the_shared_parts_of_a_case(world, client_for):
    case = case_of("Tendai Moyo")
    Worker.objects.filter(pk=case.worker_id).update(
        home_office_reference="TEN-1234-5678", postcode="B70 7NT"
    )
    url = reverse("workers:case-detail", args=[case.uuid])
    partner = client_for("partner_caseworker").get(url)
    assert partner.status_code == 200
    assert b"tendai@worker.demo" in partner.content  # contact was shared
    assert b"TEN-1234-5678" not in partner.content  # immigration was not
    assert b"B70 7NT" not in partner.content
    assert b"Notes (staff only)" not in partner.content
    hub = client_for("hub_caseworker").get(url)
    assert b"TEN-1234-5678" in hub.content
    # Once the referral is rejected the partner no longer sees the case at all.
    referral = case.referrals.get()
    services.respond_to_referral(
        referral=referral, action="reject", reason="Full", actor=world.user("partner_caseworker")
    )
    assert client_for("partner_caseworker").get(url).status_code == 404


def test_merging_keeps_both_originals_and_moves_the_cases(world):
    keep = Worker.objects.get(full_name="Grace Mensah")
    duplicate = Worker.objects.get(full_name="Grace Mensa")
    Worker.objects.filter(pk=duplicate.pk).update(phone="07700 900123")
    duplicate.refresh_from_db()
    assert any(other.pk == duplicate.pk for other, _ in services.duplicate_candidates(keep))
    with pytest.raises(ValidationError, match="why"):
        services.merge_workers(
            keep=keep, duplicate=duplicate, reason=" ", actor=world.user("hub_caseworker")
        )
    services.merge_workers(
        keep=keep,
        duplicate=duplicate,
        reason="Same email address; confirmed by phone",
        actor=world.user("hub_caseworker"),
    )
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.phone == "07700 900123"  # filled from the duplicate
    statuses = sorted(keep.cases.values_list("status", "outcome"))
    assert ("closed", "duplicate") in statuses
    assert not duplicate.cases.exists()
    event = AuditEvent.objects.get(verb="workers.workers_merged")
    assert event.data["old"]["duplicate"]["full_name"] == "Grace Mensa"
    assert event.data["old"]["kept"]["full_name"] == "Grace Mensah"
    assert services.duplicate_candidates(keep) == []
    with pytest.raises(ValidationError, match="already been merged"):
        services.merge_workers(
            keep=keep, duplicate=duplicate, reason="again", actor=world.user("hub_caseworker")
        )


def test_the_case_page_takes_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    case = case_of("Chidi Okonkwo")
    client = client_for("hub_caseworker")
    url = reverse("workers:case-detail", args=[case.uuid])
    client.get(url)
    # Matching runs a few queries per provider with open vacancies (five in the demo).
    with django_assert_max_num_queries(50) as small:
        client.get(url)
    actor = world.user("hub_caseworker")
    for number in range(15):
        services.add_task(
            case=case,
            title=f"Task {number}",
            due_on=timezone.localdate(),
            assigned_to=actor,
            actor=actor,
        )
        services.add_note(case=case, text=f"Note {number}", actor=actor)
        services.add_document(
            case=case, kind="other", upload=SimpleUploadedFile("a.pdf", DEMO_PDF), actor=actor
        )
    # Follow-ups without placing the case, so its matching section still runs.
    FollowUp.objects.bulk_create(
        FollowUp(case=case, days_after=d, due_on=timezone.localdate()) for d in (30, 60, 90)
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.count(b"Mark done") == 16


def test_a_form_error_changes_nothing_and_shows_the_summary(world, client_for):
    case = case_of("Chidi Okonkwo")
    before = case.tasks.count()
    response = client_for("hub_caseworker").post(
        reverse("workers:task-create", args=[case.uuid]), {"title": ""}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert case.tasks.count() == before


def test_the_referrals_list_shows_each_side_its_referrals(world, client_for):
    response = client_for("partner_caseworker").get(reverse("workers:referral-list"))
    assert b"Tendai" not in response.content or b"CWH-" in response.content
    assert response.context["page"].paginator.count == 1
    hub = client_for("hub_coordinator").get(reverse("workers:referral-list") + "?status=pending")
    assert hub.context["page"].paginator.count == 2


def test_follow_ups_exist_for_the_demo_placement(world):
    case = case_of("Ravi Kumar")
    assert FollowUp.objects.filter(case=case, done_at__isnull=False).count() == 1
    assert case.follow_ups.count() == 4
