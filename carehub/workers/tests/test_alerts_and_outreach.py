from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from carehub.accounts.models import Notification
from carehub.demo import registers as demo
from carehub.providers import services as providers
from carehub.providers.models import Provider
from carehub.registers import services as registers
from carehub.registers import synthetic
from carehub.workers import alerts, services
from carehub.workers.models import Case, Worker

pytestmark = pytest.mark.django_db
THRESHOLDS = [45, 30, 14, 7]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(60, None), (46, None), (45, 45), (31, 45), (30, 30), (12, 14), (7, 7), (0, 7)],
)
def test_it_finds_the_tightest_threshold_reached(days, expected):
    assert alerts.crossed_threshold(days, THRESHOLDS) == expected


def alerts_about(name: str) -> set[str]:
    reference = Worker.objects.get(full_name=name).reference
    return set(
        Notification.objects.filter(title__contains=reference).values_list("user__email", flat=True)
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
