"""Finding and fetching the current sponsor register from GOV.UK.

The file name changes with every update, so the CSV is discovered through the GOV.UK
Content API for the publication page. Network calls have timeouts, bounded retries and a
size limit; everything else (choosing the attachment, reading the date) is pure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


class DownloadError(RuntimeError):
    """The register could not be found or fetched; the message says why."""


@dataclass(frozen=True)
class RegisterFile:
    url: str
    file_name: str
    published_on: dt.date | None


def choose_attachment(content: dict[str, Any]) -> RegisterFile:
    """The worker register CSV among the publication's attachments (not the student one)."""
    attachments = content.get("details", {}).get("attachments", [])
    for attachment in attachments:
        url = attachment.get("url", "")
        title = f"{attachment.get('title', '')} {attachment.get('filename', '')} {url}"
        is_csv = attachment.get("content_type") == "text/csv" or url.lower().endswith(".csv")
        if is_csv and "worker" in title.lower() and "student" not in title.lower():
            file_name = unquote(urlparse(url).path.rsplit("/", 1)[-1])
            return RegisterFile(url, file_name, publication_date(file_name, content))
    raise DownloadError("The GOV.UK page lists no worker register CSV file")


def publication_date(file_name: str, content: dict[str, Any]) -> dt.date | None:
    """From the file name (YYYY-MM-DD) if it has one, else the page's last update."""
    found = DATE_IN_NAME.search(file_name)
    if found:
        try:
            return dt.date.fromisoformat(found.group(1))
        except ValueError:
            pass
    updated = content.get("public_updated_at", "")
    try:
        return dt.datetime.fromisoformat(updated.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def fetch(url: str, *, timeout: int, retries: int, max_bytes: int) -> bytes:
    """GET a URL, retrying connection failures and server errors with a growing pause.

    Refuses a response larger than max_bytes (a register is ~13 MB).
    """
    if urlparse(url).scheme not in ("https", "http"):
        raise DownloadError(f"{url} is not a web address")
    last_error: Exception | None = None
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(2**attempt, 30))
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "carehub-register-import"})  # noqa: S310
            # The scheme was checked above: only http(s) URLs reach urlopen.
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body: bytes = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise DownloadError(
                    f"{url} is larger than {max_bytes // 1_000_000} MB: not the register"
                )
            return body
        except urllib.error.HTTPError as error:
            if error.code < 500:
                raise DownloadError(f"{url} answered {error.code} {error.reason}") from error
            last_error = error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            last_error = error
    raise DownloadError(f"Could not fetch {url} after {retries + 1} tries: {last_error}")


def discover(content_api_url: str, *, timeout: int, retries: int) -> RegisterFile:
    body = fetch(content_api_url, timeout=timeout, retries=retries, max_bytes=5_000_000)
    try:
        content = json.loads(body)
    except ValueError as error:
        raise DownloadError("The GOV.UK Content API did not answer with JSON") from error
    return choose_attachment(content)
