from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from carehub.demo import places, registers, seed, vacancies, workers


class Command(BaseCommand):
    help = (
        "Load the fictional demonstration data set (idempotent: running it again adds only "
        "what is missing). Never run it against a live deployment's database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = (
            seed.seed_accounts()
            | registers.seed_registers()
            | places.seed_places()
            | workers.seed_workers()
            | vacancies.seed_vacancies()
        )
        self.stdout.write(", ".join(f"{value} {name}" for name, value in counts.items()))
