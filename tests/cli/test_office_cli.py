"""``station particulars`` and the compliance report's letter options (issue 17)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from app.cli import main

from tests.services.report_seed import seeded_once


@pytest.fixture(scope="module")
def made(made_once):
    """The station seeded once; each test starts from it."""
    return seeded_once(made_once, obligations=120)


@pytest.fixture
def station(tmp_path, made):
    return made.fresh(tmp_path), made.on(None)


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_show_set_and_refuse(station, capsys):
    path, _seeded = station
    db = ["--db", str(path)]
    code, out, _ = run(capsys, "station", "particulars", *db, "--json")
    assert code == 0 and json.loads(out)["co_hi"] == {"value": "क्षेत्राधिकारी", "set": False}
    code, out, _ = run(capsys, "station", "particulars", *db, "--set", "co_hi=क्षेत्राधिकारी नगर",
                       "--set", "station_hi=कोतवाली नगर")
    assert code == 0 and "co_hi" in out
    for bad in (["--set", "nonsense=1"], ["--set", "email=x"], ["--set", "co_hi"],
                ["--set", "co_en=CO", "--set", "bogus=2"]):
        code, _out, err = run(capsys, "station", "particulars", *db, *bad)
        assert code == 2 and err.strip(), bad
    code, out, _ = run(capsys, "station", "particulars", *db, "--json")
    info = json.loads(out)
    assert info["co_hi"] == {"value": "क्षेत्राधिकारी नगर", "set": True}
    assert info["co_en"]["set"] is False  # the refused command changed nothing, not even its good half


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_compliance_letter_in_english_with_its_number(station, tmp_path, capsys):
    path, _seeded = station
    out = tmp_path / "c.pdf"
    code, _o, _e = run(capsys, "report", "compliance", "--db", str(path), "--from", "2026-10-01", "--to",
                       "2026-10-31", "--out", str(out), "--lang", "en", "--letter-no", "CCTNS-17/2026",
                       "--enclosure", "Copy of the inspection note")
    assert code == 0
    text = _text(out)
    for words in ("Office of the Inspector In-charge", "Letter no.: CCTNS-17/2026", "To,",
                  "Superintendent of Police, district Lucknow.", "Nodal Officer CCTNS, district Lucknow.",
                  "Through: Circle Officer, district Lucknow.", "Subject:", "Reference:", "dated 19.11.2018",
                  "February 2019", "Sir,", "1. Copy of the inspection note", "Yours faithfully,",
                  "Inspector In-charge", "Copy to:"):
        assert words in text, words
    assert re.search(r"position\s+at\s+31\.10\.2026\s+23:59", text)  # the moment the figures describe
    assert text.index("Sir,") < text.index("1. Who") < text.index("Yours faithfully,") < text.index("Copy to:")


def test_letter_no_too_long_is_refused_and_no_file(station, tmp_path, capsys):
    path, _seeded = station
    out = tmp_path / "c.pdf"
    code, _o, err = run(capsys, "report", "compliance", "--db", str(path), "--from", "2026-10-01", "--to",
                        "2026-10-31", "--out", str(out), "--letter-no", "x" * 81)
    assert code == 2 and "Letter number" in err and not out.exists()


def test_hindi_letter_without_number_leaves_a_line_and_names_the_sho(station, tmp_path, capsys):
    path, seeded = station
    out = tmp_path / "c.pdf"
    code, _o, _e = run(capsys, "report", "compliance", "--db", str(path), "--from", "2026-10-01", "--to",
                       "2026-10-31", "--out", str(out), "--lang", "hi")
    assert code == 0
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert re.search(r"_{20,}", text)  # the पत्रांक to be written by hand


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def test_both_languages_each_half_wholly_in_its_language(station, tmp_path, capsys):
    """Round trip through pdftotext: the Hindi half of the opening names no English month, the English half
    has no Devanagari (the station's name is in Latin letters here)."""
    path, _seeded = station
    out = tmp_path / "both.pdf"
    code, _o, _e = run(capsys, "report", "compliance", "--db", str(path), "--from", "2026-10-01", "--to",
                       "2026-10-31", "--out", str(out), "--lang", "both")
    assert code == 0
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    start = text.index("In compliance with")
    hindi_half = text[text.rindex("Sir,", 0, start):start]
    english_half = text[start:text.index("23:59.", start)]
    assert "2026" in hindi_half and not any(m in hindi_half for m in MONTHS), hindi_half
    assert "1 October 2026 to 31 October 2026" in english_half
    assert not re.search("[\u0900-\u097F]", english_half), english_half


MIXED = re.compile(r"\d{4} / \d{1,2} (?:%s) \d{4} (?:से|तक)" % "|".join(MONTHS))


def test_no_document_mixes_a_date_into_the_other_half(station, tmp_path, capsys):
    """The old defect, "अवधि: 1 नवंबर 2026 / 1 November 2026 से …": in no two-language document is a Hindi
    sentence given a date in both languages."""
    path, seeded = station
    db = ["--db", str(path), "--lang", "both"]
    commands = [["checklist"], ["slip", "--person", str(seeded.ids["Priya Mishra"])],
                ["report", "compliance", "--from", "2026-10-01", "--to", "2026-10-31"],
                ["report", "pendency", "--from", "2026-10-01", "--to", "2026-10-31"]]
    for i, command in enumerate(commands):
        out = tmp_path / f"d{i}.pdf"
        code, _o, err = run(capsys, *command, *db, "--out", str(out))
        assert code == 0, err
        text = " ".join(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        if command[0] == "report":  # a period in words: the check below has something to look at
            assert re.search(r"\d+ \S+ 2026 से \d+ \S+ 2026", text), command
        assert not MIXED.search(text), (command, MIXED.search(text).group(0))
    assert MIXED.search("अवधि: 1 नवंबर 2026 / 1 November 2026 से 30 नवंबर 2026")  # the check catches the old defect
