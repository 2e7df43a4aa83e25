"""--download against a local HTTP server standing in for GOV.UK (no real network)."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from carehub.registers import download, synthetic
from carehub.registers.models import RegisterSnapshot

REGISTER = synthetic.to_csv(synthetic.rows(200))


class FakeGovUk(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}
    failures_before_success: dict[str, int] = {}

    def do_GET(self) -> None:
        remaining = self.failures_before_success.get(self.path, 0)
        if remaining:
            self.failures_before_success[self.path] = remaining - 1
            self.send_response(503)
            self.end_headers()
            return
        status, body = self.routes.get(self.path, (404, b"Not found"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def content(base: str, attachments: list[dict]) -> bytes:
    return json.dumps(
        {"public_updated_at": "2026-11-27T09:00:00Z", "details": {"attachments": attachments}}
    ).encode()


@pytest.fixture
def gov_uk() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGovUk)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    FakeGovUk.routes = {}
    FakeGovUk.failures_before_success = {}
    yield base
    server.shutdown()


STUDENT = {
    "title": "Register of Student sponsors",
    "url": "/media/1/Student.csv",
    "content_type": "text/csv",
}


def worker(base: str, name: str = "2026-11-26_-_Worker_and_Temporary_Worker.csv") -> dict:
    return {
        "title": "Register of Worker and Temporary Worker licensed sponsors",
        "url": f"{base}/media/2/{name}",
        "content_type": "text/csv",
    }


@pytest.mark.usefixtures("empty_register")
@override_settings(SPONSOR_REGISTER_MIN_ROWS=100, DOWNLOAD_RETRIES=2)
def test_it_discovers_and_imports_the_current_register(gov_uk, monkeypatch):
    monkeypatch.setattr(download.time, "sleep", lambda seconds: None)
    FakeGovUk.routes = {
        "/api/content": (200, content(gov_uk, [STUDENT, worker(gov_uk)])),
        "/media/2/2026-11-26_-_Worker_and_Temporary_Worker.csv": (200, REGISTER),
    }
    FakeGovUk.failures_before_success = {"/media/2/2026-11-26_-_Worker_and_Temporary_Worker.csv": 2}
    with override_settings(SPONSOR_REGISTER_CONTENT_API_URL=f"{gov_uk}/api/content"):
        out = io.StringIO()
        call_command("import_sponsor_register", "--download", stdout=out)
        again = io.StringIO()
        call_command("import_sponsor_register", "--download", stdout=again)
    snapshot = RegisterSnapshot.objects.get()
    assert snapshot.published_on == dt.date(2026, 11, 26)
    assert snapshot.source_url.endswith("2026-11-26_-_Worker_and_Temporary_Worker.csv")
    assert "Imported 200 rows" in out.getvalue()
    assert "already been imported" in again.getvalue()


@pytest.mark.usefixtures("empty_register")
@override_settings(DOWNLOAD_RETRIES=1)
def test_it_gives_up_after_its_retries_and_changes_nothing(gov_uk, monkeypatch):
    monkeypatch.setattr(download.time, "sleep", lambda seconds: None)
    FakeGovUk.routes = {"/api/content": (200, b"")}
    FakeGovUk.failures_before_success = {"/api/content": 5}
    with (
        override_settings(SPONSOR_REGISTER_CONTENT_API_URL=f"{gov_uk}/api/content"),
        pytest.raises(CommandError, match="after 2 tries"),
    ):
        call_command("import_sponsor_register", "--download")
    assert not RegisterSnapshot.objects.exists()


@pytest.mark.parametrize(
    ("attachments", "message"),
    [([], "no worker register"), ([STUDENT], "no worker register")],
)
def test_it_refuses_a_page_without_the_worker_register(attachments, message):
    with pytest.raises(download.DownloadError, match=message):
        download.choose_attachment({"details": {"attachments": attachments}})


@pytest.mark.parametrize(
    ("file_name", "updated", "expected"),
    [
        ("2026-11-26_-_Worker_and_Temporary_Worker.csv", "", dt.date(2026, 11, 26)),
        (
            "SP_-_Worker_and_Temporary_Worker_Web_Register_-_2026-05-29.csv",
            "",
            dt.date(2026, 5, 29),
        ),
        ("Worker_register.csv", "2026-11-27T09:00:00Z", dt.date(2026, 11, 27)),
        ("Worker_register.csv", "", None),
    ],
)
def test_it_reads_the_publication_date(file_name, updated, expected):
    assert download.publication_date(file_name, {"public_updated_at": updated}) == expected


def test_it_refuses_a_download_ten_times_too_big(gov_uk):
    FakeGovUk.routes = {"/big.csv": (200, b"x" * 5000)}
    with pytest.raises(download.DownloadError, match="larger than"):
        download.fetch(f"{gov_uk}/big.csv", timeout=5, retries=0, max_bytes=1000)


def test_it_does_not_retry_a_missing_page(gov_uk):
    with pytest.raises(download.DownloadError, match="404"):
        download.fetch(f"{gov_uk}/nothing", timeout=5, retries=3, max_bytes=1000)


def test_it_refuses_a_non_web_address():
    with pytest.raises(download.DownloadError, match="not a web address"):
        download.fetch("file:///etc/passwd", timeout=5, retries=0, max_bytes=1000)
