"""Benchmark: importing CQC's care directory spreadsheet (issue 3 target).

A spreadsheet of 60,000 locations in the real column layout (generated: the real file is
not redistributable here) is imported with `import_cqc_locations`: target <= 60 s and peak
memory <= 300 MB. Baseline in the same run: reading the same rows from a CSV with
csv.DictReader (no XML), to show what the spreadsheet format itself costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carehub_bench DEBUG=True \\
        .venv/bin/python -m bench.cqc_locations
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "60000"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_files(spreadsheet: Path, baseline: Path) -> None:
    from carehub.registers import synthetic

    with spreadsheet.open("wb") as target:
        synthetic.hsca_ods(synthetic.hsca_rows(ROWS), target)
    with baseline.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=synthetic.HSCA_COLUMNS)
        writer.writeheader()
        writer.writerows(synthetic.hsca_rows(ROWS))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carehub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from carehub.registers.models import CqcLocation

    call_command("migrate", verbosity=0)
    if CqcLocation.objects.exists():
        sys.exit("Use an empty database: this benchmark imports into it.")
    folder = Path(tempfile.mkdtemp())
    spreadsheet, baseline_file = folder / "HSCA_Active_Locations.ods", folder / "baseline.csv"
    # Made in a child process, so this process's peak memory is the import's alone.
    child = multiprocessing.Process(target=make_files, args=(spreadsheet, baseline_file))
    child.start()
    child.join()

    started = time.perf_counter()
    call_command("import_cqc_locations", str(spreadsheet), stdout=io.StringIO())
    seconds = time.perf_counter() - started

    started = time.perf_counter()
    with baseline_file.open(newline="") as handle:
        read = sum(1 for _row in csv.DictReader(handle))
    baseline = time.perf_counter() - started
    assert read == ROWS

    size = spreadsheet.stat().st_size / 1e6
    print(f"database: {connection.vendor}; locations: {ROWS:,}; spreadsheet: {size:.0f} MB")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| import of the spreadsheet | {seconds:.1f} s | ≤ 60 s |")
    print(f"| peak memory of the importing process | {peak_mb():.0f} MB | ≤ 300 MB |")
    print(f"| reading the same rows from CSV (baseline) | {baseline:.1f} s | |")
    print(f"| spreadsheet import / CSV read | {seconds / baseline:.0f}× | |")


if __name__ == "__main__":
    main()
