import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_staff_assign_check(capsys, db_path):
    code, out, _ = run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(db_path), "--json")
    assert code == 0 and json.loads(out)["name"] == "Kotwali"
    code, out, _ = run(capsys, "staff", "add", "--name", "Ram Prakash", "--rank", "SI", "--pno", "9001",
                       "--db", str(db_path), "--json")
    assert code == 0
    pid = json.loads(out)["id"]
    code, out, _ = run(capsys, "staff", "assign", str(pid), "io", "--from", "2026-01-01", "--db", str(db_path))
    assert code == 0
    code, out, _ = run(capsys, "staff", "list", "--db", str(db_path), "--json")
    people = json.loads(out)
    assert people[0]["name"] == "Ram Prakash" and people[0]["roles"] == ["io"]
    code, out, _ = run(capsys, "check", "--db", str(db_path), "--json")
    report = json.loads(out)
    assert code == 0 and report["integrity_ok"] and report["at_head"]


def test_catalogue_json(capsys, db_path):
    code, out, _ = run(capsys, "catalogue", "--json", "--db", str(db_path))
    duties = json.loads(out)
    assert code == 0 and len(duties) == 69
    assert set(duties[0]) >= {"code", "role", "form", "name_hi", "name_en", "kind"}
    code, out, _ = run(capsys, "catalogue", "--role", "io", "--json", "--db", str(db_path))
    assert [d["code"] for d in json.loads(out)] == [f"C-{i}" for i in range(1, 7)]


@pytest.mark.parametrize("argv, needle", [
    (["staff", "assign", "1", "bogus", "--from", "2026-01-01"], "Unknown role"),
    (["staff", "assign", "1", "io", "--from", "2026-13-45"], "not a valid date"),
    (["staff", "assign", "abc", "io", "--from", "2026-01-01"], "whole number"),
    (["staff", "assign", "99", "io", "--from", "2026-01-01"], "no person with id 99"),
    (["staff", "add", "--name", "  ", "--rank", "SI"], "Name is required"),
    (["init", "--station", "Other", "--district", "X"], "already belongs"),
    (["catalogue", "--role", "dsp"], "Unknown role"),
])
def test_bad_input_exits_2_and_writes_nothing(capsys, db_path, argv, needle):
    run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(db_path))
    from tests.pg_store import raw_sql

    def snapshot():
        return [raw_sql(db_path, f"select count(*) from {t}")[0][0]
                for t in ("persons", "role_assignments", "stations", "audit_entries")]

    before = snapshot()
    code, out, err = run(capsys, *argv, "--db", str(db_path))
    assert code == 2
    assert needle in err
    assert out == ""
    assert snapshot() == before


def test_init_with_bad_input_creates_no_file(capsys, tmp_path):
    path = tmp_path / "new.sqlite3"
    code, _, err = run(capsys, "init", "--station", "", "--district", "X", "--db", str(path))
    assert code == 2 and "required" in err
    assert not path.exists()


def test_commands_need_a_database(capsys, tmp_path):
    code, _, err = run(capsys, "staff", "list", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "No database" in err


def test_hindi_messages(capsys, db_path):
    run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(db_path))
    code, _, err = run(capsys, "staff", "assign", "1", "bogus", "--from", "2026-01-01", "--db", str(db_path),
                       "--lang", "hi")
    assert code == 2 and err.strip()


@pytest.mark.sqlite_only("a database not created yet is a missing file; a server's database is made by createdb")
def test_python_dash_m_app_runs_cli(db_path):
    result = subprocess.run([sys.executable, "-m", "app", "check", "--db", str(db_path), "--json"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1  # no database yet: reported, not crashed
    assert json.loads(result.stdout)["exists"] is False


@pytest.mark.parametrize("argv, english, hindi", [
    (("staff", "end", "2", "io"), "the following arguments are required: --on", "ये आर्गुमेंट आवश्यक हैं: --on"),
    (("pending", "--bogus"), "unrecognized arguments: --bogus", "अपरिचित आर्गुमेंट: --bogus"),
    (("staff", "end", "2", "io", "--on", "2026-01-01", "--to", "3", "--release"),
     "argument --release: not allowed with argument --to", "आर्गुमेंट --release: आर्गुमेंट --to के साथ अनुमति नहीं है"),
    (("pending", "--limit"), "argument --limit: expected one argument", "आर्गुमेंट --limit: एक मान अपेक्षित है"),
])
def test_argparse_errors_in_the_user_s_language(capsys, tmp_path, argv, english, hindi):
    """F20: argparse's own refusals (exit 2) come out in Hindi under --lang hi, and in English without it."""
    for lang, text, usage in (("hi", hindi, "उपयोग: "), ("en", english, "usage: ")):
        with pytest.raises(SystemExit) as exit_:
            main([*argv, "--lang", lang, "--db", str(tmp_path / "none.sqlite3")])
        out, err = capsys.readouterr()
        assert exit_.value.code == 2 and out == "" and text in err and err.startswith(usage), (lang, err)
