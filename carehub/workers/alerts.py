"""Daily alerts: immigration deadlines crossing a threshold, and placement follow-ups that
have fallen due. Run by the `send_deadline_alerts` command.

Both work in a fixed number of queries however many cases there are (see
docs/performance.md): cases are read once as plain rows, hub coordinators once for all
partnerships, and the cases updated in one statement per threshold (per 2,000 cases).

Each person is told once per run, with one in-app notification and one email: the alert
itself (linking to the case) when they have a single one, otherwise a digest listing their
cases (a caseworker with 40 cases crossing a threshold wants one message, not 40; a
coordinator would otherwise get thousands on the day the hub goes live).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from carehub.accounts.models import Membership, Notification, User
from carehub.accounts.roles import Role
from carehub.audit import services as audit
from carehub.core import notifications
from carehub.workers.models import Case, FollowUp

# Cases listed in a digest before "and N more" (the caseload lists them all).
DIGEST_LINES = 100
# Rows per INSERT or UPDATE, so SQLite's variable limit is never reached.
BATCH = 2000


def crossed_threshold(days_left: int, thresholds: list[int]) -> int | None:
    """The tightest threshold a number of days left has reached (or None): with thresholds
    45, 30, 14, 7, twelve days left has reached 14."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


@dataclass(frozen=True)
class Alert:
    """What to tell each recipient (user ids) about one case: alone, or as a digest line."""

    recipients: tuple[int, ...]
    title: str
    body: str
    link: str
    line: str  # how the case reads in a digest


class CaseLinks:
    """Case page URLs, reversed once rather than once per case (reverse() would cost more
    than everything else done per row)."""

    PLACEHOLDER = uuid.UUID(int=0)

    def __init__(self) -> None:
        self.template = reverse("workers:case-detail", args=[self.PLACEHOLDER])

    def __call__(self, case_uuid: uuid.UUID) -> str:
        return self.template.replace(str(self.PLACEHOLDER), str(case_uuid))


def _coordinators(partnership_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each partnership's hub coordinators (user ids), in one query."""
    found: dict[int, list[int]] = {}
    rows = (
        Membership.objects.filter(
            role=Role.HUB_COORDINATOR, organisation__partnership_id__in=set(partnership_ids)
        )
        .order_by("user_id")
        .values_list("organisation__partnership_id", "user_id")
        .distinct()
    )
    for partnership_id, user_id in rows:
        found.setdefault(partnership_id, []).append(user_id)
    return found


def _deliver(alerts: Sequence[Alert], *, digest_title: str, digest_link: str) -> int:
    """Tell each recipient about their alerts once, in the app and by email after commit:
    the alert itself when they have one, otherwise a digest listing them (the first
    DIGEST_LINES, then where to find the rest). Inactive people and service accounts get
    nothing, as with accounts.notify. Returns the number of people told."""
    wanted = {user_id for alert in alerts for user_id in alert.recipients}
    emails = dict(
        User.objects.filter(pk__in=wanted, is_active=True, is_service_account=False).values_list(
            "pk", "email"
        )
    )
    per_person: dict[int, list[Alert]] = {}
    for alert in alerts:
        for user_id in dict.fromkeys(alert.recipients):
            if user_id in emails:
                per_person.setdefault(user_id, []).append(alert)
    rows = []
    for user_id, theirs in per_person.items():
        if len(theirs) == 1:
            title, body, link = theirs[0].title, theirs[0].body, theirs[0].link
            email_body = body
        else:
            title, link = f"{len(theirs)} {digest_title}", digest_link
            listed = theirs[:DIGEST_LINES]
            more = (
                [f"- and {len(theirs) - DIGEST_LINES} more: see the caseload"]
                if len(theirs) > DIGEST_LINES
                else []
            )
            body = "\n".join([*(f"- {a.line}" for a in listed), *more])
            # The email can't link each line, so it spells out each case's address.
            email_body = "\n".join(
                [*(f"- {a.line}\n  {settings.SITE_ROOT}{a.link}" for a in listed), *more]
            )
        rows.append(Notification(user_id=user_id, title=title, body=body, link=link))
        notifications.send_email_on_commit(
            to=emails[user_id],
            template="accounts/email/notification",
            context={"title": title, "body": email_body, "link": settings.SITE_ROOT + link},
        )
    Notification.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _update_in_batches(model: Any, ids: list[int], **values: Any) -> None:
    for start in range(0, len(ids), BATCH):
        model.objects.filter(pk__in=ids[start : start + BATCH]).update(**values)


@transaction.atomic
def send_deadline_alerts(*, today: dt.date | None = None) -> dict[str, int]:
    """Alert the assigned caseworker when an open case's deadline crosses a threshold
    (settings.DEADLINE_ALERT_DAYS); unassigned or overdue cases go to the partnership's hub
    coordinators too. Each threshold alerts once per case. Each person gets one notification
    and one email per run (a digest when several of their cases crossed). Audited once per
    run."""
    today = today or timezone.localdate()
    thresholds = sorted(settings.DEADLINE_ALERT_DAYS)
    horizon = today + dt.timedelta(days=thresholds[-1])
    rows = list(
        Case.objects.exclude(status__in=[Case.Status.PLACED, Case.Status.CLOSED])
        .filter(worker__deadline__lte=horizon)
        # A case alerted at the tightest threshold has nothing left to cross.
        .filter(Q(alerted_threshold__isnull=True) | Q(alerted_threshold__gt=thresholds[0]))
        .order_by("worker__deadline", "pk")
        .values_list(
            "pk",
            "uuid",
            "alerted_threshold",
            "assigned_to_id",
            "partnership_id",
            "worker__deadline",
            "worker__reference",
            "worker__full_name",
        )
    )
    counts = {"alerted": 0, "escalated": 0, "notified": 0}
    crossed: dict[int, list[int]] = {}  # threshold -> case ids
    due: list[tuple[Any, ...]] = []
    for row in rows:
        pk, alerted, deadline = row[0], row[2], row[5]
        if deadline is None:  # excluded by the query; narrows the type
            continue
        left = (deadline - today).days
        threshold = crossed_threshold(max(left, 0), thresholds)
        if threshold is None or (alerted is not None and alerted <= threshold):
            continue
        crossed.setdefault(threshold, []).append(pk)
        due.append((*row, left))
    coordinators = _coordinators({row[4] for row in due})
    case_link = CaseLinks()
    alerts: list[Alert] = []
    for _pk, case_uuid, _alerted, assigned_id, partnership_id, deadline, ref, name, left in due:
        recipients = [assigned_id] if assigned_id else []
        if assigned_id is None or left < 0:
            recipients += coordinators.get(partnership_id, [])
            counts["escalated"] += 1
        when = "has passed" if left < 0 else f"is in {left} day{'s' if left != 1 else ''}"
        alerts.append(
            Alert(
                recipients=tuple(recipients),
                title=f"Deadline {when}: {ref}",
                body=f"{name}'s immigration deadline ({deadline:%d %B %Y}) {when}.",
                link=case_link(case_uuid),
                line=f"{ref} {name}: deadline {deadline:%d %B %Y} {when}",
            )
        )
    counts["notified"] = _deliver(
        alerts,
        digest_title="cases have crossed an immigration deadline alert",
        digest_link=reverse("workers:caseload") + f"?within={thresholds[-1]}",
    )
    for threshold, ids in crossed.items():
        _update_in_batches(Case, ids, alerted_threshold=threshold)
    counts["alerted"] = len(due)
    audit.record(actor=None, verb="workers.deadline_alerts_sent", subject=None, counts=counts)
    return counts


@transaction.atomic
def send_follow_up_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Remind the case's assigned caseworker (or, when nobody is assigned, the partnership's
    hub coordinators) of each placement follow-up due by today and not yet done, once:
    `reminded_on` is set so the next run skips it. Each person gets one notification and
    one email per run (a digest when several follow-ups are theirs). Audited once per run."""
    today = today or timezone.localdate()
    rows = list(
        FollowUp.objects.filter(due_on__lte=today, done_at__isnull=True, reminded_on__isnull=True)
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "days_after",
            "due_on",
            "case__uuid",
            "case__assigned_to_id",
            "case__partnership_id",
            "case__worker__reference",
            "case__worker__full_name",
        )
    )
    coordinators = _coordinators({row[5] for row in rows if row[4] is None})
    counts = {"reminded": 0, "escalated": 0, "notified": 0}
    case_link = CaseLinks()
    alerts: list[Alert] = []
    for _pk, days_after, due_on, case_uuid, assigned_id, partnership_id, ref, name in rows:
        if assigned_id is None:
            recipients = coordinators.get(partnership_id, [])
            counts["escalated"] += 1
        else:
            recipients = [assigned_id]
        when = "is due today" if due_on == today else f"was due on {due_on:%d %B %Y}"
        alerts.append(
            Alert(
                recipients=tuple(recipients),
                title=f"{days_after}-day follow-up due: {ref}",
                body=(
                    f"The {days_after}-day follow-up for {name} {when}: check they are still "
                    "employed and their visa has been granted, and record it on the case."
                ),
                link=case_link(case_uuid),
                line=f"{ref} {name}: {days_after}-day follow-up {when}",
            )
        )
    counts["notified"] = _deliver(
        alerts,
        digest_title="placement follow-ups are due",
        digest_link=reverse("workers:caseload") + "?status=placed",
    )
    _update_in_batches(FollowUp, [row[0] for row in rows], reminded_on=today)
    counts["reminded"] = len(rows)
    audit.record(actor=None, verb="workers.follow_up_reminders_sent", subject=None, counts=counts)
    return counts
