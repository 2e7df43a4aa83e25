from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carehub.core import services
from carehub.core.local_authorities import LookupFileError, councils_from_lookup, decode


class Command(BaseCommand):
    help = (
        "Import English councils with adult social care responsibility from the ONS "
        "'Lower Tier Local Authority to Upper Tier Local Authority' lookup (CSV), with the "
        "'Local Authority District to Region' lookup when the first has no region columns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lookup", type=Path, help="LTLA to UTLA lookup CSV")
        parser.add_argument("--regions", type=Path, help="LAD to region lookup CSV")

    def handle(self, *args: Any, lookup: Path, regions: Path | None, **options: Any) -> None:
        try:
            tiers_text = decode(lookup.read_bytes())
            regions_text = decode(regions.read_bytes()) if regions else None
            councils = councils_from_lookup(tiers_text, regions_text)
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}") from error
        except LookupFileError as error:
            raise CommandError(str(error)) from error
        counts = services.import_local_authorities(councils=councils)
        self.stdout.write(
            f"{len(councils)} councils: {counts['created']} added, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
