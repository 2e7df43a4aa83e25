from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carehub.audit.models import AuditEvent
from carehub.core.local_authorities import (
    Council,
    LookupFileError,
    councils_from_lookup,
    decode,
    find_columns,
)
from carehub.core.models import LocalAuthority, Region

# Synthetic extracts in the shape of the ONS Open Geography Portal lookups.
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
# One file with region columns: the ONS style and the mySociety-style names.
SINGLE_ONS = """LTLA24CD,LTLA24NM,UTLA24CD,UTLA24NM,RGN24CD,RGN24NM,ObjectId
E07000234,Bromsgrove,E10000034,Worcestershire,E12000005,West Midlands,1
E08000025,Birmingham,E08000025,Birmingham,E12000005,West Midlands,2
W06000015,Cardiff,W06000015,Cardiff,,,3
"""
SINGLE_NAMED = """lad_gss_code,lad_name,utla_gss_code,utla_name,region_code,region_name
E06000047,County Durham,E06000047,County Durham,E12000001,North East
E08000037,Gateshead,E08000037,Gateshead,E12000001,North East
"""


def by_code(councils: list[Council]) -> dict[str, Council]:
    return {council.gss_code: council for council in councils}


def test_it_reads_the_two_ons_lookups_together():
    councils = councils_from_lookup(TIERS, REGIONS)
    assert [c.gss_code for c in councils] == sorted(c.gss_code for c in councils)
    found = by_code(councils)
    assert set(found) == {"E10000034", "E08000025", "E06000019", "E09000001", "E09000033"}
    assert found["E10000034"] == Council(
        "E10000034", "Worcestershire", "CTY", "E12000005", "West Midlands"
    )
    assert found["E06000019"].name == "Herefordshire, County of"
    assert (found["E09000033"].region_code, found["E09000033"].region_name) == (
        "E12000007",
        "London",
    )


def test_it_skips_welsh_councils():
    councils = councils_from_lookup(TIERS, REGIONS)
    assert not [c for c in councils if not c.gss_code.startswith("E")]


@pytest.mark.parametrize(
    ("code", "la_type"),
    [
        ("E10000034", "CTY"),
        ("E08000025", "MD"),
        ("E06000019", "UA"),
        ("E09000033", "LBO"),
        ("E09000001", "CC"),  # the City of London, though its prefix is E09
    ],
)
def test_it_types_each_council_by_its_code(code, la_type):
    assert by_code(councils_from_lookup(TIERS, REGIONS))[code].la_type == la_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SINGLE_ONS,
            [
                ("E08000025", "MD", "E12000005", "West Midlands"),
                ("E10000034", "CTY", "E12000005", "West Midlands"),
            ],
        ),
        (
            SINGLE_NAMED,
            [
                ("E06000047", "UA", "E12000001", "North East"),
                ("E08000037", "MD", "E12000001", "North East"),
            ],
        ),
    ],
)
def test_it_reads_a_single_file_with_region_columns(text, expected):
    councils = councils_from_lookup(text, None)
    assert [(c.gss_code, c.la_type, c.region_code, c.region_name) for c in councils] == expected


def test_it_takes_the_regions_from_the_single_file_even_when_given_a_second():
    councils = councils_from_lookup(SINGLE_ONS, "LAD23CD,RGN23CD,RGN23NM\n")
    assert {c.region_code for c in councils} == {"E12000005"}


@pytest.mark.parametrize(
    ("header", "wanted", "expected"),
    [
        (
            ["LTLA23CD", "LTLA23NM", "UTLA23CD", "UTLA23NM", "ObjectId"],
            ["lower_code", "upper_code", "upper_name"],
            {"lower_code": "LTLA23CD", "upper_code": "UTLA23CD", "upper_name": "UTLA23NM"},
        ),
        (
            ["LAD23CD", "LAD23NM", "RGN23CD", "RGN23NM", "ObjectId"],
            ["lower_code", "region_code", "region_name"],
            {"lower_code": "LAD23CD", "region_code": "RGN23CD", "region_name": "RGN23NM"},
        ),
        (
            [" ltla19cd ", "utla19cd", "utla19nm"],
            ["lower_code", "upper_code", "upper_name"],
            {"lower_code": "ltla19cd", "upper_code": "utla19cd", "upper_name": "utla19nm"},
        ),
    ],
)
def test_it_finds_columns_whatever_the_year_suffix(header, wanted, expected):
    assert find_columns(header, wanted) == expected


@pytest.mark.parametrize(
    ("header", "wanted", "message"),
    [
        (["code", "name"], ["lower_code"], "found 0 in the header: code, name"),
        (
            ["LTLA23CD", "LAD23CD", "UTLA23CD"],
            ["lower_code"],
            "Expected one column for lower code, found 2 in the header: LTLA23CD, LAD23CD",
        ),
        (["LTLA23CD", "UTLA23CD"], ["lower_code", "upper_name"], "one column for upper name"),
    ],
)
def test_it_names_the_header_when_a_column_is_missing_or_doubled(header, wanted, message):
    with pytest.raises(LookupFileError, match=message):
        find_columns(header, wanted)


@pytest.mark.parametrize(
    ("tiers", "regions", "message"),
    [
        ("", None, "The file is empty"),
        ("", REGIONS, "The file is empty"),
        (TIERS, "", "The file is empty"),
        (
            "code,name\nE08000025,Birmingham\n",
            REGIONS,
            "Expected one column for lower code, found 0 in the header: code, name",
        ),
        (
            TIERS,
            "LAD23CD,LAD23NM,Region\nE08000025,Birmingham,West Midlands\n",
            "Expected one column for region code, found 0 in the header: LAD23CD, LAD23NM, Region",
        ),
        (TIERS, None, "also give the Local Authority District to Region lookup"),
        (
            TIERS,
            REGIONS.replace("E07000235,Malvern Hills,E12000005,West Midlands,2\n", ""),
            "line 3: no region for E07000235",
        ),
        (
            TIERS,
            REGIONS.replace("E08000025,Birmingham,E12000005", "E08000025,Birmingham,"),
            "line 4: no region for E08000025",
        ),
        (
            TIERS,
            REGIONS.replace(
                "E07000235,Malvern Hills,E12000005", "E07000235,Malvern Hills,E12000004"
            ),
            "line 3: E10000034 is in two regions",
        ),
        (
            TIERS + "E07000999,Nowhere,E1234,Nowhere,8\n",
            REGIONS,
            "line 9: 'E1234' is not an English upper-tier code",
        ),
        (
            TIERS + "E07000999,Nowhere,E07000999,Nowhere,8\n",
            REGIONS,
            "'E07000999' is not an English upper-tier code",
        ),
        (
            "LTLA23CD,LTLA23NM,UTLA23CD,UTLA23NM\nW06000015,Cardiff,W06000015,Cardiff\n",
            REGIONS,
            "The lookup lists no English councils",
        ),
    ],
)
def test_it_refuses_a_lookup_it_cannot_trust(tiers, regions, message):
    with pytest.raises(LookupFileError, match=message):
        councils_from_lookup(tiers, regions)


def test_it_lists_at_most_ten_problems():
    rows = "".join(f"E070{n:05d},Lower {n},E10{n:06d},Upper {n},{n}\n" for n in range(12))
    with pytest.raises(LookupFileError, match=r"nothing was imported: .*\(and 2 more\)$"):
        councils_from_lookup("LTLA23CD,LTLA23NM,UTLA23CD,UTLA23NM,ObjectId\n" + rows, REGIONS)


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ("LTLA23CD,LTLA23NM,UTLA23CD,UTLA23NM,ObjectId\n", "lists no English councils"),
        ("<html><body>Not found</body></html>", "in the header: <html><body>Not found"),
    ],
)
def test_it_describes_a_file_with_a_header_and_no_rows(tiers, message):
    with pytest.raises(LookupFileError, match=message):
        councils_from_lookup(tiers, REGIONS)


def test_it_refuses_a_row_without_an_upper_tier_code():
    damaged = TIERS.replace(
        "E07000235,Malvern Hills,E10000034,Worcestershire,2", "E07000235,Malvern Hills,,,2"
    )
    with pytest.raises(LookupFileError, match="line 3"):
        councils_from_lookup(damaged, REGIONS)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"LTLA23CD,LTLA23NM", "LTLA23CD,LTLA23NM"),
        ("\ufeffLTLA23CD".encode(), "LTLA23CD"),  # Excel's UTF-8 byte order mark
        ("Ynys Môn".encode(), "Ynys Môn"),
        ("\ufeffYnys Môn".encode(), "Ynys Môn"),
        ("Ynys Môn".encode("cp1252"), "Ynys Môn"),  # an older Windows export
        ("St Helens – Knowsley".encode("cp1252"), "St Helens – Knowsley"),
    ],
)
def test_it_decodes_utf8_with_or_without_bom_and_falls_back_to_cp1252(raw, text):
    assert decode(raw) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_it_reads_the_header_of_a_decoded_file_whatever_the_encoding(encoding):
    raw = TIERS.replace("Malvern Hills", "Malvérn Hills").encode(encoding)
    assert len(councils_from_lookup(decode(raw), REGIONS)) == 5


# The management command, against the database.


@pytest.fixture
def lookup_files(tmp_path: Path) -> tuple[Path, Path]:
    tiers, regions = tmp_path / "tiers.csv", tmp_path / "regions.csv"
    tiers.write_text(TIERS, encoding="utf-8-sig")
    regions.write_text(REGIONS, encoding="utf-8")
    return tiers, regions


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import_local_authorities", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_councils_and_regions_and_reports_unchanged_on_a_second_run(lookup_files):
    tiers, regions = lookup_files
    Region.objects.filter(gss_code="E12000007").delete()  # the import must create it
    before = LocalAuthority.objects.count()
    # Birmingham is already there (migration); Herefordshire takes its ONS name,
    # "Herefordshire, County of"; Worcestershire is unchanged.
    assert "5 councils: 2 added, 1 updated, 2 unchanged" in run_import(
        str(tiers), f"--regions={regions}"
    )
    assert LocalAuthority.objects.count() == before + 2
    westminster = LocalAuthority.objects.get(gss_code="E09000033")
    assert (westminster.name, westminster.la_type) == ("Westminster", "LBO")
    assert (westminster.region.gss_code, westminster.region.name) == ("E12000007", "London")
    assert LocalAuthority.objects.get(gss_code="E09000001").la_type == "CC"
    assert not LocalAuthority.objects.filter(gss_code="W06000015").exists()

    event = AuditEvent.objects.filter(verb="core.local_authorities_imported").latest("seq")
    assert event.actor is None
    assert (event.subject_type, event.subject_id) == ("", "")
    assert event.data == {"counts": {"created": 2, "updated": 1, "unchanged": 2}}

    events = AuditEvent.objects.count()
    assert "5 councils: 0 added, 0 updated, 5 unchanged" in run_import(
        str(tiers), f"--regions={regions}"
    )
    assert AuditEvent.objects.count() == events + 1
    assert LocalAuthority.objects.count() == before + 2


@pytest.mark.django_db
def test_it_imports_a_single_file_with_region_columns(tmp_path):
    lookup = tmp_path / "single.csv"
    lookup.write_text(SINGLE_NAMED)
    assert "2 councils: 2 added" in run_import(str(lookup))
    assert Region.objects.get(gss_code="E12000001").name == "North East"
    assert LocalAuthority.objects.filter(region__gss_code="E12000001").count() == 2


@pytest.mark.django_db
def test_it_updates_a_renamed_council(lookup_files):
    tiers, regions = lookup_files
    run_import(str(tiers), f"--regions={regions}")
    tiers.write_text(TIERS.replace("E08000025,Birmingham,3", "E08000025,Birmingham City,3"))
    assert "0 added, 1 updated, 4 unchanged" in run_import(str(tiers), f"--regions={regions}")
    assert LocalAuthority.objects.get(gss_code="E08000025").name == "Birmingham City"


def state() -> tuple[int, int, int]:
    return (LocalAuthority.objects.count(), Region.objects.count(), AuditEvent.objects.count())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tiers", "regions", "message"),
    [
        ("<html>\n<body>Not found</body>\n</html>\n", None, "in the header: <html>"),
        ("", None, "The file is empty"),
        (TIERS, None, "--regions"),
        (
            TIERS,
            REGIONS.replace("E09000033,Westminster,E12000007", "E09000033,Westminster,"),
            "no region for E09000033",
        ),
    ],
)
def test_it_refuses_a_bad_file_and_changes_nothing(tmp_path, tiers, regions, message):
    tiers_file = tmp_path / "tiers.csv"
    tiers_file.write_text(tiers)
    args = [str(tiers_file)]
    if regions is not None:
        (tmp_path / "regions.csv").write_text(regions)
        args.append(f"--regions={tmp_path / 'regions.csv'}")
    before = state()
    with pytest.raises(CommandError, match=message):
        call_command("import_local_authorities", *args, stdout=io.StringIO())
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["lookup", "regions"])
def test_it_says_when_a_file_cannot_be_read(lookup_files, tmp_path, missing):
    tiers, regions = lookup_files
    if missing == "lookup":
        tiers = tmp_path / "missing.csv"
    else:
        regions = tmp_path / "missing.csv"
    with pytest.raises(CommandError, match="Cannot read the file"):
        call_command("import_local_authorities", str(tiers), f"--regions={regions}")


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_not_text(tmp_path):
    archive = tmp_path / "lookup.zip"
    archive.write_bytes(b"PK\x03\x04\x14\x00\x81\x8d\x90\x9d")
    before = state()
    with pytest.raises(CommandError):
        call_command("import_local_authorities", str(archive))
    assert state() == before


REAL_LOOKUP = Path("/work/shared/data/local_authorities/england_lad_to_upper_tier.csv")


@pytest.mark.django_db
def test_it_imports_every_english_council_from_the_real_lookup():
    if not REAL_LOOKUP.exists():
        pytest.skip(f"{REAL_LOOKUP} is not present")
    run_import(str(REAL_LOOKUP))
    assert LocalAuthority.objects.count() == 153
    assert LocalAuthority.objects.filter(region__gss_code="E12000005").count() == 14
    assert "0 added, 0 updated, 153 unchanged" in run_import(str(REAL_LOOKUP))
