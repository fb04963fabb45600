"""Screenshots of the import assistant (File → Import…) at 1366×768, in Hindi and English: every step of an FIR
register (the shipped sample with its bad rows: the dry run lists them), the import with the bad rows left out,
and a CAS list reconciled (matched, only here, only in CAS, accept all best), on a fresh station.

    .venv/bin/python scripts/screens_import.py [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/import/). Look at them: clipped or overflowing text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from app.i18n import set_language  # noqa: E402
from app.services.core.preferences import Preferences  # noqa: E402
from app.services.station import init_station, open_database  # noqa: E402
from app.ui.qapp import create_application  # noqa: E402
from screens_common import H, W, settle, shoot  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "sheets" / "fir_register.xlsx"


def station(path: Path):
    from app.services import cases, staff

    db = open_database(path)
    init_station(db, "Kotwali Nagar", "Sitapur", "STP-01")
    io = staff.add_person(db, "राम कुमार", "SI", "102345678")
    staff.assign_role(db, io.id, "io", "2024-01-01")
    mohrir = staff.add_person(db, "सुरेश चन्द्र", "HC", "102345679")
    staff.assign_role(db, mohrir.id, "mohrir", "2024-01-01")
    for n, day in ((30, "2025-03-01 10:00"), (31, "2025-03-02 11:00"), (32, "2025-03-03 12:00")):
        cases.add_case(db, "fir", registered_at=day, number=f"{n}/2025", act="BNS", sections="303(2)")
    return db


def cas_list(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Form", "CAS Reference", "Entry Date"])
    ws.append(["30/2025", "IIF-1", "CAS/2025/000301", "02/03/2025"])
    ws.append(["31/2025", "IIF-1", "CAS/2025/000311", "03/03/2025"])
    ws.append(["31/2025", "IIF-2", "CAS/2025/000312", "05/03/2025"])
    ws.append(["44/2025", "IIF-1", "CAS/2025/000441", "06/03/2025"])
    wb.save(path)
    return path


def main(out: Path) -> None:
    app = create_application()
    from app.ui.context import AppContext
    from app.ui.dialogs.import_assistant import ImportAssistant

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    cas = cas_list(tmp / "cas-list.xlsx")
    for lang in ("hi", "en"):
        set_language(lang)
        db = station(tmp / f"station-{lang}.sqlite3")
        ctx = AppContext(db, Preferences(tmp / f"prefs-{lang}.json"))
        dialog = ImportAssistant(ctx)
        dialog.resize(W, H)
        dialog.show()
        settle(app, ctx)
        dialog.path_edit.setText(str(SAMPLE))
        shoot(dialog, out, f"import-1-file-{lang}")
        for step, name in ((1, "2-columns"), (2, "3-dry-run")):
            dialog.next()
            settle(app, ctx)
            assert dialog.stack.currentIndex() == step, dialog.message.text()
            shoot(dialog, out, f"import-{name}-{lang}")
        dialog.skip_errors.setChecked(True)
        dialog.next()
        settle(app, ctx)
        shoot(dialog, out, f"import-4-done-{lang}")
        dialog.close()

        dialog = ImportAssistant(ctx)
        dialog.resize(W, H)
        dialog.show()
        settle(app, ctx)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("cas_list"))
        dialog.path_edit.setText(str(cas))
        settle(app, ctx)
        dialog.next()
        settle(app, ctx)
        shoot(dialog, out, f"reconcile-2-columns-{lang}")
        dialog.next()
        settle(app, ctx)
        shoot(dialog, out, f"reconcile-3-result-{lang}")
        dialog.accept_all_best()
        shoot(dialog, out, f"reconcile-3-accepted-{lang}")
        dialog.close()
        ctx.close()
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "import")
