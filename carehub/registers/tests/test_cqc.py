from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carehub.registers import cqc_files, synthetic
from carehub.registers.models import CqcLocation, CqcProvider
from carehub.registers.services import council_key

DIRECTORY = (
    "CQC directory\r\nAs at 1 November 2026\r\n\r\n\r\n"
    "Name,Also known as,Address,Postcode,Phone number,Service's website (if available),"
    "Service types,Date of latest check,Specialisms/services,Provider name,Local authority,"
    "Region,Location URL,CQC Location ID (for office use only),CQC Provider ID (for office use only)\r\n"
    '"Brindley Court",,"1 High Street, Birmingham",b1 1aa,0121,,"Homecare agencies|Residential homes",'
    "01/Jan/2026 - 00:00,Dementia,Brindley Court Care Ltd,Birmingham,West Midlands,"
    "https://www.cqc.org.uk/location/1-1,1-1,1-9\r\n"
)


def ods(tmp_path: Path, count: int = 8) -> Path:
    path = tmp_path / "01_November_2026_HSCA_Active_Locations.ods"
    with path.open("wb") as target:
        synthetic.hsca_ods(synthetic.hsca_rows(count), target)
    return path


def test_it_streams_the_care_directory_spreadsheet(tmp_path):
    with ods(tmp_path).open("rb") as stream:
        kind, records = cqc_files.read(stream, "HSCA_Active_Locations.ods")
        found = list(records)
    assert kind == "hsca"
    assert len(found) == 8
    first = found[0]
    assert first.location_id == "1-100000000"
    assert first.care_home
    assert first.regulated_activities == (
        "Accommodation for persons who require nursing or personal care",
        "Personal care",
    )
    assert first.service_types == ("Care home service without nursing",)
    assert first.registered_on.isoformat() == "2015-06-01"
    assert first.latitude == pytest.approx(52.4767)
    assert found[1].service_types == ("Domiciliary care service",)
    assert found[2].local_authority == "Herefordshire, County of"
    # Personal names are not part of a record at all.
    assert "A Person" not in repr(found)
    assert "B Person" not in repr(found)


def test_it_reads_the_directory_csv_after_its_preamble():
    kind, records = cqc_files.read(io.BytesIO(DIRECTORY.encode("cp1252")), "CQC_directory.csv")
    (record,) = list(records)
    assert kind == "directory"
    assert (record.location_id, record.provider_id, record.postcode) == ("1-1", "1-9", "B1 1AA")
    assert record.service_types == ("Homecare agencies", "Residential homes")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "x.csv", "not a CQC file"),
        (b"<html><body>Not found</body></html>", "x.csv", "not a CQC file"),
        (b"not a zip", "x.ods", "not an OpenDocument spreadsheet"),
    ],
)
def test_it_refuses_files_it_does_not_understand(content, name, message):
    def read_all() -> None:
        _kind, records = cqc_files.read(io.BytesIO(content), name)
        list(records)

    with pytest.raises(cqc_files.CqcFileError, match=message):
        read_all()


@pytest.mark.parametrize(
    ("cqc", "ours"),
    [
        ("Herefordshire, County of", "herefordshire"),
        ("Kingston upon Hull, City of", "kingston upon hull"),
        ("Telford & Wrekin", "telford and wrekin"),
        ("Stoke-on-Trent", "stoke on trent"),
    ],
)
def test_it_matches_cqc_council_spellings_to_ours(cqc, ours):
    assert council_key(cqc) == ours


@pytest.mark.django_db
def test_it_imports_locations_linked_to_our_councils_and_marks_deregistered_ones(tmp_path):
    path = ods(tmp_path)
    out = io.StringIO()
    call_command("import_cqc_locations", str(path), stdout=out)
    assert "Imported 8 locations from the hsca" in out.getvalue()
    assert CqcProvider.objects.filter(provider_id__startswith="1-2000").count() == 3
    hereford = CqcLocation.objects.get(location_id="1-100000002")
    assert hereford.local_authority.gss_code == "E06000019"
    assert hereford.region == "West Midlands"
    smaller = tmp_path / "smaller.ods"
    with smaller.open("wb") as target:
        synthetic.hsca_ods(synthetic.hsca_rows(6), target)
    call_command("import_cqc_locations", str(smaller), stdout=io.StringIO())
    synthetic_ones = CqcLocation.objects.filter(location_id__startswith="1-1000")
    assert synthetic_ones.filter(is_registered=False).count() == 2


@pytest.mark.django_db
def test_it_refuses_a_broken_file_and_changes_nothing(tmp_path):
    path = tmp_path / "broken.ods"
    path.write_bytes(b"PK\x03\x04 broken")
    before = CqcLocation.objects.count()
    with pytest.raises(CommandError, match="Refused"):
        call_command("import_cqc_locations", str(path))
    assert CqcLocation.objects.count() == before


CQC = Path(__file__).resolve().parents[4] / "shared" / "data" / "cqc"


@pytest.mark.django_db
def test_it_imports_the_real_cqc_exports():
    sample = CQC / "cqc_search_export_sample_2025.csv"
    if not sample.exists():
        pytest.skip("shared/data is not present")
    call_command("import_cqc_locations", str(sample), stdout=io.StringIO())
    # 500 rows, of which the provider-level ones (no location id) are skipped.
    import csv

    with sample.open(encoding="utf-8") as handle:
        locations = {r["CQC Location ID (for office use only)"] for r in csv.DictReader(handle)} - {
            ""
        }
    assert CqcLocation.objects.filter(location_id__in=locations).count() == len(locations)
    archived = CQC / "cqc_search_export_care_homes_deregistered_west_midlands_2024-04.csv"
    call_command("import_cqc_locations", str(archived), stdout=io.StringIO())
    west_midlands = CqcLocation.objects.filter(region="West Midlands")
    assert west_midlands.count() >= 1065
    assert west_midlands.filter(local_authority__isnull=False).count() == west_midlands.count()
