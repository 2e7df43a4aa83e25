"""Benchmark: the cost of the audit hash chain.

Writes N events through `audit.record()` (chain head locked, hash computed) and, as the
baseline measured in the same run, N plain inserts of the same rows without the chain;
then times `verify_audit_chain` over the result. Prints a Markdown table row for
docs/performance.md. Run: `DEBUG=True .venv/bin/python -m bench.audit_chain [N]`
against a scratch database (it uses DATABASE_URL, default a temporary SQLite file).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carehub.settings")
    os.environ.setdefault("DEBUG", "True")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from carehub.audit import services as audit
    from carehub.audit.chain import HASHED_FIELDS, verify
    from carehub.audit.models import AuditChainHead, AuditEvent
    from carehub.core.models import Region

    call_command("migrate", verbosity=0)
    subject = Region.objects.first()

    started = time.perf_counter()
    for number in range(count):
        with transaction.atomic():
            AuditEvent.objects.create(
                seq=10_000_000 + number,
                occurred_at=timezone.now(),
                verb="bench.plain_insert",
                subject_type="core.region",
                subject_id=str(subject.pk if subject else ""),
                data={"n": number},
                prev_hash="",
                hash=f"{number:064d}",
            )
    baseline = time.perf_counter() - started
    AuditEvent.objects.filter(verb="bench.plain_insert").delete()

    started = time.perf_counter()
    for number in range(count):
        with transaction.atomic():
            audit.record(actor=None, verb="bench.chained", subject=subject, n=number)
    chained = time.perf_counter() - started

    head = AuditChainHead.objects.get(pk=1)
    started = time.perf_counter()
    rows = AuditEvent.objects.order_by("seq").values(*HASHED_FIELDS, "prev_hash", "hash")
    problems = verify(rows.iterator(chunk_size=2000), head_seq=head.seq, head_hash=head.hash)
    verifying = time.perf_counter() - started
    if problems:
        raise SystemExit(f"chain broken: {problems[:3]}")

    vendor = connection.vendor
    print("| database | events | plain insert (baseline) | audit.record() | ratio | verify |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {vendor} | {count} | {baseline / count * 1e6:.0f} µs/event | "
        f"{chained / count * 1e6:.0f} µs/event | {chained / baseline:.2f}× | "
        f"{verifying / count * 1e6:.1f} µs/event |"
    )


if __name__ == "__main__":
    main()
