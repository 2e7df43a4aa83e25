from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from carehub.workers import alerts


class Command(BaseCommand):
    help = (
        "Alert caseworkers about cases whose immigration deadline has crossed a threshold "
        "(DEADLINE_ALERT_DAYS), escalating unassigned or overdue cases, and remind them of "
        "placement follow-ups that have fallen due. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = alerts.send_deadline_alerts()
        self.stdout.write(
            f"{counts['alerted']} cases alerted, {counts['escalated']} escalated, "
            f"{counts['notified']} people notified"
        )
        reminders = alerts.send_follow_up_reminders()
        self.stdout.write(
            f"{reminders['reminded']} follow-ups reminded, {reminders['escalated']} to "
            f"coordinators, {reminders['notified']} people notified"
        )
