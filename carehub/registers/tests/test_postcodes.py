from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carehub.lib.postcodes import normalise_outcode, normalise_postcode, outcode_of
from carehub.registers import postcode_files
from carehub.registers.geocoding import Precision, geocode
from carehub.registers.models import Postcode, PostcodeDistrict

NSPL_2025 = (
    "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,"
    "lad25cd,wd25cd,ctry25cd,rgn25cd,lat,long\n"
    "B1  1AA,B1  1AA,B1 1AA,198001,,0,406689,286822,1,E00,E99999999,E99999999,E08000025,"
    "E05,E92000001,E12000005,52.47667,-1.90353\n"
    "WR1 1AA,WR1 1AA,WR1 1AA,198001,202003,0,384000,255000,1,E00,E10000034,E58,E07000237,"
    "E05,E92000001,E12000005,52.19,-2.22\n"
    "ZZ9 9ZZ,ZZ9 9ZZ,ZZ9 9ZZ,198001,,0,0,0,9,,,,,,,,99.999999,0.000000\n"
    "GIR 0AA,GIR 0AA,GIR 0AA,198001,,1,0,0,9,,,,,,,,51.5,-0.1\n"
)
ONSPD_2023 = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,oslaua,rgn,lat,long\n"
    "CV1 1AA,CV1 1AA,CV1 1AA,198001,,E99999999,E08000026,E12000005,52.40,-1.51\n"
)
DISTRICTS = (
    "outcode,postcode_area,lat,long,n_postcodes\nB1,B,52.48,-1.90,500\nWR99,WR,52.2,-2.2,3\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b11aa", "B1 1AA"),
        (" B1  1AA ", "B1 1AA"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("WR1 1AA", "WR1 1AA"),
        ("EC1A1BB", "EC1A 1BB"),
        ("B1", None),
        ("12345", None),
        ("", None),
        ("B1 1AAA", None),
    ],
)
def test_it_validates_and_normalises_postcodes(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("wr1", "WR1"), (" B 1 ", "B1"), ("B1 1AA", None)])
def test_it_normalises_outcodes(text, expected):
    assert normalise_outcode(text) == expected


def test_it_takes_the_outcode_of_a_postcode():
    assert outcode_of("SW1A 1AA") == "SW1A"


def test_it_reads_a_2025_lookup_by_column_pattern():
    kind, rows = postcode_files.read(io.StringIO(NSPL_2025))
    found = {row.postcode: row for row in rows}
    assert kind == "postcodes"
    assert set(found) == {"B1 1AA", "WR1 1AA"}  # no grid reference, and GIR 0AA, skipped
    assert found["B1 1AA"].utla_code == "E08000025"  # not in a county: the district
    assert found["WR1 1AA"].utla_code == "E10000034"  # the county
    assert found["WR1 1AA"].terminated
    assert found["B1 1AA"].region_code == "E12000005"


def test_it_reads_an_older_onspd_header():
    _kind, rows = postcode_files.read(io.StringIO(ONSPD_2023))
    (row,) = list(rows)
    assert (row.postcode, row.lad_code, row.utla_code) == ("CV1 1AA", "E08000026", "E08000026")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a postcode file"),
        ("name,town\nA,B\n", "not a postcode file"),
        ("<html><body>error</body></html>\n", "not a postcode file"),
        (NSPL_2025.splitlines()[0] + "\nB1 1AA,B1 1AA,B1 1AA,198001\n", "cut short"),
        ("outcode,lat,long\nNOT A CODE,1,1\n", "not a postcode district"),
    ],
)
def test_it_refuses_files_it_does_not_understand(text, message):
    def read_all() -> None:
        _kind, rows = postcode_files.read(io.StringIO(text))
        list(rows)

    with pytest.raises(postcode_files.PostcodeFileError, match=message):
        read_all()


@pytest.fixture
def loaded(db, tmp_path: Path) -> None:
    lookup, districts = tmp_path / "nspl.csv", tmp_path / "districts.csv"
    lookup.write_text(NSPL_2025)
    districts.write_text(DISTRICTS)
    call_command("import_postcodes", str(lookup), stdout=io.StringIO())
    call_command("import_postcodes", str(districts), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("text", "precision", "local_authority", "terminated"),
    [
        ("b1 1aa", Precision.POSTCODE, "E08000025", False),
        ("WR1 1AA", Precision.POSTCODE, "E10000034", True),
        ("B1 9ZZ", Precision.DISTRICT, "", False),
        ("ZZ1 1ZZ", Precision.NONE, "", False),
        ("not a postcode", Precision.NONE, "", False),
    ],
)
def test_it_geocodes_as_precisely_as_the_data_allows(
    loaded, text, precision, local_authority, terminated
):
    location = geocode(text)
    assert location.precision == precision
    assert location.local_authority_code == local_authority
    assert location.terminated is terminated
    if precision != Precision.NONE:
        assert location.latitude is not None


def test_it_updates_on_reimport_and_reads_the_zip_ons_publishes(loaded, tmp_path):
    archive = tmp_path / "NSPL.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Documents/readme.csv", "x\n")
        zipped.writestr("Data/NSPL_MAY_2025_UK.csv", NSPL_2025.replace("52.47667", "52.5"))
    out = io.StringIO()
    call_command("import_postcodes", str(archive), stdout=out)
    assert "Imported 2 postcodes" in out.getvalue()
    assert Postcode.objects.get(postcode="B1 1AA").latitude == 52.5
    assert Postcode.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [NSPL_2025 + "B2 2BB,B2 2BB,B2 2BB,1\n", "<html></html>\n", "postcode,lat,long\n"]
)
def test_it_refuses_a_broken_file_and_changes_nothing(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    before = (Postcode.objects.count(), PostcodeDistrict.objects.count())
    with pytest.raises(CommandError, match="Refused"):
        call_command("import_postcodes", str(path))
    assert (Postcode.objects.count(), PostcodeDistrict.objects.count()) == before


GEO = Path(__file__).resolve().parents[4] / "shared" / "data" / "geo"


@pytest.mark.django_db
def test_it_geocodes_with_the_real_west_midlands_postcodes():
    postcodes, districts = (
        GEO / "postcodes_west_midlands_areas.csv",
        GEO / "postcode_district_centroids_gb.csv",
    )
    if not postcodes.exists():
        pytest.skip("shared/data is not present")
    call_command("import_postcodes", str(postcodes), stdout=io.StringIO())
    call_command("import_postcodes", str(districts), stdout=io.StringIO())
    assert Postcode.objects.count() == 207_010
    birmingham = geocode("B1 1AA")
    assert birmingham.precision == Precision.POSTCODE
    assert round(birmingham.latitude, 2) == 52.48
    assert geocode("M1 9ZZ").precision == Precision.DISTRICT  # Manchester: district only
