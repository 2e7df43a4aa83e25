from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from carehub.audit.models import AuditEvent
from carehub.registers import services, synthetic
from carehub.registers.models import RegisterChange, RegisterSnapshot, SponsorEntry
from carehub.registers.sponsor_register import SuspectFileError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_register")]
SMALL = override_settings(SPONSOR_REGISTER_MIN_ROWS=100)

BASE = synthetic.rows(1000)


def counts(snapshot: RegisterSnapshot) -> dict[str, int]:
    result: dict[str, int] = {}
    for change in RegisterChange.objects.filter(snapshot=snapshot):
        result[change.kind] = result.get(change.kind, 0) + 1
    return result


@SMALL
def test_it_takes_the_first_snapshot_as_the_baseline():
    result = services.import_sponsor_register(
        raw=synthetic.to_csv(BASE), published_on=dt.date(2026, 11, 2)
    )
    assert result.snapshot.row_count == 1000
    assert SponsorEntry.objects.filter(removed_on=None).count() == 1000
    assert RegisterChange.objects.count() == 0
    event = AuditEvent.objects.filter(verb="registers.sponsor_register_imported").latest("seq")
    assert event.data["row_count"] == 1000


@SMALL
def test_it_records_exactly_the_changes_of_a_one_percent_changed_copy():
    services.import_sponsor_register(raw=synthetic.to_csv(BASE), published_on=dt.date(2026, 11, 2))
    later = synthetic.changed(BASE, every=100, start=5000)
    result = services.import_sponsor_register(
        raw=synthetic.to_csv(later), published_on=dt.date(2026, 11, 3)
    )
    assert counts(result.snapshot) == {"removed": 10, "downgraded": 10, "new_licence": 10}
    removed = SponsorEntry.objects.filter(removed_on=dt.date(2026, 11, 3))
    assert removed.count() == 10
    assert SponsorEntry.objects.filter(removed_on=None).count() == 1000
    downgraded = RegisterChange.objects.filter(kind="downgraded").first().entry
    assert (downgraded.rating, downgraded.type_and_rating.endswith("(B rating)")) == ("B", True)
    first = RegisterSnapshot.objects.order_by("imported_at").first()
    assert set(removed.values_list("last_seen", "removed_in")) == {(first.pk, result.snapshot.pk)}
    listed = SponsorEntry.objects.filter(removed_on=None)
    assert set(listed.values_list("last_seen", "removed_in")) == {(None, None)}


@SMALL
def test_it_reinstates_an_entry_that_comes_back():
    services.import_sponsor_register(raw=synthetic.to_csv(BASE), published_on=dt.date(2026, 11, 2))
    services.import_sponsor_register(
        raw=synthetic.to_csv(BASE[1:]), published_on=dt.date(2026, 11, 3)
    )
    gone = SponsorEntry.objects.get(name=BASE[0].name)
    assert gone.removed_on == dt.date(2026, 11, 3)
    result = services.import_sponsor_register(
        raw=synthetic.to_csv(BASE), published_on=dt.date(2026, 11, 4)
    )
    gone.refresh_from_db()
    assert gone.removed_on is None
    assert counts(result.snapshot) == {"new_licence": 1}
    assert SponsorEntry.objects.filter(name=BASE[0].name).count() == 1


@SMALL
def test_it_changes_nothing_for_a_file_already_imported():
    raw = synthetic.to_csv(BASE)
    services.import_sponsor_register(raw=raw)
    before = (RegisterSnapshot.objects.count(), AuditEvent.objects.count())
    result = services.import_sponsor_register(raw=raw)
    assert result.already_imported
    assert (RegisterSnapshot.objects.count(), AuditEvent.objects.count()) == before


@SMALL
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (synthetic.to_csv(BASE[:850]), "fewer than 90% of the 1,000"),
        (synthetic.to_csv(BASE[:50]), "fewer than 90%"),
        (b"<html><body>Bad gateway</body></html>", "web page"),
        (synthetic.to_csv(BASE)[:-5000], "cut short"),
        (b"", "empty"),
        (b"\x00\x01\x02" * 100, "binary"),
        (b'"Name","Town"\r\n', "The header"),
    ],
)
def test_it_refuses_a_suspect_file_and_withdraws_nothing(raw, message):
    first = services.import_sponsor_register(raw=synthetic.to_csv(BASE)).snapshot
    before = (
        RegisterSnapshot.objects.count(),
        SponsorEntry.objects.filter(removed_on=None).count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(SuspectFileError, match=message):
        services.import_sponsor_register(raw=raw)
    assert (
        RegisterSnapshot.objects.count(),
        SponsorEntry.objects.filter(removed_on=None).count(),
        AuditEvent.objects.count(),
    ) == before
    assert RegisterSnapshot.objects.latest_accepted() == first


def test_it_refuses_a_first_file_below_the_row_floor():
    with pytest.raises(SuspectFileError, match="at least 20,000"):
        services.import_sponsor_register(raw=synthetic.to_csv(BASE))
    assert not RegisterSnapshot.objects.exists()


@SMALL
def test_it_leaves_no_partial_snapshot_when_interrupted(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the process was killed here")

    services.import_sponsor_register(raw=synthetic.to_csv(BASE))
    monkeypatch.setattr(RegisterChange.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="killed"):
        services.import_sponsor_register(
            raw=synthetic.to_csv(synthetic.changed(BASE, every=100, start=5000))
        )
    assert RegisterSnapshot.objects.count() == 1
    assert SponsorEntry.objects.filter(removed_on__isnull=False).count() == 0


@SMALL
def test_the_command_imports_a_file_with_its_date_from_the_name(tmp_path):
    path = tmp_path / "2026-11-02_-_Worker_and_Temporary_Worker.csv"
    path.write_bytes(synthetic.to_csv(BASE))
    out = io.StringIO()
    call_command("import_sponsor_register", str(path), stdout=out)
    assert "Imported 1000 rows" in out.getvalue()
    assert RegisterSnapshot.objects.get().published_on == dt.date(2026, 11, 2)
    path.write_bytes(b"<html></html>")
    with pytest.raises(CommandError, match=r"Refused: .* Nothing was changed"):
        call_command("import_sponsor_register", str(path))
    with pytest.raises(CommandError, match="not both"):
        call_command("import_sponsor_register", str(path), "--download")
    with pytest.raises(CommandError, match="Cannot read the file"):
        call_command("import_sponsor_register", str(tmp_path / "missing.csv"))
    with override_settings(SPONSOR_REGISTER_MAX_MB=0):
        path.write_bytes(synthetic.to_csv(BASE))
        with pytest.raises(CommandError, match="larger than 0 MB"):
            call_command("import_sponsor_register", str(path))


SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "sponsor_register"


def shared_file(name: str) -> bytes:
    path = SHARED / name
    if not path.exists():
        pytest.skip("shared/data is not present")
    return path.read_bytes()


def test_it_accepts_the_real_2021_register_then_refuses_the_partial_2022_copy():
    full = shared_file("register_2021-11-02_worker_and_temporary_worker.csv")
    partial = shared_file("register_2022-09-30_partial_A-to-Cl.csv")
    result = services.import_sponsor_register(raw=full, published_on=dt.date(2021, 11, 2))
    # 48,684 published rows, less exact duplicates and rows equal after normalisation.
    assert 48_000 < result.snapshot.row_count <= 48_684
    with pytest.raises(SuspectFileError, match="fewer than 90% of the"):
        services.import_sponsor_register(raw=partial, published_on=dt.date(2022, 9, 30))
    assert SponsorEntry.objects.filter(removed_on__isnull=False).count() == 0


@override_settings(SPONSOR_REGISTER_MIN_ROWS=50)
def test_it_parses_the_real_fixture_with_all_its_quirks():
    raw = shared_file("register_fixture_2022-09-30_sample.csv")
    result = services.import_sponsor_register(raw=raw)
    assert result.snapshot.row_count + result.snapshot.duplicate_rows == 107
    assert result.snapshot.duplicate_rows >= 1
    assert SponsorEntry.objects.filter(rating="B").exists()
    assert SponsorEntry.objects.filter(service_level="Premium").exists()
