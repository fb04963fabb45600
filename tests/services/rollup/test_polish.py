"""A hostile tester's findings on the rollup, each fixed (issue 19): ``--out`` into a missing folder is refused as the
station's own print commands refuse it; the English letter cites the circular by its English number."""

from __future__ import annotations

import subprocess

import pytest

from tests.services.rollup.test_views import _cli


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("action", [["report"], ["checklist", "ST-01"], ["ack", "ST-01"]])
def test_out_into_a_missing_folder_is_refused_and_nothing_is_made(filled_read_only, rollup_url, tmp_path, capsys,
                                                                  action):
    target = tmp_path / "no" / "such" / "folder" / "out.pdf"
    code, out, err = _cli(capsys, "rollup", *action, "--url", rollup_url, "--out", str(target))
    assert code == 2 and "does not exist" in err and "Traceback" not in err, err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("action", [["report"], ["checklist", "ST-01"]])
def test_a_document_must_be_a_pdf_like_the_stations_own(filled_read_only, rollup_url, tmp_path, capsys, action):
    target = tmp_path / "report.txt"
    code, out, err = _cli(capsys, "rollup", *action, "--url", rollup_url, "--out", str(target))
    assert code == 2 and ".pdf" in err and not target.exists()


def test_station_enrol_file_into_a_missing_folder_is_refused(stations, tmp_path, capsys):
    target = tmp_path / "usb" / "enrol.json"
    code, out, err = _cli(capsys, "station", "enrol-file", "--db", str(stations / "ST-01.sqlite3"), "--out",
                          str(target))
    assert code == 2 and "does not exist" in err and not (tmp_path / "usb").exists()


@pytest.mark.parametrize("lang, number, other", [("en", "TS-CCTNS-35/2010", "टीएस-सीसीटीएनएस"),
                                                 ("hi", "टीएस-सीसीटीएनएस-35/2010", "TS-CCTNS")])
def test_the_letter_cites_the_circular_by_its_number_in_that_language(filled_read_only, rollup_url, tmp_path, capsys,
                                                                      lang, number, other):
    out_pdf = tmp_path / f"report-{lang}.pdf"
    code, out, err = _cli(capsys, "rollup", "report", "--url", rollup_url, "--out", str(out_pdf), "--doc-lang", lang)
    assert code == 0, err
    text = _text(out_pdf)
    assert number in text and other not in text


def test_a_two_language_letter_cites_each_half_in_its_own(filled_read_only, tmp_path):
    from app.services import rollup_views

    out_pdf = tmp_path / "both.pdf"
    rollup_views.write_report(filled_read_only, out_pdf, lang="both")
    text = _text(out_pdf)
    assert "टीएस-सीसीटीएनएस-35/2010" in text and "TS-CCTNS-35/2010" in text



def _forget(store, tbl: str, origin_id) -> None:
    """A bundle whose entries name a person or case it never carried (only the station's key can sign one): the
    record taken out of the rollup after the import."""
    from sqlalchemy import text

    with store.engine.begin() as conn:
        gone = conn.execute(text("DELETE FROM rollup_rows WHERE tbl = :tbl AND origin_id = :id"),
                            {"tbl": tbl, "id": str(origin_id)}).rowcount
    assert gone >= 1


def test_people_and_cases_not_in_the_bundle_are_named_one_way(filled, rollup_url, tmp_path, capsys):
    import json

    code, out, err = _cli(capsys, "rollup", "station", "ST-01", "--url", rollup_url, "--json")
    before = json.loads(out)
    entry = next(e for e in before["entries"] if e["person_id"] is not None and e["case_id"] is not None)
    person, case = entry["person_id"], entry["case_id"]
    _forget(filled, "persons", person)
    _forget(filled, "cases", case)
    words_p, words_c = f"person #{person} (not in the bundle)", f"case #{case} (not in the bundle)"

    code, out, err = _cli(capsys, "rollup", "station", "ST-01", "--url", rollup_url, "--json")
    after = json.loads(out)
    gone = [p for p in after["persons"] if p["person_id"] == person]
    assert gone and gone[0]["name"] == words_p and gone[0]["in_bundle"] is False
    e = next(x for x in after["entries"] if x["id"] == entry["id"])
    assert (e["person"], e["person_in_bundle"], e["case"], e["case_in_bundle"]) == (words_p, False, words_c, False)
    assert all(x["person_in_bundle"] for x in after["entries"] if x["person_id"] != person)

    code, out, err = _cli(capsys, "rollup", "station", "ST-01", "--url", rollup_url)
    assert code == 0 and words_p in out and words_c in out
    code, out, err = _cli(capsys, "--lang", "hi", "rollup", "station", "ST-01", "--url", rollup_url)
    assert f"व्यक्ति #{person} (बंडल में नहीं)" in out and f"मुकदमा #{case} (बंडल में नहीं)" in out

    pdf = tmp_path / "visit.pdf"
    code, out, err = _cli(capsys, "rollup", "checklist", "ST-01", "--url", rollup_url, "--out", str(pdf),
                          "--doc-lang", "en")
    assert code == 0, err
    assert f"person #{person} (not in the" in _text(pdf)
