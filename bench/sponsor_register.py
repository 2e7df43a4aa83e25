"""Benchmark: importing the sponsor register (issue 3 targets).

1. First import of a 140,000-row register (the real 2021 copy scaled up when
   ../shared/data is present, else synthetic rows): target <= 15 s on PostgreSQL.
2. A daily re-import with 1% changes: target <= 5 s.
3. Peak memory of the process: target <= 500 MB.
4. Baseline, in the same run: a naive row-by-row ORM import (get_or_create per row) of
   10,000 rows; the per-row ratio aims at >= 20x.

Run against an empty scratch database:
    createdb -h 127.0.0.1 -U postgres carehub_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carehub_bench DEBUG=True \\
        .venv/bin/python -m bench.sponsor_register
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "140000"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "sponsor_register"
REAL = SHARED / "register_2021-11-02_worker_and_temporary_worker.csv"


def scaled_register(rows: int) -> bytes:
    """The real 2021 file repeated with distinct town suffixes, or synthetic rows."""
    from carehub.registers import synthetic
    from carehub.registers.sponsor_register import HEADER

    if not REAL.exists():
        return synthetic.to_csv(synthetic.rows(rows))
    lines = REAL.read_bytes().split(b"\r\n")
    body = [line for line in lines[1:] if line]
    out = [",".join(f'"{c}"' for c in HEADER).encode()]
    copy = 0
    while len(out) - 1 < rows:
        for line in body:
            if len(out) - 1 >= rows:
                break
            if copy:
                # Make each copy's rows distinct by suffixing the organisation name.
                line = line.replace(b'","', f' (copy {copy})","'.encode(), 1)
            out.append(line)
        copy += 1
    return b"\r\n".join(out) + b"\r\n"


def changed_copy(raw: bytes, *, every: int) -> bytes:
    """The same register a day later, changed at the byte level (no second parse in
    memory): every `every`-th row removed, another downgraded to B, as many rows added."""
    from carehub.registers import synthetic

    header, *lines = [line for line in raw.split(b"\r\n") if line]
    kept = []
    for index, line in enumerate(lines):
        if index % every == 0:
            continue
        if index % every == every // 2:
            line = line.replace(b"(A rating)", b"(B rating)")
        kept.append(line)
    added = synthetic.to_csv(synthetic.rows(len(lines) // every, start=10_000_000))
    return b"\r\n".join([header, *kept]) + b"\r\n" + added.split(b"\r\n", 1)[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carehub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from carehub.registers import services
    from carehub.registers.models import RegisterSnapshot, SponsorEntry
    from carehub.registers.sponsor_register import parse

    call_command("migrate", verbosity=0)
    if RegisterSnapshot.objects.exists():
        sys.exit("Use an empty database: this benchmark imports into it.")

    first = scaled_register(ROWS)
    daily = changed_copy(first, every=100)
    started = time.perf_counter()
    services.import_sponsor_register(raw=first)
    first_seconds = time.perf_counter() - started

    started = time.perf_counter()
    result = services.import_sponsor_register(raw=daily)
    daily_seconds = time.perf_counter() - started
    del daily

    # Baseline: naive per-row ORM upsert of 10,000 rows, in one transaction.
    sample = parse(first).rows[:10_000]
    snapshot = RegisterSnapshot.objects.create(sha256="baseline", row_count=len(sample))
    SponsorEntry.objects.all().delete()
    started = time.perf_counter()
    with transaction.atomic():
        for row in sample:
            name, town, licence_type, route = row.key
            SponsorEntry.objects.get_or_create(
                name_key=name,
                town_key=town,
                type_key=licence_type,
                route_key=route,
                defaults={
                    "name": row.name,
                    "town": row.town,
                    "county": row.county,
                    "type_and_rating": row.type_and_rating,
                    "licence_type": row.licence.licence_type,
                    "rating": row.licence.rating.value,
                    "route": row.route,
                    "first_seen": snapshot,
                    "last_seen": snapshot,
                },
            )
    naive_seconds = time.perf_counter() - started

    per_row_ours = first_seconds / ROWS
    per_row_naive = naive_seconds / len(sample)
    print(
        f"database: {connection.vendor}; register rows: {ROWS:,}; changes: {dict(result.changes)}"
    )
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| first import, {ROWS:,} rows | {first_seconds:.1f} s | ≤ 15 s |")
    print(f"| daily re-import, 1% changed | {daily_seconds:.1f} s | ≤ 5 s |")
    print(f"| peak memory | {peak_mb():.0f} MB | ≤ 500 MB |")
    print(f"| naive per-row ORM import, 10,000 rows (baseline) | {naive_seconds:.1f} s | |")
    print(f"| per-row speed-up over the baseline | {per_row_naive / per_row_ours:.0f}× | ≥ 20× |")


if __name__ == "__main__":
    main()
