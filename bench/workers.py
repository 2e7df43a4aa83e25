"""Benchmark: the caseload, the case page and the daily alerts at scale (issue target: with
100,000 workers and 150,000 cases in PostgreSQL, the caseload page and the case page each
<= 100 ms median server time in a fixed number of queries whatever the page; the
`send_deadline_alerts` run over all cases <= 10 s).

1. Synthetic, fictional data is loaded with COPY: first a 1,000-case database (the pages'
   baseline), then grown to the full size. Deadlines run from 30 days overdue to a year
   ahead; statuses are mixed; ~30% of cases are assigned; workers live in the 14 West
   Midlands councils or belong to a second partnership. 30 "rich" cases carry 20-50 tasks,
   notes, documents, referrals, follow-ups, consent entries and audit events each.
2. Pages are fetched with Django's test Client (a hub coordinator with two-factor passed),
   median and p95 over REQUESTS requests per page, and the queries of one request counted.
   The case pages are measured again with indexes that would serve the duplicate check
   (created in the scratch database, then dropped), and the slowest queries are printed.
3. Alerts: the naive per-case implementation (the code before this benchmark, kept below)
   is the baseline; both are timed on a first run (every threshold crossed at once) and a
   second run (nothing new), with the state reset in between. Follow-up reminders too.

Run against an empty scratch database:
    createdb -h 127.0.0.1 -U postgres carehub_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carehub_bench DEBUG=True \\
        .venv/bin/python -m bench.workers
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

WORKERS = int(os.environ.get("BENCH_WORKERS", "100000"))
CASES = int(os.environ.get("BENCH_CASES", "150000"))
SMALL_CASES = 1000
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
# BENCH_PAGES_ONLY=1 measures the pages and skips the (slow, minutes-long) alerts baseline.
PAGES_ONLY = os.environ.get("BENCH_PAGES_ONLY") == "1"
RICH_CASES = 30
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
FIRST = [
    "Amara",
    "Chidi",
    "Grace",
    "Ravi",
    "Anjali",
    "Joseph",
    "Mercy",
    "Tendai",
    "Maria",
    "Jose",
    "Fatima",
    "Samuel",
    "Priya",
    "Esther",
    "Kwame",
    "Blessing",
    "Arjun",
    "Rose",
]
LAST = [
    "Okafor",
    "Mensah",
    "Kumar",
    "Nair",
    "Banda",
    "Phiri",
    "Santos",
    "Reyes",
    "Khan",
    "Moyo",
    "Owusu",
    "Patel",
    "Adeyemi",
    "Cruz",
    "Mutasa",
    "Boateng",
    "Das",
    "Njoroge",
]
NATIONALITIES = ["Indian", "Nigerian", "Zimbabwean", "Filipino", "Ghanaian", "Kenyan"]
# Open statuses dominate a live caseload; weights are rough.
STATUSES = [("new", 15), ("triage", 15), ("active", 30), ("introduced", 10), ("placed", 10),
            ("closed", 20)]  # fmt: skip


def reference(number: int) -> str:
    """Unique by construction (base 32 of the id), unlike the random default."""
    chars = []
    for _ in range(6):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "CWH-" + "".join(reversed(chars))


def copy_into(model: Any, rows: Iterable[dict[str, Any]], *, ids: bool = True) -> None:
    """PostgreSQL COPY of rows given as {attname: value}, filling every other column with
    its default, so no per-row ORM work is done. With `ids` the rows bring their own
    primary keys (so related rows can be written without reading ids back)."""
    from django.core.management.color import no_style
    from django.db import connection, models
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if ids or not f.primary_key]

    def filler(field: Any) -> Callable[[], Any]:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return lambda: now
        if field.has_default():
            if callable(field.default):
                return field.get_default  # type: ignore[no-any-return]
            value = field.get_default()
            return lambda: value
        return (lambda: None) if field.null else (lambda: "")

    fill = {field.attname: filler(field) for field in fields}
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = []
                for field in fields:
                    value = row[field.attname] if field.attname in row else fill[field.attname]()
                    if field.attname in json_fields:
                        value = json.dumps(value)
                    values.append(value)
                copy.write_row(values)
        if ids:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


class Cast:
    """The people and organisations the synthetic cases belong to."""

    def __init__(self) -> None:
        from django.db import transaction

        from carehub.accounts import services as accounts
        from carehub.accounts.models import User
        from carehub.accounts.roles import OrganisationKind, Role
        from carehub.core.models import LocalAuthority, Region

        def member(organisation: Any, name: str, role: str) -> User:
            return accounts.create_member(
                email=f"{name}@bench.example",
                full_name=name.replace("-", " ").title(),
                password=None,
                organisation=organisation,
                role=role,
                actor=None,
                check_permission=False,
            )

        with transaction.atomic():
            self.wm, self.wm_hub = accounts.create_partnership(
                name="West Midlands Bench Partnership",
                region=Region.objects.get(gss_code="E12000005"),
                hub_name="West Midlands Bench Hub",
            )
            self.em, em_hub = accounts.create_partnership(
                name="East Midlands Bench Partnership",
                region=Region.objects.get(gss_code="E12000004"),
                hub_name="East Midlands Bench Hub",
            )
            self.councils = list(LocalAuthority.objects.filter(region__gss_code="E12000005"))
            self.council = accounts.create_organisation(
                partnership=self.wm,
                name="Birmingham Bench Council",
                kind=OrganisationKind.LOCAL_AUTHORITY,
                local_authority=self.councils[0],
                actor=None,
                check_permission=False,
            )
            self.partner = accounts.create_organisation(
                partnership=self.wm,
                name="Bench Advice Centre",
                kind=OrganisationKind.PARTNER,
                actor=None,
                check_permission=False,
            )
            self.coordinator = member(self.wm_hub, "coordinator", Role.HUB_COORDINATOR)
            member(self.wm_hub, "deputy-coordinator", Role.HUB_COORDINATOR)
            member(em_hub, "em-coordinator", Role.HUB_COORDINATOR)
            self.caseworkers = {
                self.wm.pk: [
                    member(self.wm_hub, f"caseworker-{n}", Role.HUB_CASEWORKER).pk
                    for n in range(30)
                ],
                self.em.pk: [
                    member(em_hub, f"em-caseworker-{n}", Role.HUB_CASEWORKER).pk for n in range(8)
                ],
            }


def grow(cast: Cast, *, workers: int, cases: int, seed: int) -> None:
    """Add workers and cases (ids continuing from what is there) up to the totals given."""
    from django.db import transaction
    from django.utils import timezone

    from carehub.workers.models import Case, FollowUp, Worker

    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    first_worker = (Worker.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    partnership_of: dict[int, int] = {}

    def worker_rows() -> Iterable[dict[str, Any]]:
        for pk in range(first_worker, workers + 1):
            in_wm = rng.random() < 0.8
            partnership_of[pk] = cast.wm.pk if in_wm else cast.em.pk
            yield {
                "id": pk,
                "partnership_id": partnership_of[pk],
                "reference": reference(pk),
                "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "email": f"worker{pk}@example.invalid",
                "phone": f"07700 {pk:06d}",
                "nationality": rng.choice(NATIONALITIES),
                "date_of_birth": dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(12000)),
                "home_office_reference": f"HO{pk:08d}",
                "local_authority_id": rng.choice(cast.councils).pk if in_wm else None,
                "need": rng.choice(["licence_revoked", "insufficient_work", "other"]),
                "eligibility": rng.choice(["eligible", "eligible", "not_eligible", "needs_review"]),
                # 30 days overdue to a year ahead; a few with no deadline running.
                "deadline": None
                if rng.random() < 0.05
                else today + dt.timedelta(days=rng.randint(-30, 365)),
                "deadline_basis": "curtailment",
                "care_settings": ["residential"],
            }

    statuses, weights = zip(*STATUSES, strict=True)

    def case_rows() -> Iterable[dict[str, Any]]:
        for pk in range(first_case, cases + 1):
            # One case per worker, then older episodes for workers picked at random.
            worker = pk if pk <= workers else rng.randint(1, workers)
            partnership = partnership_of[worker]
            status = rng.choices(statuses, weights)[0]
            assigned = rng.random() < 0.3
            yield {
                "id": pk,
                "worker_id": worker,
                "partnership_id": partnership,
                "status": status,
                "source": rng.choice(["phone", "email", "self_referral", "council"]),
                "first_contact_at": now - dt.timedelta(minutes=rng.randrange(600_000)),
                "assigned_to_id": rng.choice(cast.caseworkers[partnership]) if assigned else None,
                "placed_on": today - dt.timedelta(days=rng.randrange(200))
                if status == "placed"
                else None,
                "closed_at": now if status == "closed" else None,
                "outcome": "own_job" if status == "closed" else "",
            }

    with transaction.atomic():
        if workers >= first_worker:
            copy_into(Worker, worker_rows())
        # Older episodes may belong to workers loaded before this call.
        partnership_of.update(Worker.objects.values_list("pk", "partnership_id"))
        copy_into(Case, case_rows())
        # Placement follow-ups (30/60/90/180 days), the past ones mostly done.
        placed: list[tuple[int, dt.date]] = list(
            Case.objects.filter(pk__gte=first_case, status="placed")
            .exclude(placed_on=None)
            .values_list("pk", "placed_on")  # type: ignore[arg-type]
        )
        copy_into(
            FollowUp,
            (
                {
                    "case_id": case_id,
                    "days_after": days,
                    "due_on": placed_on + dt.timedelta(days=days),
                    "done_at": now
                    if placed_on + dt.timedelta(days=days) < today and rng.random() < 0.6
                    else None,
                }
                for case_id, placed_on in placed
                for days in (30, 60, 90, 180)
            ),
            ids=False,
        )


def enrich(cast: Cast, case_ids: list[int], *, seed: int) -> None:
    """Give the measured case pages 20-50 of every kind of row a case page can show."""
    from django.db import transaction
    from django.utils import timezone

    from carehub.audit import services as audit
    from carehub.workers.models import (
        Case,
        ConsentEntry,
        Document,
        FollowUp,
        Note,
        Referral,
        Task,
    )

    rng = random.Random(seed)
    today, now = timezone.localdate(), timezone.now()
    caseworkers = cast.caseworkers[cast.wm.pk]
    with transaction.atomic():
        for case in Case.objects.filter(pk__in=case_ids):
            count = rng.randint(20, 50)
            author = rng.choice(caseworkers)
            Task.objects.bulk_create(
                Task(
                    case=case,
                    title=f"Call the worker back ({n})",
                    due_on=today + dt.timedelta(days=rng.randint(-20, 40)),
                    assigned_to_id=author,
                    created_by_id=author,
                    done_at=now if n % 3 == 0 else None,
                )
                for n in range(count)
            )
            Note.objects.bulk_create(
                Note(case=case, author_id=author, text=f"Spoke to the worker. {'Detail. ' * 20}")
                for _ in range(count)
            )
            Document.objects.bulk_create(
                Document(
                    case=case,
                    kind="payslip",
                    file=f"case-documents/{uuid.uuid4()}",
                    original_name=f"payslip-{n}.pdf",
                    content_type="application/pdf",
                    size=120_000,
                    sha256="0" * 64,
                    uploaded_by_id=author,
                )
                for n in range(count)
            )
            Referral.objects.bulk_create(
                Referral(
                    case=case,
                    from_organisation=cast.wm_hub,
                    to_organisation=cast.council if n % 2 else cast.partner,
                    purpose="Help finding a new sponsor",
                    shared=["contact", "work_profile"],
                    status=rng.choice(["pending", "accepted", "rejected", "completed"]),
                    created_by_id=author,
                )
                for n in range(count)
            )
            FollowUp.objects.filter(case=case).delete()
            FollowUp.objects.bulk_create(
                FollowUp(case=case, days_after=n + 1, due_on=today + dt.timedelta(days=n - 10))
                for n in range(count)
            )
            ConsentEntry.objects.bulk_create(
                ConsentEntry(
                    worker_id=case.worker_id,
                    case=case,
                    kind="disclosure",
                    purpose="Referral",
                    lawful_basis="consent",
                    recipient=cast.council,
                    fields=["email", "phone"],
                    recorded_by_id=author,
                )
                for _ in range(count)
            )
            for n in range(count):
                audit.record(
                    actor=None,
                    verb="workers.case_updated",
                    subject=case,
                    partnership=cast.wm,
                    new={"n": n},
                )


Timings = dict[str, tuple[float, float, int]]


def timed_pages(
    client: Any, urls: dict[str, list[str]], slowest: dict[str, list[str]] | None = None
) -> Timings:
    """Median and p95 server time (ms) over REQUESTS requests, and one request's queries
    (the slowest three noted in `slowest`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, choices in urls.items():
        for url in choices[:3]:  # warm caches and connections
            assert client.get(url).status_code == 200, url
        times = []
        for n in range(REQUESTS):
            url = choices[n % len(choices)]
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(choices[0])
        if slowest is not None:
            ranked = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
            slowest[name] = [f"{float(q['time']) * 1000:.0f} ms: {q['sql'][:90]}" for q in ranked]
        times.sort()
        p95 = times[min(len(times) - 1, round(len(times) * 0.95) - 1)]
        results[name] = (statistics.median(times), p95, len(queries))
    return results


def page_urls(cast: Cast, rich: list[int], bare: int) -> dict[str, list[str]]:
    from django.urls import reverse

    from carehub.workers.models import Case

    uuids = dict(Case.objects.filter(pk__in=[*rich, bare]).values_list("pk", "uuid"))
    caseload = reverse("workers:caseload")
    council = cast.councils[3].gss_code
    return {
        "caseload, default": [caseload],
        "caseload, page 2": [caseload + "?page=2"],
        "caseload, page 100": [caseload + "?page=100"],
        "caseload, filtered (council, status, within 45 days)": [
            caseload + f"?local_authority={council}&status=active&within=45"
        ],
        "caseload, filtered (eligibility, nationality)": [
            caseload + "?eligibility=eligible&nationality=kenyan"
        ],
        "case page, 20-50 rows of each kind": [
            reverse("workers:case-detail", args=[uuids[pk]]) for pk in rich
        ],
        "case page, no related rows": [reverse("workers:case-detail", args=[uuids[bare]])],
    }


def naive_deadline_alerts(*, today: dt.date | None = None) -> dict[str, int]:
    """The baseline: the per-case implementation this benchmark replaced (a query for the
    coordinators, a notification insert, an email and an update per case)."""
    from django.conf import settings
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from carehub.accounts import services as accounts
    from carehub.accounts.models import User
    from carehub.accounts.roles import Role
    from carehub.audit import services as audit
    from carehub.workers.alerts import crossed_threshold
    from carehub.workers.models import Case

    with transaction.atomic():
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


def reset_alerts() -> None:
    """Forget what a run alerted, so the next run crosses the same thresholds."""
    from django_tasks_db.models import DBTaskResult

    from carehub.accounts.models import Notification
    from carehub.workers.models import Case

    Case.objects.exclude(alerted_threshold=None).update(alerted_threshold=None)
    Notification.objects.all().delete()
    DBTaskResult.objects.all().delete()


def vacuum() -> None:
    """What autovacuum does to a live database: statistics, and the visibility map that
    lets PostgreSQL count from an index alone (empty after a bulk load)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# Indexes that would serve services.duplicate_candidates (which the case page runs): its
# four lookups (iexact Home Office reference, iexact email, phone, iexact name with date of
# birth) otherwise scan every worker. Tried here in the scratch database only.
CANDIDATE_INDEXES = {
    "bench_worker_ho_ref": "UPPER(home_office_reference)",
    "bench_worker_email": "UPPER(email)",
    "bench_worker_phone": "phone",
    "bench_worker_name_dob": "UPPER(full_name), date_of_birth",
}


def with_candidate_indexes(measure: Callable[[], Any]) -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        for name, columns in CANDIDATE_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON workers_worker ({columns})")
        cursor.execute("ANALYZE workers_worker")
    try:
        return measure()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {', '.join(CANDIDATE_INDEXES)}")


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carehub.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from carehub.testing.world import sign_in
    from carehub.workers import alerts
    from carehub.workers.models import Case, Worker

    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: DATABASE_URL=postgres://...carehub_bench")
    call_command("migrate", verbosity=0)
    if Worker.objects.exists():
        sys.exit("Use an empty database: this benchmark loads 150,000 cases into it.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    started = time.perf_counter()
    cast = Cast()
    small_workers = round(SMALL_CASES * WORKERS / CASES)
    grow(cast, workers=small_workers, cases=SMALL_CASES, seed=1)
    open_wm = list(
        Case.objects.filter(partnership=cast.wm, status__in=["new", "triage", "active"])
        .order_by("pk")
        .values_list("pk", flat=True)[: RICH_CASES + 1]
    )
    rich, bare = open_wm[:RICH_CASES], open_wm[RICH_CASES]
    enrich(cast, rich, seed=2)
    vacuum()
    client = sign_in(Client(), cast.coordinator)
    urls = page_urls(cast, rich, bare)
    small = timed_pages(client, urls)
    print(f"small database loaded and measured in {time.perf_counter() - started:.0f} s")

    loading, _ = timed(lambda: grow(cast, workers=WORKERS, cases=CASES, seed=3))
    vacuum()
    print(f"grown to {Worker.objects.count():,} workers, {Case.objects.count():,} cases "
          f"in {loading:.0f} s")  # fmt: skip
    slowest: dict[str, list[str]] = {}
    large = timed_pages(client, urls, slowest)
    case_pages = {name: url for name, url in urls.items() if name.startswith("case page")}
    indexed: Timings = with_candidate_indexes(lambda: timed_pages(client, case_pages))

    print(f"\nPages: median / p95 server time over {REQUESTS} requests, queries per request")
    print(f"| page | {SMALL_CASES:,} cases: median | {CASES:,} cases: median | p95 | "
          "ratio | queries (small → large) | target ≤ 100 ms |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, (median, p95, queries) in large.items():
        base, _, base_queries = small[name]
        verdict = "pass" if median <= 100 else "FAIL"
        print(
            f"| {name} | {base:.1f} ms | {median:.1f} ms | {p95:.1f} ms | "
            f"{median / base:.1f}× | {base_queries} → {queries} | {verdict} |"
        )
    for name, (median, p95, queries) in indexed.items():
        print(
            f"| {name}, with the duplicate-check indexes (not in the code) | | {median:.1f} ms |"
            f" {p95:.1f} ms | {median / small[name][0]:.1f}× | {queries} | "
            f"{'pass' if median <= 100 else 'FAIL'} |"
        )
    print("\nSlowest queries per page at full size (one request):")
    for name, lines in slowest.items():
        print(f"- {name}:")
        for line in lines:
            print(f"    {line}")
    if PAGES_ONLY:
        return
    naive_first, naive_counts = timed(naive_deadline_alerts)
    naive_tasks = DBTaskResult.objects.count()
    naive_second, _ = timed(naive_deadline_alerts)
    reset_alerts()
    first, counts = timed(alerts.send_deadline_alerts)
    tasks = DBTaskResult.objects.count()
    second, again = timed(alerts.send_deadline_alerts)
    assert again["alerted"] == 0, again
    assert counts["alerted"] == naive_counts["alerted"], (counts, naive_counts)
    assert counts["escalated"] == naive_counts["escalated"], (counts, naive_counts)
    reminding, reminders = timed(alerts.send_follow_up_reminders)
    reminding_again, reminded_again = timed(alerts.send_follow_up_reminders)
    assert reminded_again["reminded"] == 0

    print("\nAlerts over all cases")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| first run: {counts['alerted']:,} cases alerted ({counts['escalated']:,} escalated), "
        f"{counts['notified']} people notified | {first:.1f} s | ≤ 10 s "
        f"({'pass' if first <= 10 else 'FAIL'}) |"
    )
    print(f"| second run, nothing new crossed | {second:.2f} s | |")
    print(
        f"| naive per-case first run (baseline): {naive_counts['alerted']:,} cases, "
        f"{naive_tasks:,} emails queued | {naive_first:.1f} s | |"
    )
    print(f"| naive second run | {naive_second:.2f} s | |")
    print(f"| speed-up, first run | {naive_first / first:.0f}× | |")
    print(
        f"| follow-up reminders: {reminders['reminded']:,} due, "
        f"{reminders['notified']} people notified | {reminding:.2f} s | |"
    )
    print(f"| follow-up reminders, second run | {reminding_again:.2f} s | |")
    print(f"(emails queued by our first run: {tasks})")


if __name__ == "__main__":
    main()
