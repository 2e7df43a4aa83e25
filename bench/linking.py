"""Benchmark: proposing register matches for 20,000 providers against a 140,000-row
register (issue 3 target: <= 30 s), against rapidfuzz.process.extractOne over the whole
register per provider as the baseline (measured on a sample, per provider).

    DEBUG=True .venv/bin/python -m bench.linking
"""

from __future__ import annotations

import os
import time

REGISTER_ROWS = int(os.environ.get("BENCH_ROWS", "140000"))
PROVIDERS = int(os.environ.get("BENCH_PROVIDERS", "20000"))
BASELINE_SAMPLE = 200


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carehub.settings")
    import django

    django.setup()
    from rapidfuzz import fuzz, process

    from bench.sponsor_register import scaled_register
    from carehub.providers import linking
    from carehub.registers.sponsor_register import normalise_name, normalise_town, parse

    # The real 2021 register scaled up (its ~6,000 real towns make realistic blocks), or
    # synthetic rows when ../shared/data is absent.
    register = parse(scaled_register(REGISTER_ROWS)).rows
    records = [linking.Record(r.key[:2], r.name, r.town) for r in register]
    # Providers as people type them ("Limited" for "Ltd", capitals), in the same town.
    providers = [
        (r.name.replace(" Ltd", " Limited").upper(), r.town)
        for r in register[: REGISTER_ROWS : max(1, REGISTER_ROWS // PROVIDERS)][:PROVIDERS]
    ]

    started = time.perf_counter()
    index = linking.Index(records)
    found = 0
    for name, town in providers:
        found += bool(index.candidates([name], [normalise_town(town)], limit=3))
    ours = time.perf_counter() - started

    names = [normalise_name(r.name) for r in register]
    started = time.perf_counter()
    for name, _town in providers[:BASELINE_SAMPLE]:
        process.extractOne(normalise_name(name), names, scorer=fuzz.token_sort_ratio)
    baseline_each = (time.perf_counter() - started) / BASELINE_SAMPLE

    print(f"register rows: {REGISTER_ROWS:,}; providers: {len(providers):,}; matched: {found:,}")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| proposing matches for every provider (blocked by town) | {ours:.1f} s | ≤ 30 s |")
    print(
        f"| extractOne over the whole register, per provider (baseline, {BASELINE_SAMPLE} sampled)"
        f" | {baseline_each * 1000:.1f} ms, so {baseline_each * len(providers):.0f} s for all | |"
    )
    print(f"| speed-up per provider | {baseline_each * len(providers) / ours:.0f}× | |")


if __name__ == "__main__":
    main()
