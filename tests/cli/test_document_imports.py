"""A printed document imports its own module, not every document's: the checklist does not load the slip,
the compliance and pendency reports, the attendance sheet, today's plan, the accounts' code (argon2) or
the importers, and each report does not load the checklist (lazy package ``__init__``s, app/lazy.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CODE = textwrap.dedent("""
    import sys
    from app.cli import main
    heavy = tuple(sys.argv[2].split(","))
    # the command as ``python -m app`` runs it, short of its quick end (which would not let this line print)
    assert main([*sys.argv[3:], "--db", sys.argv[1]], fresh_process=True) == 0
    print(sorted(m for m in sys.modules if m.startswith(heavy)))
""")

OTHER_DOCUMENTS = ("app.services.reports.slip", "app.services.reports.compliance", "app.services.reports.pendency",
                   "app.services.reports.attendance", "app.services.reports.plan_section", "app.services.plan",
                   "app.services.reports.letter")
NOT_PRINTING = ("app.services.accounts.", "argon2", "app.services.backup", "app.services.bundle",
                "app.services.imports", "app.services.export", "app.services.rollup", "PySide6")


@pytest.fixture(scope="module")
def station(tmp_path_factory, _template_db):
    """A station file as ``init --station S --district D`` leaves it (the command's own process is not what
    these tests are about)."""
    from tests.conftest import initialised_station

    path = tmp_path_factory.mktemp("docs") / "station.sqlite3"
    with pytest.MonkeyPatch.context() as mp:  # (made before the test's own data folder is set)
        mp.setenv("ANUPALAN_DATA_DIR", str(path.parent / "data"))
        return initialised_station(_template_db, path)


def _loaded(db: Path, heavy: tuple[str, ...], *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", CODE, str(db), ",".join(heavy), *args],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_checklist_loads_only_its_own_document(station, tmp_path):
    out = tmp_path / "checklist.pdf"
    assert _loaded(station, OTHER_DOCUMENTS + NOT_PRINTING, "checklist", "--lang", "hi", "--out", str(out)) == "[]"
    assert out.stat().st_size > 0


def test_a_report_does_not_load_the_checklist(station, tmp_path):
    out = tmp_path / "pendency.pdf"
    today = dt.date.today().strftime("%d.%m.%Y")  # the station's records begin today
    loaded = _loaded(station, ("app.services.reports.checklist", "app.services.reports.slip") + NOT_PRINTING,
                     "report", "pendency", "--from", today, "--to", today, "--out", str(out))
    assert loaded == "[]"
