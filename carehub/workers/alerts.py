"""Daily alerts: immigration deadlines crossing a threshold. Run by the
`send_deadline_alerts` command."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from carehub.accounts.models import User
from carehub.audit import services as audit
from carehub.workers.models import Case


def crossed_threshold(days_left: int, thresholds: list[int]) -> int | None:
    """The tightest threshold a number of days left has reached (or None): with thresholds
    45, 30, 14, 7, twelve days left has reached 14."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


@transaction.atomic
def send_deadline_alerts(*, today: dt.date | None = None) -> dict[str, int]:
    """Alert the assigned caseworker when an open case's deadline crosses a threshold
    (settings.DEADLINE_ALERT_DAYS); unassigned or overdue cases go to the partnership's hub
    coordinators too. Each threshold alerts once per case. Audited once per run."""
    from django.conf import settings
    from django.urls import reverse

    from carehub.accounts import services as accounts
    from carehub.accounts.roles import Role

    today = today or timezone.localdate()
    thresholds = list(settings.DEADLINE_ALERT_DAYS)
    horizon = today + dt.timedelta(days=max(thresholds))
    counts = {"alerted": 0, "escalated": 0}
    cases = (
        Case.objects.exclude(status__in=[Case.Status.PLACED, Case.Status.CLOSED])
        .filter(worker__deadline__lte=horizon)
        .select_related("worker", "assigned_to", "partnership")
    )
    for case in cases:
        left = (case.worker.deadline - today).days  # type: ignore[operator]
        threshold = crossed_threshold(max(left, 0), thresholds)
        if threshold is None or (
            case.alerted_threshold is not None and case.alerted_threshold <= threshold
        ):
            continue
        recipients = [case.assigned_to] if case.assigned_to else []
        if case.assigned_to is None or left < 0:
            recipients += list(
                User.objects.filter(
                    memberships__role=Role.HUB_COORDINATOR,
                    memberships__organisation__partnership=case.partnership,
                ).distinct()
            )
            counts["escalated"] += 1
        when = "has passed" if left < 0 else f"is in {left} day{'s' if left != 1 else ''}"
        accounts.notify(
            users=recipients,
            title=f"Deadline {when}: {case.worker.reference}",
            body=(
                f"{case.worker.full_name}'s immigration deadline "
                f"({case.worker.deadline:%d %B %Y}) {when}."
            ),
            link=reverse("workers:case-detail", args=[case.uuid]),
        )
        Case.objects.filter(pk=case.pk).update(alerted_threshold=threshold)
        counts["alerted"] += 1
    audit.record(actor=None, verb="workers.deadline_alerts_sent", subject=None, counts=counts)
    return counts
