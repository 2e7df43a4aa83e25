from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from carehub.audit.models import AccessEvent, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_partnerships_events(world, client_for):
    response = client_for("hub_coordinator").get(reverse("audit:event-list"))
    events = list(response.context["page"])
    assert events
    assert {event.partnership_id for event in events} == {world.partnership.pk}


def test_it_filters_by_verb(client_for):
    response = client_for("hub_coordinator").get(
        reverse("audit:event-list"), {"verb": "accounts.invitation_sent"}
    )
    assert {event.verb for event in response.context["page"]} == {"accounts.invitation_sent"}


def test_it_lists_events_in_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("hub_coordinator")
    with django_assert_max_num_queries(10):
        client.get(reverse("audit:event-list"))


def test_it_exports_csv_and_records_the_export(world, client_for):
    response = client_for("system_admin").get(reverse("audit:event-export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["seq", "occurred_at", "actor", "verb"]
    assert len(rows) - 1 == AuditEvent.objects.filter(partnership=world.partnership).count()
    access = AccessEvent.objects.get(user=world.user("system_admin"))
    assert access.action == AccessEvent.Action.EXPORT
    assert access.partnership == world.partnership
