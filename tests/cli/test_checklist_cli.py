"""``checklist`` on the command line (issue 17): the annex and the CAS sample as options, bad values refused with
exit 2, and a visit's first print keeping its sample as a signed-in user when the station has accounts."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from app.cli import main
from app.services import accounts, inspections
from app.services.core import clock
from app.services.station import open_database
from tests.pdf_text import page_texts
from tests.services.report_seed import TODAY, seed_station

PW = "river tea window"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    for var in ("ANUPALAN_PASSWORD", "ANUPALAN_USER", "ANUPALAN_NEW_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    yield
    accounts.use_params(None)


@pytest.fixture(scope="module")
def made(made_once):
    """The station seeded, with a visit recorded, once; each test starts from it."""
    kept = {}

    def build(path):
        db = open_database(path)
        try:
            kept["seeded"] = seed_station(db, obligations=200)
            kept["visit"] = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="K. Tripathi",
                                                          officer_rank="co").id
        finally:
            db.close()
            clock.pin(None)

    return made_once(build), kept["seeded"], kept["visit"]


@pytest.fixture
def station(tmp_path, made):
    clock.pin(TODAY)  # as seed_station leaves it
    return made[0].fresh(tmp_path), made[1], made[2]


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _pages(path) -> int:
    return len(PdfReader(path).pages)


def test_annex_and_sample_options(station, tmp_path, capsys):
    path, _seeded, _visit = station
    d = ("--db", str(path))
    sizes = {}
    for annex in ("none", "oldest", "all"):
        out = tmp_path / f"{annex}.pdf"
        code, _o, err = run(capsys, "checklist", *d, "--out", str(out), "--lang", "en", "--annex", annex)
        assert code == 0, err
        sizes[annex] = _pages(out)
    assert sizes["none"] < sizes["oldest"] <= sizes["all"]
    code, _o, _e = run(capsys, "checklist", *d, "--out", str(tmp_path / "legacy.pdf"), "--lang", "en", "--all-overdue")
    assert code == 0 and _pages(tmp_path / "legacy.pdf") == sizes["all"]
    code, _o, _e = run(capsys, "checklist", *d, "--out", str(tmp_path / "s0.pdf"), "--lang", "en", "--sample", "0")
    assert code == 0
    text = "\n".join(page_texts(tmp_path / "s0.pdf"))
    assert "Sample for verification" not in text


@pytest.mark.parametrize("args, message", [
    (["--annex", "some"], "Unknown annex"),
    (["--sample", "51"], "from 0 to 50"),
    (["--sample", "-1"], "from 0 to 50"),
    (["--sample", "five"], "from 0 to 50"),
    (["--inspection", "99"], "no inspection with id 99"),
])
def test_bad_values_exit_2_and_write_nothing(station, tmp_path, capsys, args, message):
    path, _seeded, _visit = station
    out = tmp_path / "c.pdf"
    code, _o, err = run(capsys, "checklist", "--db", str(path), "--out", str(out), *args)
    assert code == 2 and message in err and not out.exists()


def test_a_visits_first_print_keeps_its_sample_as_the_signed_in_user(station, tmp_path, capsys, monkeypatch):
    path, _seeded, visit = station
    db = open_database(path)
    accounts.create_first_admin(db, username="omop", password=PW, confirm=PW, name="Omop", rank="Head Constable")
    db.close()
    d = ("--db", str(path))
    out = tmp_path / "v.pdf"
    code, _o, err = run(capsys, "checklist", *d, "--inspection", str(visit), "--out", str(out))
    assert code == 2 and "--user" in err and not out.exists()  # who keeps the sample must be known
    db = open_database(path)
    assert not inspections.get_inspection(db, visit).info.sample_kept
    db.close()
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, o, err = run(capsys, "checklist", *d, "--inspection", str(visit), "--out", str(out), "--user", "omop",
                       "--json")
    assert code == 0, err
    assert json.loads(o)["pages"] == _pages(out)
    db = open_database(path)
    assert inspections.get_inspection(db, visit).info.sample_kept
    db.close()
    # a reprint needs nobody: nothing is written; without a sample nobody either
    monkeypatch.delenv("ANUPALAN_PASSWORD")
    code, _o, err = run(capsys, "checklist", *d, "--inspection", str(visit), "--out", str(tmp_path / "r.pdf"))
    assert code == 0, err
