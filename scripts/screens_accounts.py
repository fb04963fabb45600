"""Screenshots of the accounts screens, the SHO's verification in place and the corrections dialogs, in Hindi
and English, on a copy of the demo station (the main window at 1366×768 behind them).

    .venv/bin/python scripts/screens_accounts.py DEMO.sqlite3 [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/ui/). Look at them: clipped or overflowing text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app.i18n import set_language  # noqa: E402
from app.services.station import open_database  # noqa: E402
from app.services.core.preferences import Preferences  # noqa: E402
from app.ui.qapp import create_application  # noqa: E402
from screens_common import H, W, copy_database, settle, shoot  # noqa: E402

PW = "river tea window"
SHO_PW = "mango lamp seven"


def people_with(db, role: str) -> list[int]:
    from app.services import staff

    return [p.id for p in staff.list_persons(db, include_inactive=False) if role in p.roles]


def prepare(db):
    """The operator as the first administrator, accounts for the SHO (with a password) and an IO (locked)."""
    from app.services import accounts

    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    operator, sho, io = people_with(db, "operator")[0], people_with(db, "sho")[0], people_with(db, "io")[0]
    signed = accounts.create_first_admin(db, username="operator", password=PW, confirm=PW, person_id=operator,
                                         hold_operator_role=False)
    info = accounts.create_account(db, sho, "sho", actor=signed.actor)
    accounts.set_first_password(db, "sho", SHO_PW, SHO_PW, code=info.setup_code)
    info = accounts.create_account(db, io, "io1", actor=signed.actor)
    accounts.set_first_password(db, "io1", SHO_PW, SHO_PW, code=info.setup_code)
    for _ in range(5):
        try:
            accounts.sign_in(db, "io1", "wrong password here")
        except accounts.SignInFailed:
            pass
    return signed


def entered_ids(db, n: int) -> list[int]:
    from app.models.obligations import Obligation

    with db.session() as s:
        return list(s.scalars(select(Obligation.id).where(Obligation.status == "entered").limit(n)))


def main(demo: Path, out: Path) -> None:
    app = create_application()
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    for lang in ("hi", "en"):
        set_language(lang)
        copy = tmp / f"demo-{lang}.sqlite3"
        copy_database(demo, copy)
        db = open_database(copy)
        signed = prepare(db)
        ctx = AppContext(db, Preferences(tmp / f"prefs-{lang}.json"))
        ctx.demo = True
        ctx.actor, ctx.account = signed.actor, signed.account
        window = MainWindow(ctx)
        window.resize(W, H)
        window.show()
        settle(app, ctx)

        dialog = window.session.manage_accounts()
        settle(app, ctx)
        dialog.resize(1000, 520)
        settle(app, ctx)
        for r in range(dialog.table.rowCount()):
            if dialog.table.item(r, 1).text() == "io1":
                dialog.table.selectRow(r)
        settle(app, ctx)
        shoot(dialog, out, f"accounts-{lang}")
        form = dialog.add_account()
        settle(app, ctx)
        shoot(form, out, f"accounts-add-{lang}")
        form.submit()
        settle(app, ctx)
        settle(app, ctx)
        if dialog.code_dialog is not None:
            shoot(dialog.code_dialog, out, f"accounts-code-{lang}")
            dialog.code_dialog.accept()
        dialog.reject()

        pending = window.show_page("pending")
        settle(app, ctx)
        from app.ui.dialogs.verify import VerifyDialog

        shos = [(p, "SHO") for p in people_with(db, "sho")]
        from app.services import staff

        names = {p.id: p.name for p in staff.list_persons(db)}
        verify = VerifyDialog(ctx, entered_ids(db, 3), [(p, names[p]) for p, _n in shos], parent=pending)
        verify.show()
        settle(app, ctx)
        shoot(verify, out, f"verify-in-place-{lang}")
        verify.password.setText("not the password")
        verify.submit()
        settle(app, ctx)
        settle(app, ctx)
        shoot(verify, out, f"verify-in-place-refused-{lang}")
        verify.reject()

        cases_page = window.show_page("cases")
        settle(app, ctx)
        cases_page.kind_filter.setCurrentIndex(cases_page.kind_filter.findData("fir"))
        settle(app, ctx)
        for row in range(min(40, cases_page.table.rowCount())):  # a FIR with a few events
            cases_page.table.selectRow(row)
            settle(app, ctx)
            if cases_page.events.rowCount() >= 3:
                break
        shoot(window, out, f"cases-correct-{lang}")
        for name, opener in (("case-correct", cases_page.edit_case), ("case-void", cases_page.void_case)):
            dialog = opener()
            settle(app, ctx)
            shoot(dialog, out, f"{name}-{lang}")
            dialog.reject()
        if cases_page.events.rowCount():
            cases_page.events.selectRow(0)
            for name, opener in (("event-correct", cases_page.edit_event), ("event-void", cases_page.void_event)):
                dialog = opener()
                settle(app, ctx)
                if name == "event-correct":
                    dialog.submit()  # no reason, no password: the messages beside the fields
                    settle(app, ctx)
                shoot(dialog, out, f"{name}-{lang}")
                dialog.reject()
        # ending an IO's role: his open entries and the reason
        staff_page = window.show_page("staff")
        settle(app, ctx)
        io_person = next(p for p in staff.list_persons(db) if "io" in p.roles)
        staff_page.search.setText(io_person.name)
        settle(app, ctx)
        settle(app, ctx)
        for r in range(staff_page.assign_table.rowCount()):
            staff_page.assign_table.selectRow(r)
            if staff_page.selected_assignment() is not None and staff_page.selected_assignment().role == "io":
                break
        end = staff_page.end_assignment()
        settle(app, ctx)
        settle(app, ctx)
        shoot(end, out, f"staff-end-assignment-{lang}")
        end.reject()
        pending = window.show_page("pending")
        settle(app, ctx)
        pending.table.selectRow(0)
        pending.reassign()
        settle(app, ctx)
        shoot(pending.dialog, out, f"pending-reassign-{lang}")
        pending.dialog.reject()
        shoot(window, out, f"pending-{lang}")
        # the audit trail: a row's before and after as a table, in the language
        audit_page = window.show_page("audit")
        settle(app, ctx)
        settle(app, ctx)
        for r in range(audit_page.model.rowCount()):
            if audit_page.model.rows[r].action in ("signin.fail", "account.create", "signin.confirm"):
                audit_page.table.selectRow(r)
                break
        settle(app, ctx)
        shoot(window, out, f"audit-{lang}")
        # an empty pending list says so
        pending = window.show_page("pending")
        settle(app, ctx)
        pending.filters.search.setText("no such entry anywhere")
        pending.filters.search.textEdited.emit("no such entry anywhere")
        end = time.monotonic() + 1.5  # the search waits a moment after typing stops
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)
        settle(app, ctx)
        shoot(window, out, f"pending-empty-{lang}")
        pending.filters.clear_button.click()
        settle(app, ctx)
        for key, name in (("dashboard", "today"), ("support", "handholding"), ("staff", "staff-ranks")):
            if key in window.page_keys():
                window.show_page(key)
                settle(app, ctx)
                shoot(window, out, f"{name}-{lang}")
        window.close()
        ctx.close()
        db.dispose() if hasattr(db, "dispose") else None


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots/ui"))
