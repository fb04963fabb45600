"""The document and inspection commands: files written, JSON output, bad input exits 2 and writes nothing."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from app.cli import main

from tests.services.report_seed import seeded_once


@pytest.fixture(scope="module")
def made(made_once):
    """The station seeded once; each test starts from it."""
    return seeded_once(made_once, obligations=200)


@pytest.fixture
def station(tmp_path, made):
    return made.fresh(tmp_path), made.on(None)


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_documents_are_written(station, tmp_path, capsys):
    path, seeded = station
    db = ["--db", str(path)]
    code, out, _err = run(capsys, "checklist", *db, "--out", str(tmp_path / "c.pdf"), "--lang", "both", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["pages"] == len(PdfReader(tmp_path / "c.pdf").pages) > 1
    code, out, _ = run(capsys, "slip", *db, "--person", str(seeded.ids["Priya Mishra"]), "--out",
                       str(tmp_path / "s.pdf"), "--lang", "en")
    assert code == 0 and "s.pdf" in out
    code, out, _ = run(capsys, "slip", *db, "--all", "--out", str(tmp_path / "all.pdf"), "--json")
    info = json.loads(out)
    assert code == 0 and len(info["persons"]) == 6
    assert [h["person_id"] for h in info["halves"]] == info["persons"]  # one slip each, in order
    assert info["pages"] == len(PdfReader(tmp_path / "all.pdf").pages) == (sum(
        h["halves"] for h in info["halves"]) + 1) // 2
    assert [s["pending"] for s in info["slips"]] == [sum(d["pending"] for d in s["duties"]) for s in info["slips"]]
    for kind in ("compliance", "pendency"):
        code, _out, _ = run(capsys, "report", kind, *db, "--from", "2026-10-01", "--to", "2026-10-31",
                            "--out", str(tmp_path / f"{kind}.pdf"))
        assert code == 0 and (tmp_path / f"{kind}.pdf").exists()


def test_inspection_commands(station, capsys):
    path, seeded = station
    db = ["--db", str(path)]
    code, out, _ = run(capsys, "inspection", "add", *db, "--date", "2026-11-15", "--officer", "K. Tripathi",
                       "--rank", "co", "--surprise", "--json")
    assert code == 0
    visit = json.loads(out)["id"]
    code, out, _ = run(capsys, "inspection", "instruct", *db, str(visit), "--person",
                       str(seeded.ids["Shyam Lal"]), "--text", "Update the register", "--due", "2026-11-30", "--json")
    assert code == 0 and json.loads(out)["duty"] == "B-18"
    code, out, _ = run(capsys, "inspection", "show", *db, str(visit), "--json")
    shown = json.loads(out)
    assert shown["inspection"]["surprise"] and shown["instructions"][0]["status"] == "pending"


@pytest.mark.parametrize("args, message", [
    (["checklist", "--out", "{tmp}/c.txt"], ".pdf"),
    (["checklist", "--out", "{tmp}/missing/c.pdf"], "does not exist"),
    (["checklist", "--out", "{tmp}/c.pdf", "--as-of", "32.13.2026"], "not a valid date"),
    (["slip", "--out", "{tmp}/c.pdf"], "--person"),
    (["slip", "--person", "999", "--out", "{tmp}/c.pdf"], "999"),
    (["report", "compliance", "--from", "2026-10-31", "--to", "2026-10-01", "--out", "{tmp}/c.pdf"], "before"),
    (["inspection", "add", "--date", "2099-01-01", "--officer", "K", "--rank", "co"], "future"),
])
def test_bad_input_exits_2_and_writes_nothing(station, tmp_path, capsys, args, message):
    path, _seeded = station
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _out, err = run(capsys, *args[:2] if args[0] == "report" else args[:1],
                          *(args[2:] if args[0] == "report" else args[1:]), "--db", str(path))
    assert code == 2 and message in err
    assert not list(tmp_path.glob("c.*"))


def test_other_commands_keep_their_lang_option(station, capsys):
    path, _seeded = station
    code, out, _ = run(capsys, "staff", "list", "--db", str(path), "--lang", "en")
    assert code == 0 and "Shyam Lal" in out
