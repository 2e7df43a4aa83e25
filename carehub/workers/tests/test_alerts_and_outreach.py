from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carehub.accounts.models import Notification
from carehub.audit.models import AuditEvent
from carehub.demo import registers as demo
from carehub.providers import services as providers
from carehub.providers.models import Provider
from carehub.registers import services as registers
from carehub.registers import synthetic
from carehub.workers import alerts, services
from carehub.workers.models import Case, FollowUp, Worker

pytestmark = pytest.mark.django_db
THRESHOLDS = [45, 30, 14, 7]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(60, None), (46, None), (45, 45), (31, 45), (30, 30), (12, 14), (7, 7), (0, 7)],
)
def test_it_finds_the_tightest_threshold_reached(days, expected):
    assert alerts.crossed_threshold(days, THRESHOLDS) == expected


def alerts_about(name: str) -> set[str]:
    """Who was told about a worker's case: by an alert of its own or in a digest."""
    reference = Worker.objects.get(full_name=name).reference
    return set(
        Notification.objects.filter(
            Q(title__contains=reference) | Q(body__contains=f"- {reference} ")
        ).values_list("user__email", flat=True)
    )


def test_it_alerts_the_caseworker_once_per_threshold_and_escalates_overdue_cases(world):
    out = io.StringIO()
    call_command("send_deadline_alerts", stdout=out)
    caseworker, coordinator = (
        world.user("hub_caseworker").email,
        world.user("hub_coordinator").email,
    )
    assert alerts_about("Chidi Okonkwo") == {caseworker}  # 5 days left, assigned
    assert alerts_about("Joseph Banda") == {caseworker, coordinator}  # overdue: escalated
    assert alerts_about("Grace Mensah") == set()  # 55 days left: no threshold yet
    assert alerts_about("Ravi Kumar") == set()  # placed
    before = Notification.objects.count()
    call_command("send_deadline_alerts", stdout=io.StringIO())
    assert Notification.objects.count() == before  # each threshold alerts once


def test_it_alerts_again_when_the_next_threshold_is_crossed(world):
    alerts.send_deadline_alerts()
    case = Case.objects.get(worker__full_name="Anjali Nair")  # 40 days left
    assert case.alerted_threshold == 45
    later = timezone.localdate() + dt.timedelta(days=12)  # 28 days left
    alerts.send_deadline_alerts(today=later)
    case.refresh_from_db()
    assert case.alerted_threshold == 30


def test_it_escalates_an_unassigned_case_to_the_coordinators(world):
    case = Case.objects.get(worker__full_name="Grace Mensah")
    alerts.send_deadline_alerts(today=timezone.localdate() + dt.timedelta(days=20))  # 35 left
    assert alerts_about("Grace Mensah") == {world.user("hub_coordinator").email}
    case.refresh_from_db()
    assert case.alerted_threshold == 45


def test_a_revocation_opens_outreach_cases_for_the_workers_the_provider_sponsored(world):
    brindley = Provider.objects.get(organisation__name="Brindley Court Care Ltd")
    worker = services.record_contact(
        partnership=world.partnership,
        source="phone",
        first_contact_at=timezone.now(),
        details={"full_name": "Esther Phiri", "need": "insufficient_work"},
        actor=world.user("hub_caseworker"),
    ).worker
    Case.objects.filter(worker=worker).update(status=Case.Status.CLOSED)
    Worker.objects.filter(pk=worker.pk).update(last_sponsor=brindley)
    rows = [r for r in demo.register_rows(later=True) if r.name != "Brindley Court Care Ltd"]
    result = registers.import_sponsor_register(raw=synthetic.to_csv(rows), min_rows=100)
    providers.watch_licences(changes=result.snapshot.changes.select_related("entry"))
    outreach = Case.objects.get(worker=worker, source=Case.Source.LICENCE_WATCH)
    assert outreach.licence_change.provider == brindley
    assert outreach.status == Case.Status.NEW


# Scale-relevant edges: several cases for one caseworker, two partnerships, cases that must
# not alert. (worker name, partnership, assigned cast member, days left, status, who is
# alerted, threshold recorded)
SCALE_TABLE = [
    ("Ama One", "partnership", "hub_caseworker", 3, "active", {"hub_caseworker"}, 7),
    ("Ama Two", "partnership", "hub_caseworker", 13, "active", {"hub_caseworker"}, 14),
    ("Ama Three", "partnership", "hub_caseworker", 44, "triage", {"hub_caseworker"}, 45),
    (
        "Ama Four",
        "partnership",
        "hub_caseworker",
        -2,
        "active",
        {"hub_caseworker", "hub_coordinator"},
        7,
    ),
    ("Ama Five", "partnership", None, 10, "new", {"hub_coordinator"}, 14),
    ("Bo One", "other_partnership", None, 20, "new", {"other_partnership"}, 30),
    ("Bo Two", "other_partnership", None, -5, "triage", {"other_partnership"}, 7),
    ("Cy One", "partnership", "hub_caseworker", 46, "active", set(), None),  # not yet
    ("Cy Two", "partnership", "hub_caseworker", 3, "closed", set(), None),
    ("Cy Three", "other_partnership", None, 3, "placed", set(), None),
]


def add_cases(world, table, *, prefix: str = "") -> None:
    today = timezone.localdate()
    for name, partnership, assigned, days, status, _who, _threshold in table:
        owner = getattr(world, partnership)
        worker = Worker.objects.create(
            partnership=owner, full_name=prefix + name, deadline=today + dt.timedelta(days=days)
        )
        Case.objects.create(
            worker=worker,
            partnership=owner,
            status=status,
            source=Case.Source.PHONE,
            first_contact_at=timezone.now(),
            assigned_to=world.user(assigned) if assigned else None,
        )


@pytest.mark.parametrize(
    ("name", "partnership", "assigned", "days", "status", "who", "threshold"), SCALE_TABLE
)
def test_alerts_across_caseworkers_and_partnerships(
    world, name, partnership, assigned, days, status, who, threshold
):
    add_cases(world, SCALE_TABLE)
    alerts.send_deadline_alerts()
    assert alerts_about(name) == {world.user(member).email for member in who}
    assert Case.objects.get(worker__full_name=name).alerted_threshold == threshold


def test_each_person_gets_one_email_per_run_and_a_second_run_sends_nothing(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    add_cases(world, SCALE_TABLE)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        counts = alerts.send_deadline_alerts()
    recipients = [message.to[0] for message in mailoutbox]
    assert len(recipients) == len(set(recipients)) == counts["notified"]
    assert Notification.objects.count() - before == counts["notified"]  # one each
    caseworker = world.user("hub_caseworker").email
    digest = next(m for m in mailoutbox if m.to == [caseworker])
    for name in ("Ama One", "Ama Two", "Ama Three", "Ama Four"):
        assert Worker.objects.get(full_name=name).reference in digest.body
    assert "Cy One" not in digest.body
    # The other partnership's coordinator hears only of their own cases.
    theirs = next(m for m in mailoutbox if m.to == [world.user("other_partnership").email])
    assert "Bo One" in theirs.body
    assert "Bo Two" in theirs.body
    assert "Ama" not in theirs.body

    notifications, thresholds = (
        Notification.objects.count(),
        sorted(Case.objects.values_list("pk", "alerted_threshold")),
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = alerts.send_deadline_alerts()
    assert again == {"alerted": 0, "escalated": 0, "notified": 0}
    assert mailoutbox == []
    assert Notification.objects.count() == notifications
    assert sorted(Case.objects.values_list("pk", "alerted_threshold")) == thresholds
    assert AuditEvent.objects.filter(verb="workers.deadline_alerts_sent").count() == 2


def test_alerts_take_the_same_queries_for_ten_cases_as_for_forty(world):
    def queries_for(copies: int) -> int:
        for number in range(copies):
            add_cases(world, SCALE_TABLE, prefix=f"{copies}-{number} ")
        with CaptureQueriesContext(connection) as queries:
            alerts.send_deadline_alerts()
        return len(queries)

    assert queries_for(1) == queries_for(4)


def due_follow_up(world, name: str, *, due_in: int, done: bool, reminded: bool) -> FollowUp:
    today = timezone.localdate()
    case = Case.objects.get(worker__full_name=name, partnership=world.partnership)
    return FollowUp.objects.create(
        case=case,
        days_after=120,
        due_on=today + dt.timedelta(days=due_in),
        done_at=timezone.now() if done else None,
        reminded_on=today - dt.timedelta(days=1) if reminded else None,
    )


# (worker, due in days, done, already reminded, who is reminded)
REMINDER_TABLE = [
    ("Ravi Kumar", 0, False, False, {"hub_caseworker"}),  # due today, assigned
    ("Ravi Kumar", -3, False, False, {"hub_caseworker"}),  # overdue
    ("Ravi Kumar", 1, False, False, set()),  # not due yet
    ("Ravi Kumar", -3, True, False, set()),  # done
    ("Ravi Kumar", -3, False, True, set()),  # reminded on an earlier run
    ("Grace Mensah", -1, False, False, {"hub_coordinator"}),  # unassigned: coordinators
]


@pytest.mark.parametrize(("name", "due_in", "done", "reminded", "who"), REMINDER_TABLE)
def test_follow_up_reminders(world, name, due_in, done, reminded, who):
    follow_up = due_follow_up(world, name, due_in=due_in, done=done, reminded=reminded)
    reference = follow_up.case.worker.reference
    alerts.send_follow_up_reminders()
    about_it = Q(title=f"120-day follow-up due: {reference}") | Q(
        body__contains=f"- {reference} {name}: 120-day follow-up"
    )
    reminded_to = set(Notification.objects.filter(about_it).values_list("user__email", flat=True))
    assert reminded_to == {world.user(member).email for member in who}
    follow_up.refresh_from_db()
    if who:
        assert follow_up.reminded_on == timezone.localdate()
    # Once: a second run reminds nobody again.
    assert alerts.send_follow_up_reminders()["reminded"] == 0
    assert Notification.objects.filter(about_it).count() == len(who)


def test_follow_up_reminders_for_one_caseworker_come_in_one_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker = world.user("hub_caseworker")
    cases = list(Case.objects.filter(partnership=world.partnership, assigned_to=caseworker)[:3])
    for number, case in enumerate(cases):
        FollowUp.objects.create(
            case=case, days_after=200 + number, due_on=timezone.localdate() - dt.timedelta(days=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        counts = alerts.send_follow_up_reminders()
    assert counts["reminded"] >= 3
    mine = [m for m in mailoutbox if m.to == [caseworker.email]]
    assert len(mine) == 1
    for case in cases:
        assert case.worker.reference in mine[0].body
    assert AuditEvent.objects.filter(verb="workers.follow_up_reminders_sent").count() == 1


def test_the_daily_command_sends_alerts_and_reminders(world):
    due_follow_up(world, "Ravi Kumar", due_in=-1, done=False, reminded=False)
    out = io.StringIO()
    call_command("send_deadline_alerts", stdout=out)
    assert "cases alerted" in out.getvalue()
    assert "1 follow-ups reminded" in out.getvalue()
