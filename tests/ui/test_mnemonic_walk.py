"""No two Alt+letters clash anywhere a user can press them, in either language: the main window (its menu
bar with each page shown in turn, each menu's items) and every dialog a page, the Account menu or the first
start opens. Walked on a one-year demo station so the pages show their full panels (a selected person's
roles, a case's events …). Alt+F opened the File menu where "खोजें (F)" was meant; the wizard's "थाने का
नाम (N)" took the Alt+N meant for "आगे (N)" and the next key wiped the name."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QTabWidget, QWizard

from app.i18n import set_language
from tests.ui.demo_window import demo_file, window  # noqa: F401 (fixtures)
from tests.ui.mnemonic_walk import clashes, letter, menu_clashes, window_clashes
from tests.ui.shot_fonts import shot_fonts
from tests.ui.waiting import wait_idle

pytestmark = [pytest.mark.sqlite_only("the demo station is built as a SQLite file"), pytest.mark.slow]

# (page, method, arguments): every page action that opens a dialog
PAGE_DIALOGS = (
    ("dashboard", "open_plan", ()),
    ("pending", "mark_entered", ()), ("pending", "not_applicable", ()), ("pending", "verify", ()),
    ("pending", "reassign", ()), ("cases", "edit_case", ()), ("cases", "void_case", ()),
    ("cases", "new_case", ()), ("cases", "new_case", ("complaint",)), ("cases", "add_event", ()),
    ("staff", "add_person", ()), ("staff", "edit_person", ()), ("staff", "assign_role", ()),
    ("staff", "end_assignment", ()), ("staff", "transfer", ()),
    ("catalogue", "edit_label", ()), ("rules", "edit_rule", ()), ("rules", "recompute", ()),
    ("inspections", "new_visit", ()), ("inspections", "add_finding", ()), ("inspections", "add_instruction", ()),
    ("inspections", "ask_period", ("compliance",)),
    ("equipment", "add_equipment", ()), ("equipment", "report_fault", ()),
    ("equipment", "escalate", ()), ("equipment", "resolve", ()),
    ("support", "add_staff", ()), ("support", "record_visit", ()), ("support", "add_training", ()),
    ("support", "add_campaign", ()), ("support", "record_progress", ()),
)


def settle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.ctx.tasks.pending == 0, timeout=15000)


def select_first_rows(page) -> None:
    """A row chosen in every table of the page, so its detail panels and their buttons show."""
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisibleTo(page) and model is not None and model.rowCount() and not view.selectionModel().hasSelection():
            view.setCurrentIndex(model.index(0, 0))


def visible_dialogs() -> list[QDialog]:
    """Dialogs shown with show() rather than open() (non-modal: Today's plan)."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_the_walker_sees_a_clash():
    assert letter("खोजें (&F):") == "f" and letter("Tom && Jerry") is None
    assert clashes(["&File", "&Find:", "&Save"]) == {"f": ["&File", "&Find:"]}


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_every_page_with_the_menu_bar(qtbot, window, lang):
    window.switch_language(lang)
    assert menu_clashes(window) == {}
    found = {}
    for key in window.page_keys():
        page = window.show_page(key)
        settle(qtbot, window)
        for tabs in [None, *page.findChildren(QTabWidget)]:
            for tab in range(tabs.count()) if tabs is not None else [None]:
                if tabs is not None:
                    tabs.setCurrentIndex(tab)
                select_first_rows(page)
                settle(qtbot, window)
                bad = window_clashes(window)
                if bad:
                    found[f"{key} {tab}"] = bad
    assert not found, found


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_every_dialog_a_page_opens(qtbot, window, lang, monkeypatch):
    opened: list[QDialog] = []
    monkeypatch.setattr(QDialog, "open", lambda self: (opened.append(self), self.show()))
    window.switch_language(lang)
    found = {}
    for key, method, args in PAGE_DIALOGS:
        page = window.show_page(key)
        settle(qtbot, window)
        select_first_rows(page)
        if method == "record_progress":  # the campaigns are on a tab of their own
            page.campaign_table.selectRow(0)
        if key == "catalogue":  # the tree's first row is a role: its first duty is what gets a label
            page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
        settle(qtbot, window)
        before = len(opened)
        shown = set(visible_dialogs())
        getattr(page, method)(*args)
        settle(qtbot, window)
        new = opened[before:] + [d for d in visible_dialogs() if d not in shown and d not in opened]
        assert new, f"{key}.{method} opened no dialog"
        for dialog in new:
            bad = window_clashes(dialog)
            if bad:
                found[f"{key}.{method}{args}"] = bad
            dialog.reject()
    assert not found, found


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_first_start_wizard(qtbot, ctx, lang):
    from app.ui.dialogs.first_run import FirstRunWizard

    set_language(lang)
    try:
        wizard = FirstRunWizard(ctx)
        qtbot.addWidget(wizard)
        wizard.show()
        wait_idle(qtbot, ctx)
        wizard.welcome.setup.setChecked(True)
        found = {}
        for step in range(4):
            bad = window_clashes(wizard)
            if bad:
                found[step] = bad
            if step == 1:
                wizard.station.name.setText("Kotwali")
                wizard.station.district.setText("Lucknow")
            if step == 2:
                wizard.staff.name.setText("Ram Prakash")
                wizard.staff.rank.setEditText("SI")
                wizard.staff.add_button.click()
            wizard.button(QWizard.WizardButton.NextButton).click()
        assert not found, found
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["hi", "en"])
@pytest.mark.parametrize("mode", ["sign_in", "locked"])
def test_the_sign_in_dialog(qtbot, ctx, lang, mode):
    from app.ui.dialogs.sign_in import SignInDialog

    set_language(lang)
    try:
        dialog = SignInDialog(ctx, locked=mode == "locked")
        qtbot.addWidget(dialog)
        dialog.show()
        wait_idle(qtbot, ctx)
        assert window_clashes(dialog) == {}
        for field in ("code_label", "new_label", "confirm_label"):  # the new-password mode shows these too
            getattr(dialog, field).show()
        texts_all = [w.text() for w in (dialog.user_label, dialog.password_label, dialog.code_label,
                                         dialog.new_label, dialog.confirm_label, dialog.ok_button,
                                         dialog.cancel_button)]
        assert clashes(texts_all) == {}
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_first_administrator_dialog(qtbot, ctx, lang):
    from app.ui.dialogs.first_admin import FirstAdminDialog

    set_language(lang)
    try:
        dialog = FirstAdminDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        wait_idle(qtbot, ctx)
        assert window_clashes(dialog) == {}
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_account_menu_dialogs(qtbot, window, lang, monkeypatch):
    """Signed in as the demo's operator (an administrator who is not the SHO): Account → Accounts… (with a row
    chosen), its Add account and the one-time code of a new account and of a reset, Account → Change my
    password…, and the Verify dialog with the SHO's own password in place."""
    from PySide6.QtWidgets import QMessageBox

    from app.services import accounts, demo
    from app.ui.dialogs.change_password import ChangePasswordDialog
    from app.ui.session import apply_sign_in

    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        apply_sign_in(window.ctx, accounts.sign_in(window.ctx.db, "operator", demo.DEMO_PASSWORD))
    finally:
        accounts.use_params(None)
    opened: list[QDialog] = []
    monkeypatch.setattr(QDialog, "open", lambda self: (opened.append(self), self.show()))
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda self: (opened.append(self), self.show(), 0)[-1])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.switch_language(lang)
    found = {}

    shots = os.environ.get("ANUPALAN_SCREENSHOTS")

    def walk(name, dialog):
        if shots:
            shot_fonts()
            dialog.grab().save(os.path.join(shots, f"walk_{name.replace(' ', '_')}_{lang}.png"))
        bad = window_clashes(dialog)
        if bad:
            found[name] = bad

    window.session.change_password()
    assert isinstance(opened[-1], ChangePasswordDialog)
    walk("change password", opened[-1])
    opened[-1].reject()

    dialog = window.session.manage_accounts()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 2 and window.ctx.tasks.pending == 0, timeout=10000)
    dialog.table.selectRow(0)
    walk("accounts", dialog)
    form = dialog.add_account()
    walk("add account", form)
    form.reject()
    sho = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "sho")
    dialog.table.selectRow(sho)
    dialog.start_reset()
    qtbot.waitUntil(lambda: getattr(dialog, "code_dialog", None) is not None, timeout=10000)
    walk("one-time code (reset)", dialog.code_dialog)
    assert dialog.code_dialog.code
    dialog.code_dialog.reject()
    from app.ui.dialogs.accounts import OneTimeCodeDialog

    new = OneTimeCodeDialog(dialog.code_dialog.info, new=True, parent=dialog)
    new.show()
    walk("one-time code (new account)", new)
    new.reject()
    dialog.reject()

    page = window.show_page("pending")
    settle(qtbot, window)
    select_first_rows(page)
    before = len(opened)
    page.verify()
    settle(qtbot, window)
    verify = opened[before]
    verify.by.setCurrentIndex(verify.by.findData(next(pid for pid, _n in page._shos)))
    assert verify.password.isVisibleTo(verify)  # the SHO's own password, in place
    walk("verify in place", verify)
    verify.reject()
    assert not found, found
