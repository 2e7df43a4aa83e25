from __future__ import annotations

import pytest

from carehub.registers.sponsor_register import (
    Change,
    ChangeKind,
    Licence,
    Rating,
    SuspectFileError,
    diff,
    normalise_name,
    normalise_town,
    parse,
    split_type_and_rating,
)

HEADER = '"Organisation Name","Town/City","County","Type & Rating","Route"\r\n'


def csv_bytes(*lines: str, bom: bool = False, encoding: str = "utf-8") -> bytes:
    text = HEADER + "".join(f"{line}\r\n" for line in lines)
    return (("\ufeff" if bom else "") + text).encode(encoding)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Worker (A rating)", Licence("Worker", Rating.A, "")),
        ("Temporary Worker (A rating)", Licence("Temporary Worker", Rating.A, "")),
        ("Worker (B rating)", Licence("Worker", Rating.B, "")),
        ("Worker (A (Premium))", Licence("Worker", Rating.A, "Premium")),
        ("Temporary Worker (A (SME+))", Licence("Temporary Worker", Rating.A, "SME+")),
        ("Worker (UK Expansion Worker: Provisional)", Licence("Worker", Rating.PROVISIONAL, "")),
        ("Worker (UK Expansion Worker: Provisional )", Licence("Worker", Rating.PROVISIONAL, "")),
        ("Worker (Probationary Sponsor)", Licence("Worker", Rating.OTHER, "")),
        ("  Worker  (A rating) ", Licence("Worker", Rating.A, "")),
        ("Something New", Licence("Something New", Rating.OTHER, "")),
    ],
)
def test_it_splits_type_and_rating(value, expected):
    assert split_type_and_rating(value) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ANKâ??S Beauty Clinic Limited", "ank's beauty clinic limited"),
        ("Societe Pour L’Expansion", "societe pour l'expansion"),
        ("  Acorn   Nursing Home ", "acorn nursing home"),
        ('API Software Limited (Trading as "AutoRek")', "api software limited trading as autorek"),
        ("Covéa Insurance plc", "covéa insurance plc"),
    ],
)
def test_it_normalises_names_for_matching_only(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Birmingham", "birmingham"),
        ("HAMILTON,", "hamilton"),
        ("Stoke-on-Trent", "stoke on trent"),
    ],
)
def test_it_normalises_towns(raw, expected):
    assert normalise_town(raw) == expected


def test_it_parses_the_real_quirks():
    raw = csv_bytes(
        '"Acorn Nursing Home"," Birmingham",,"Worker (A rating)","Skilled Worker"',
        '"Acorn Nursing Home","Blackpool","Choose County","Worker (A rating)","Skilled Worker"',
        '"API Software Limited (Trading as ""AutoRek"")","London",,"Worker (A rating)","Skilled Worker"',
        '"Acorn Nursing Home"," Birmingham",,"Worker (A rating)","Skilled Worker"',
        "",
        '"3i plc","London",,"Temporary Worker (A rating)","Global Business Mobility: Graduate Trainee"',
        bom=True,
    )
    parsed = parse(raw)
    assert parsed.duplicate_rows == 1
    assert [row.name for row in parsed.rows] == [
        "Acorn Nursing Home",
        "Acorn Nursing Home",
        'API Software Limited (Trading as "AutoRek")',
        "3i plc",
    ]
    assert parsed.rows[0].town == "Birmingham"
    assert parsed.rows[0].key != parsed.rows[1].key  # same name, different towns
    assert parsed.rows[3].licence.licence_type == "Temporary Worker"


def test_it_falls_back_to_cp1252_only_when_utf8_fails():
    raw = csv_bytes(
        '"Café Care Ltd","Leeds",,"Worker (A rating)","Skilled Worker"', encoding="cp1252"
    )
    assert parse(raw).rows[0].name == "Café Care Ltd"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"<!DOCTYPE html><html><body>Service unavailable</body></html>", "web page"),
        (b'"Name","Town"\r\n"A","B"\r\n', "The header is Name, Town"),
        (HEADER.encode() + b'"Acorn Nursing Home","Birmingham",,"Worker (A r', "cut short"),
        (
            HEADER.encode() + b'"","Birmingham",,"Worker (A rating)","Skilled Worker"\r\n',
            "no organisation name",
        ),
    ],
)
def test_it_refuses_suspect_files_with_a_reason(raw, message):
    with pytest.raises(SuspectFileError, match=message):
        parse(raw)


KEY_A = ("acorn nursing home", "birmingham", "worker", "skilled worker")
KEY_A2 = ("acorn nursing home", "birmingham", "temporary worker", "charity worker")
KEY_B = ("brindley court care ltd", "birmingham", "worker", "skilled worker")


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        ({}, {KEY_A: "A"}, [Change(KEY_A, ChangeKind.NEW_LICENCE, new_rating="A")]),
        ({KEY_A: "A"}, {}, [Change(KEY_A, ChangeKind.REMOVED, old_rating="A")]),
        (
            {KEY_A: "A"},
            {KEY_A: "A", KEY_A2: "A"},
            [Change(KEY_A2, ChangeKind.ROUTE_ADDED, new_rating="A")],
        ),
        (
            {KEY_A: "A", KEY_A2: "A"},
            {KEY_A: "A"},
            [Change(KEY_A2, ChangeKind.ROUTE_REMOVED, old_rating="A")],
        ),
        ({KEY_A: "A"}, {KEY_A: "B"}, [Change(KEY_A, ChangeKind.DOWNGRADED, "A", "B")]),
        ({KEY_A: "B"}, {KEY_A: "A"}, [Change(KEY_A, ChangeKind.UPGRADED, "B", "A")]),
        (
            {KEY_A: "Provisional"},
            {KEY_A: "A"},
            [Change(KEY_A, ChangeKind.UPGRADED, "Provisional", "A")],
        ),
        ({KEY_A: "A", KEY_B: "A"}, {KEY_A: "A", KEY_B: "A"}, []),
        (
            {KEY_A: "A", KEY_B: "A"},
            {KEY_B: "B"},
            [
                Change(KEY_A, ChangeKind.REMOVED, old_rating="A"),
                Change(KEY_B, ChangeKind.DOWNGRADED, "A", "B"),
            ],
        ),
    ],
)
def test_it_says_what_changed_between_snapshots(previous, current, expected):
    assert diff(previous, current) == expected
