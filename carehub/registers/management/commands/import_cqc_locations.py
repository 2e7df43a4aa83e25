from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carehub.registers import cqc_files, services


class Command(BaseCommand):
    help = (
        "Import CQC registered locations from the monthly care directory with filters "
        "(HSCA_Active_Locations.ods, streamed), the CQC directory CSV, or a cqc.org.uk "
        "search export CSV. A full list marks locations it no longer has as deregistered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            with file.open("rb") as stream:
                kind, records = cqc_files.read(stream, file.name)
                counts = services.import_cqc_locations(
                    records=records, full_list=kind in ("hsca", "directory")
                )
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}") from error
        except cqc_files.CqcFileError as error:
            raise CommandError(f"Refused: {error}. Nothing was changed.") from error
        self.stdout.write(
            f"Imported {counts['locations']:,} locations from the {kind.replace('_', ' ')}; "
            f"{counts['deregistered']:,} no longer registered; "
            f"{counts['unmatched_councils']} council names not matched"
        )
