"""``export pending|cases|audit``: the lists to .xlsx with the list commands' filters, in either language."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.core import clock

NOW = dt.datetime(2025, 3, 5, 12, 0)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _set_up(path) -> None:
    clock.pin(NOW)
    d = ("--db", str(path))
    try:
        assert main(["init", "--station", "Kotwali Nagar", "--district", "Sitapur", *d]) == 0
        for pid, (name, role) in enumerate((("Vikram Singh", "sho"), ("राम प्रकाश यादव", "mohrir"),
                                            ("Sunita Yadav", "io")), start=1):
            assert main(["staff", "add", "--name", name, "--rank", "SI", *d]) == 0
            assert main(["staff", "assign", str(pid), role, "--from", "2025-01-01", *d]) == 0
        assert main(["case", "add", "fir", "--number", "12/2025", "--date", "2025-03-01 10:00", "--io", "3",
                     "--act", "BNS", "--sections", "303(2)", "--offence-date", "2025-02-28",
                     "--description", '=HYPERLINK("http://x","click")', *d]) == 0
        assert main(["case", "add", "ncr", "--date", "2025-03-04 09:00", *d]) == 0
    finally:
        clock.pin(None)


@pytest.fixture(scope="module")
def made(made_once):
    """The station set up once through the commands; each test starts from it."""
    return made_once(_set_up)


@pytest.fixture
def db_path(tmp_path, made):
    return made.fresh(tmp_path)


@pytest.fixture
def station(capsys, db_path):
    capsys.readouterr()
    clock.pin(NOW)
    yield ("--db", str(db_path))
    clock.pin(None)


def _sheet(path):
    wb = load_workbook(path)
    assert len(wb.sheetnames) == 1
    return wb[wb.sheetnames[0]]


def test_export_pending_with_filters_in_both_languages(capsys, station, tmp_path):
    out = tmp_path / "pending.xlsx"
    code, text, err = run(capsys, "export", "pending", "--out", str(out), *station)
    assert code == 0, err
    ws = _sheet(out)
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Id", "Due", "State"] and "CAS reference" in header
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows and f"{len(rows)} rows written" in text
    assert all(isinstance(r[1], dt.datetime) for r in rows)  # due moments as dates, not text
    assert {r[8] for r in rows} >= {"FIR 12/2025"}

    only = tmp_path / "mohrir.xlsx"
    assert run(capsys, "export", "pending", "--out", str(only), "--role", "mohrir", *station)[0] == 0
    mohrir_rows = list(_sheet(only).iter_rows(min_row=2, values_only=True))
    assert 0 < len(mohrir_rows) < len(rows)
    assert {r[6] for r in mohrir_rows} == {"Mohrir"} or len({r[6] for r in mohrir_rows}) == 1

    hi = tmp_path / "hi.xlsx"
    assert run(capsys, "export", "pending", "--out", str(hi), "--lang", "hi", *station)[0] == 0
    hi_header = [c.value for c in _sheet(hi)[1]]
    assert hi_header != header and any("\u0900" <= ch <= "\u097f" for ch in "".join(hi_header))


def test_export_cases_keeps_text_as_text_and_dates_as_dates(capsys, station, tmp_path):
    out = tmp_path / "cases.xlsx"
    code, _out, err = run(capsys, "export", "cases", "--out", str(out), "--json", *station)
    assert code == 0, err
    ws = _sheet(out)
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 2
    fir = next(r for r in rows if r[1].value == "FIR 12/2025")
    assert fir[5].value == dt.datetime(2025, 3, 1, 10, 0) and fir[6].value == dt.datetime(2025, 2, 28)
    assert fir[12].data_type == "s" and fir[12].value.startswith("=HYPERLINK")
    out2 = tmp_path / "fir.xlsx"
    assert run(capsys, "export", "cases", "--out", str(out2), "--kind", "fir", *station)[0] == 0
    assert len(list(_sheet(out2).iter_rows(min_row=2))) == 1


def test_export_audit_is_recorded_in_the_trail(capsys, station, tmp_path):
    out = tmp_path / "audit.xlsx"
    code, text, err = run(capsys, "export", "audit", "--out", str(out), "--json", *station)
    assert code == 0, err
    rows = list(_sheet(out).iter_rows(min_row=2, values_only=True))
    assert rows and isinstance(rows[0][1], dt.datetime)
    code, text, err = run(capsys, "audit", "list", "--limit", "1", "--json", *station)
    assert '"audit.export"' in text


@pytest.mark.parametrize("argv, message", [
    (("export", "pending", "--out", "{tmp}/a.csv"), "xlsx"),
    (("export", "pending", "--out", "{tmp}/no/a.xlsx"), "does not exist"),
    (("export", "pending", "--out", "{tmp}/a.xlsx", "--role", "nobody"), "Unknown role"),
    (("export", "cases", "--out", "{tmp}/a.xlsx", "--kind", "nothing"), ""),
    (("export", "cases", "--out", "{tmp}/a.xlsx", "--year", "twenty"), ""),
    (("export", "audit", "--out", "{tmp}/a.xlsx", "--from", "2025-13-40"), ""),
])
def test_bad_input_is_refused_and_nothing_written(capsys, station, tmp_path, argv, message):
    argv = [a.format(tmp=tmp_path) for a in argv]
    code, _out, err = run(capsys, *argv, *station)
    assert code == 2 and "Error" in err and message in err
    assert not list(tmp_path.glob("*.xlsx")) and not (tmp_path / "no").exists()


def test_refusal_in_hindi(capsys, station, tmp_path):
    code, _out, err = run(capsys, "export", "pending", "--out", str(tmp_path / "a.txt"), "--lang", "hi", *station)
    assert code == 2 and "a.txt" in err and "Excel वर्कबुक" in err


def test_export_figures_per_role_and_in_all(capsys, station, tmp_path):
    out = tmp_path / "figures.xlsx"
    code, _out, err = run(capsys, "export", "figures", "--out", str(out), *station)
    assert code == 0, err
    wb = load_workbook(out)
    ws = wb[wb.sheetnames[0]]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Section", "Role", "Held by", "Pending") and ws.freeze_panes == "A2"
    total = rows[-1]
    assert total[1] == "All roles" and total[3] == sum(r[3] for r in rows[1:-1]) > 0
    assert total[3] == sum(total[8:12])  # the age bands add up to what is pending
    assert isinstance(wb[wb.sheetnames[1]]["B2"].value, dt.datetime)
    code, _out, err = run(capsys, "export", "figures", "--out", str(tmp_path / "x.xlsx"), "--as-of", "2099-01-01",
                          *station)
    assert code == 2 and not (tmp_path / "x.xlsx").exists()
