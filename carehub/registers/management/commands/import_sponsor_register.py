from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carehub.registers import download as gov_uk
from carehub.registers import services
from carehub.registers.sponsor_register import SuspectFileError


class Command(BaseCommand):
    help = (
        "Import the Home Office 'Register of licensed sponsors: workers' from a CSV file, or "
        "with --download from GOV.UK. A file already imported changes nothing; a suspect "
        "file is refused and changes nothing. Run daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="A downloaded register CSV")
        parser.add_argument("--download", action="store_true", help="Fetch it from GOV.UK")
        parser.add_argument(
            "--published-on",
            type=dt.date.fromisoformat,
            help="Publication date of FILE (default: the date in its name)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path | None = options["file"]
        if bool(file) == bool(options["download"]):
            raise CommandError("Give a FILE or --download, not both")
        try:
            if file is None:
                found = gov_uk.discover(
                    settings.SPONSOR_REGISTER_CONTENT_API_URL,
                    timeout=settings.DOWNLOAD_TIMEOUT_SECONDS,
                    retries=settings.DOWNLOAD_RETRIES,
                )
                raw = gov_uk.fetch(
                    found.url,
                    timeout=settings.DOWNLOAD_TIMEOUT_SECONDS,
                    retries=settings.DOWNLOAD_RETRIES,
                    max_bytes=settings.SPONSOR_REGISTER_MAX_MB * 1_000_000,
                )
            else:
                limit = settings.SPONSOR_REGISTER_MAX_MB * 1_000_000
                if file.stat().st_size > limit:
                    raise gov_uk.DownloadError(
                        f"{file.name} is larger than {settings.SPONSOR_REGISTER_MAX_MB} MB: "
                        "not the register"
                    )
                raw = file.read_bytes()
                found = gov_uk.RegisterFile(
                    url="",
                    file_name=file.name,
                    published_on=options["published_on"] or gov_uk.publication_date(file.name, {}),
                )
            result = services.import_sponsor_register(
                raw=raw,
                source_url=found.url,
                file_name=found.file_name,
                published_on=found.published_on,
            )
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}") from error
        except (SuspectFileError, gov_uk.DownloadError) as error:
            raise CommandError(f"Refused: {error}. Nothing was changed.") from error
        self.stdout.write(result.summary())
        if result.snapshot is not None:
            # The licence watch lives with providers: it alerts people about providers.
            from carehub.providers.services import watch_licences

            recorded = watch_licences(changes=result.snapshot.changes.select_related("entry"))
            self.stdout.write(f"{len(recorded)} licence changes affect providers the hub knows")
