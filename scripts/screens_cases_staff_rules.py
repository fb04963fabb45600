"""Screenshots of the case register, staff, catalogue and rules screens and their dialogs, in Hindi and
English, at 1366×768, on the demo station (plus the first-run wizard on an empty database).

    .venv/bin/python scripts/screens_cases_staff_rules.py DEMO.sqlite3 [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/ui/). Look at them: clipped or overflowing text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import set_language  # noqa: E402
from app.services.station import open_database  # noqa: E402
from app.services.core.preferences import Preferences  # noqa: E402
from app.ui.qapp import create_application  # noqa: E402
from screens_common import H, W, copy_database, settle, shoot  # noqa: E402


def main(demo: Path, out: Path) -> None:
    app = create_application()
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    for lang in ("hi", "en"):
        set_language(lang)
        copy = tmp / f"demo-{lang}.sqlite3"  # the shots change a rule: never on the demo file itself
        copy_database(demo, copy)
        db = open_database(copy)
        ctx = AppContext(db, Preferences(tmp / f"prefs-{lang}.json"))
        ctx.demo = True
        window = MainWindow(ctx)
        window.resize(W, H)
        window.show()
        settle(app, ctx)

        cases = window.show_page("cases")
        settle(app, ctx)
        cases.kind_filter.setCurrentIndex(cases.kind_filter.findData("fir"))
        settle(app, ctx)
        # a FIR with a long history: pick the one with the most events among the first rows
        from app.services import cases as case_service

        best, best_n = None, -1
        for c in cases.cases[150:200]:
            n = len(case_service.get_case(db, c.id).events)
            if n > best_n:
                best, best_n = c, n
        cases._select_case_id = best.id
        cases._populate_cases()
        settle(app, ctx)
        shoot(window, out, f"{lang}-cases")

        dialog = cases.new_case()
        dialog.number.setText("9999")
        dialog.offence.setText("05.06.2025")
        dialog.act.setCurrentText("IPC")
        dialog.sections.setText("379, 411")
        dialog.submit()
        app.processEvents()
        shoot(dialog, out, f"{lang}-case-form-error")
        dialog.reject()
        dialog = cases.new_case(kind="missing")
        app.processEvents()
        shoot(dialog, out, f"{lang}-case-form-missing")
        dialog.reject()
        dialog = cases.add_event(kind="arrest")
        app.processEvents()
        dialog.submit()
        app.processEvents()
        shoot(dialog, out, f"{lang}-event-form-arrest")
        dialog.reject()
        dialog = cases.add_event(kind="final-report")
        app.processEvents()
        shoot(dialog, out, f"{lang}-event-form-final-report")
        dialog.reject()

        staff = window.show_page("staff")
        settle(app, ctx)
        busiest = next((p for p in staff.people if p.active and "io" in p.roles), staff.people[0])
        staff.search.setText(busiest.name)
        app.processEvents()
        shoot(window, out, f"{lang}-staff-search")
        staff.search.clear()
        staff.show_inactive.setChecked(True)
        app.processEvents()
        shoot(window, out, f"{lang}-staff")
        staff.search.setText(busiest.name)
        app.processEvents()
        dialog = staff.edit_person()
        app.processEvents()
        shoot(dialog, out, f"{lang}-person-form")
        dialog.reject()
        dialog = staff.assign_role()
        dialog.to_date.setText("01.01.2001")
        dialog.submit()
        app.processEvents()
        shoot(dialog, out, f"{lang}-assign-role-error")
        dialog.reject()
        dialog = staff.transfer()
        dialog.successor.setCurrentIndex(1)
        dialog.show_preview()
        settle(app, ctx)
        dialog.adjustSize()
        shoot(dialog, out, f"{lang}-transfer-preview")
        dialog.reject()

        catalogue = window.show_page("catalogue")
        settle(app, ctx)
        catalogue.tree.setCurrentItem(catalogue.tree.topLevelItem(3).child(6))
        shoot(window, out, f"{lang}-catalogue")
        dialog = catalogue.edit_label()
        app.processEvents()
        shoot(dialog, out, f"{lang}-duty-label")
        dialog.reject()

        rules = window.show_page("rules")
        settle(app, ctx)
        shoot(window, out, f"{lang}-rules")
        rules.search.setText("fir.iif5.lt10")
        app.processEvents()
        dialog = rules.edit_rule()
        app.processEvents()
        shoot(dialog, out, f"{lang}-rule-edit")
        dialog.reject()
        rules.search.clear()
        from app.services import obligations as rule_service

        rule_service.update_rule(db, "missing.iif8", hours=48)  # so that the preview has something to show
        holder = rules.recompute()
        settle(app, ctx)
        settle(app, ctx)
        shoot(holder["dialog"], out, f"{lang}-recompute")
        holder["dialog"].reject()

        window.close()
        ctx.tasks.shutdown()
        db.close()

        # the first-run wizard on an empty database
        empty = open_database(tmp / f"empty-{lang}.sqlite3")
        ctx = AppContext(empty, Preferences(tmp / f"prefs-empty-{lang}.json"))
        from app.ui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(ctx)
        wizard.show()
        settle(app, ctx)
        shoot(wizard, out, f"{lang}-first-run-1-welcome")
        wizard.next()
        wizard.station.name.setText("कोतवाली नगर" if lang == "hi" else "Kotwali Nagar")
        wizard.station.district.setText("लखनऊ" if lang == "hi" else "Lucknow")
        shoot(wizard, out, f"{lang}-first-run-2-station")
        wizard.next()
        for name, rank, pno in (("राम प्रकाश", "निरीक्षक", "9001"), ("श्याम लाल", "मुख्य आरक्षी", "9002"),
                                ("Sunita Yadav", "Sub-Inspector", "9003"), ("Mohd. Arif", "Constable", "9004")):
            wizard.staff.name.setText(name)
            wizard.staff.rank.setCurrentText(rank)
            wizard.staff.pno.setText(pno)
            wizard.staff.add_person()
        shoot(wizard, out, f"{lang}-first-run-3-staff")
        wizard.next()
        wizard.roles.set_ticked(0, "sho")
        wizard.roles.set_ticked(1, "mohrir")
        wizard.roles.set_ticked(2, "io")
        wizard.roles.set_ticked(3, "operator")
        shoot(wizard, out, f"{lang}-first-run-4-roles")
        wizard.reject()
        ctx.tasks.shutdown()
        empty.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots/ui"))
