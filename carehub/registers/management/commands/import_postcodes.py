from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carehub.registers import services
from carehub.registers.postcode_files import PostcodeFileError


class Command(BaseCommand):
    help = (
        "Import postcodes from the ONS postcode lookup (NSPL or ONSPD, CSV or the zip ONS "
        "publishes), or postcode district centroids (outcode,lat,long). Re-importing updates "
        "rows; a broken file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            if file.suffix.lower() == ".zip":
                with zipfile.ZipFile(file) as archive:
                    # The lookup is the biggest CSV in the archive; the rest are code lists.
                    member = max(
                        (info for info in archive.infolist() if info.filename.endswith(".csv")),
                        key=lambda info: info.file_size,
                        default=None,
                    )
                    if member is None:
                        raise CommandError("The zip file holds no CSV file")
                    with archive.open(member) as raw:
                        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                        kind, count = services.import_postcodes(text_stream=stream)
            else:
                with file.open(encoding="utf-8-sig", newline="") as plain:
                    kind, count = services.import_postcodes(text_stream=plain)
        except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as error:
            raise CommandError(f"Cannot read the file: {error}") from error
        except PostcodeFileError as error:
            raise CommandError(f"Refused: {error}. Nothing was changed.") from error
        self.stdout.write(f"Imported {count:,} {kind}")
