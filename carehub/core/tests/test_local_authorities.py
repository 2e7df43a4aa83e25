from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carehub.audit.models import AuditEvent
from carehub.core.local_authorities import (
    LookupFileError,
    councils_from_lookup,
    decode,
    find_columns,
)
from carehub.core.models import LocalAuthority, Region

TIERS = """LTLA23CD,LTLA23NM,UTLA23CD,UTLA23NM,ObjectId
E07000234,Bromsgrove,E10000034,Worcestershire,1
E07000235,Malvern Hills,E10000034,Worcestershire,2
E08000025,Birmingham,E08000025,Birmingham,3
E06000019,"Herefordshire, County of",E06000019,"Herefordshire, County of",4
E09000001,City of London,E09000001,City of London,5
E09000033,Westminster,E09000033,Westminster,6
W06000015,Cardiff,W06000015,Cardiff,7
"""
REGIONS = """LAD23CD,LAD23NM,RGN23CD,RGN23NM,ObjectId
E07000234,Bromsgrove,E12000005,West Midlands,1
E07000235,Malvern Hills,E12000005,West Midlands,2
E08000025,Birmingham,E12000005,West Midlands,3
E06000019,"Herefordshire, County of",E12000005,West Midlands,4
E09000001,City of London,E12000007,London,5
E09000033,Westminster,E12000007,London,6
"""
SINGLE = """lad_gss_code,lad_name,utla_gss_code,utla_name,region_code,region_name
E06000047,County Durham,E06000047,County Durham,E12000001,North East
E08000037,Gateshead,E08000037,Gateshead,E12000001,North East
"""


def test_it_reads_the_two_ons_lookups_together():
    councils = {c.gss_code: c for c in councils_from_lookup(TIERS, REGIONS)}
    assert set(councils) == {"E10000034", "E08000025", "E06000019", "E09000001", "E09000033"}
    assert councils["E10000034"].name == "Worcestershire"
    assert councils["E06000019"].name == "Herefordshire, County of"
    assert councils["E09000033"].region_name == "London"


@pytest.mark.parametrize(
    ("code", "la_type"),
    [
        ("E10000034", "CTY"),
        ("E08000025", "MD"),
        ("E06000019", "UA"),
        ("E09000033", "LBO"),
        ("E09000001", "CC"),
    ],
)
def test_it_types_each_council_by_its_code(code, la_type):
    councils = {c.gss_code: c for c in councils_from_lookup(TIERS, REGIONS)}
    assert councils[code].la_type == la_type


def test_it_reads_a_single_file_with_region_columns():
    councils = councils_from_lookup(SINGLE)
    assert [c.gss_code for c in councils] == ["E06000047", "E08000037"]
    assert {c.region_code for c in councils} == {"E12000001"}


@pytest.mark.parametrize(
    ("tiers", "regions", "message"),
    [
        ("", None, "The file is empty"),
        ("code,name\nE1,x\n", REGIONS, "Expected one column for lower code"),
        (TIERS, None, "also give the Local Authority District to Region lookup"),
        (
            TIERS,
            REGIONS.replace("E07000235,Malvern Hills,E12000005,West Midlands,2\n", ""),
            "no region for E07000235",
        ),
        (
            TIERS,
            REGIONS.replace(
                "E07000235,Malvern Hills,E12000005", "E07000235,Malvern Hills,E12000004"
            ),
            "E10000034 is in two regions",
        ),
        (TIERS + "E0700XXXX,Nowhere,E1234,Nowhere,8\n", REGIONS, "not an English upper-tier code"),
        (
            "LTLA23CD,LTLA23NM,UTLA23CD,UTLA23NM\nW06000015,Cardiff,W06000015,Cardiff\n",
            REGIONS,
            "lists no English councils",
        ),
    ],
)
def test_it_refuses_a_lookup_it_cannot_trust(tiers, regions, message):
    with pytest.raises(LookupFileError, match=message):
        councils_from_lookup(tiers, regions)


def test_it_names_the_header_when_a_column_is_missing():
    with pytest.raises(LookupFileError, match="in the header: code, name"):
        find_columns(["code", "name"], ["lower_code"])


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\ufeffLTLA23CD".encode(), "LTLA23CD"),
        ("Ynys Môn".encode(), "Ynys Môn"),
        ("Ynys Môn".encode("cp1252"), "Ynys Môn"),
    ],
)
def test_it_decodes_utf8_with_or_without_bom_and_falls_back_to_cp1252(raw, text):
    assert decode(raw) == text


@pytest.fixture
def lookup_files(tmp_path: Path) -> tuple[Path, Path]:
    tiers, regions = tmp_path / "tiers.csv", tmp_path / "regions.csv"
    tiers.write_text(TIERS, encoding="utf-8-sig")
    regions.write_text(REGIONS)
    return tiers, regions


@pytest.mark.django_db
def test_it_imports_councils_and_reports_unchanged_on_a_second_run(lookup_files):
    tiers, regions = lookup_files
    out = io.StringIO()
    call_command("import_local_authorities", str(tiers), f"--regions={regions}", stdout=out)
    # Herefordshire takes its ONS name, "Herefordshire, County of".
    assert "5 councils: 2 added, 1 updated, 2 unchanged" in out.getvalue()
    assert Region.objects.get(gss_code="E12000007").name == "London"
    westminster = LocalAuthority.objects.get(gss_code="E09000033")
    assert (westminster.la_type, westminster.region.gss_code) == ("LBO", "E12000007")
    event = AuditEvent.objects.filter(verb="core.local_authorities_imported").latest("seq")
    assert event.data["counts"]["created"] == 2
    again = io.StringIO()
    call_command("import_local_authorities", str(tiers), f"--regions={regions}", stdout=again)
    assert "0 added, 0 updated, 5 unchanged" in again.getvalue()


@pytest.mark.django_db
def test_it_updates_a_renamed_council(lookup_files):
    tiers, regions = lookup_files
    call_command(
        "import_local_authorities", str(tiers), f"--regions={regions}", stdout=io.StringIO()
    )
    tiers.write_text(TIERS.replace("E08000025,Birmingham,3", "E08000025,Birmingham City,3"))
    out = io.StringIO()
    call_command("import_local_authorities", str(tiers), f"--regions={regions}", stdout=out)
    assert "0 added, 1 updated, 4 unchanged" in out.getvalue()
    assert LocalAuthority.objects.get(gss_code="E08000025").name == "Birmingham City"


@pytest.mark.django_db
@pytest.mark.parametrize("content", ["<html><body>Not found</body></html>", ""])
def test_it_refuses_a_bad_file_and_changes_nothing(tmp_path, content):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    before = (LocalAuthority.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError):
        call_command("import_local_authorities", str(bad))
    assert (LocalAuthority.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_it_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the file"):
        call_command("import_local_authorities", str(tmp_path / "missing.csv"))


SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "local_authorities"


@pytest.mark.django_db
def test_it_imports_every_english_council_from_the_real_lookup():
    lookup = SHARED / "england_lad_to_upper_tier.csv"
    if not lookup.exists():
        pytest.skip("shared/data is not present")
    call_command("import_local_authorities", str(lookup), stdout=io.StringIO())
    assert LocalAuthority.objects.count() == 153
    assert LocalAuthority.objects.filter(region__gss_code="E12000005").count() == 14
