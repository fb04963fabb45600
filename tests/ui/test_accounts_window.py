"""Accounts in the window (Account → Accounts: add, reset with a one-time code, unlock, switch off) and the SHO's
verification where the work is done (his own password in the Verify dialog, the operator staying signed in)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.obligations import Obligation
from app.services import accounts
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.preferences import Preferences
from app.ui.context import AppContext

from .obligation_seed import NOW, add_case, add_obligations, people

PW = "river tea window"
SHO_PW = "mango lamp seven"


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    yield
    accounts.use_params(None)


@pytest.fixture
def station(station_db, tmp_path):
    """The operator (administrator, signed in) and the SHO, IO and mohrir on the staff list."""
    clock.pin(NOW)
    db = station_db
    who = people(db)
    signed = accounts.create_first_admin(db, username="amit", password=PW, confirm=PW, person_id=who["operator"])
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    ctx.actor, ctx.account = signed.actor, signed.account
    yield ctx, db, who
    ctx.close()


def give_password(db, person_id, username, password, *, admin_actor):
    info = accounts.create_account(db, person_id, username, actor=admin_actor)
    accounts.set_first_password(db, username, password, password, code=info.setup_code)
    return info


def open_accounts(qtbot, ctx):
    from app.ui.dialogs.accounts import AccountsDialog

    dialog = AccountsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 1 and ctx.tasks.pending == 0, timeout=5000)
    return dialog


def row_of(dialog, username):
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 1).text() == username:
            return r
    raise AssertionError(username)


def test_the_administrator_adds_an_account_and_the_person_sets_his_password_with_the_code(qtbot, station):
    ctx, db, who = station
    dialog = open_accounts(qtbot, ctx)
    assert dialog.table.rowCount() == 1  # the operator's own
    form = dialog.add_account()
    names = [form.person.itemText(i) for i in range(form.person.count())]
    assert "Amit Kumar (Constable)" not in names  # he has an account already
    form.person.setCurrentIndex(form.person.findData(who["sho"]))
    assert form.username.text() == "vikram"
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        form.submit()
    code = dialog.code_dialog.code_label.text()
    assert len(code) == 14 and code.count("-") == 2
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    assert dialog.table.item(row_of(dialog, "vikram"), 2).text() == "Waiting for the person to set a password"
    # the code shown is the one that works (and only with it)
    with pytest.raises(UserError):
        accounts.set_first_password(db, "vikram", SHO_PW, SHO_PW, code="AAAA-BBBB-CCCC")
    accounts.set_first_password(db, "vikram", SHO_PW, SHO_PW, code=code)
    assert accounts.sign_in(db, "vikram", SHO_PW).account.person_id == who["sho"]


def test_a_taken_user_name_is_refused_beside_the_field(qtbot, station):
    ctx, db, who = station
    dialog = open_accounts(qtbot, ctx)
    form = dialog.add_account()
    form.username.setText("amit")
    form.submit()
    qtbot.waitUntil(lambda: bool(form.form.error_text("username")), timeout=5000)
    assert "amit" in form.form.error_text("username")
    assert len(accounts.list_accounts(db)) == 1


def test_reset_gives_a_new_code_and_stops_the_old_password(qtbot, station, monkeypatch):
    ctx, db, who = station
    give_password(db, who["io"], "sunita", SHO_PW, admin_actor=ctx.actor)
    dialog = open_accounts(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    dialog.table.selectRow(row_of(dialog, "sunita"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.reset_button.click()
    code = dialog.code_dialog.code
    with pytest.raises(accounts.PasswordSetupRequired):
        accounts.sign_in(db, "sunita", SHO_PW)
    accounts.set_first_password(db, "sunita", "blue kite ocean", "blue kite ocean", code=code)
    assert accounts.sign_in(db, "sunita", "blue kite ocean").account.username == "sunita"


def test_unlock_after_wrong_passwords(qtbot, station):
    ctx, db, who = station
    give_password(db, who["io"], "sunita", SHO_PW, admin_actor=ctx.actor)
    for _ in range(5):
        with pytest.raises(accounts.SignInFailed):
            accounts.sign_in(db, "sunita", "wrong wrong wrong")
    dialog = open_accounts(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    r = row_of(dialog, "sunita")
    assert dialog.table.item(r, 2).text().startswith("Locked until")
    dialog.table.selectRow(r)
    assert dialog.unlock_button.isEnabled()
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.unlock_button.click()
    assert accounts.sign_in(db, "sunita", SHO_PW).account.username == "sunita"
    qtbot.waitUntil(lambda: dialog.table.item(row_of(dialog, "sunita"), 2).text() == "In use", timeout=5000)


def test_switch_off_and_the_last_administrator_is_kept(qtbot, station, monkeypatch):
    ctx, db, who = station
    give_password(db, who["io"], "sunita", SHO_PW, admin_actor=ctx.actor)
    dialog = open_accounts(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.table.selectRow(row_of(dialog, "sunita"))
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.active_button.click()
    with pytest.raises(accounts.SignInFailed):
        accounts.sign_in(db, "sunita", SHO_PW)
    qtbot.waitUntil(lambda: dialog.table.item(row_of(dialog, "sunita"), 2).text() == "Switched off", timeout=5000)
    dialog.table.selectRow(row_of(dialog, "amit"))  # the only administrator: refused, said why
    dialog.active_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=5000)
    assert "only administrator" in dialog.message.text()
    assert accounts.sign_in(db, "amit", PW).account.active


def test_someone_not_an_administrator_is_refused(qtbot, station):
    ctx, db, who = station
    give_password(db, who["io"], "sunita", SHO_PW, admin_actor=ctx.actor)
    signed = accounts.sign_in(db, "sunita", SHO_PW)
    ctx.actor, ctx.account = signed.actor, signed.account  # an IO at the window
    dialog = open_accounts(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    dialog.table.selectRow(row_of(dialog, "amit"))
    dialog.unlock_button.setEnabled(True)
    dialog.unlock()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=5000)
    assert "not allowed" in dialog.message.text()


def test_the_account_menu_offers_accounts_to_administrators_only(qtbot, station, monkeypatch):
    from app.ui.main_window import MainWindow

    ctx, db, who = station
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.session.accounts_action.isEnabled()
    dialog = window.session.manage_accounts()
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    give_password(db, who["io"], "sunita", SHO_PW, admin_actor=ctx.actor)
    signed = accounts.sign_in(db, "sunita", SHO_PW)
    ctx.actor, ctx.account = signed.actor, signed.account
    window.session.retranslate()
    assert not window.session.accounts_action.isEnabled()
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    assert window.session.manage_accounts() is None
    assert shown and "administrator" in shown[0]


# --- the SHO verifies in place ------------------------------------------------------------------------
@pytest.fixture
def pending(qtbot, station):
    from app.ui.pages.pending import PendingPage

    ctx, db, who = station
    case = add_case(db, 41)
    (oid,) = add_obligations(db, [dict(code="C-3", due=NOW - dt.timedelta(days=1), person_id=who["io"],
                                       case_id=case, status="entered", cas_ref="CAS-1")])
    page = PendingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1160, 700)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.filters.role.count() == 6 and bool(page._shos), timeout=5000)
    page.filters.status.setCurrentIndex(page.filters.status.findData("entered"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and ctx.tasks.pending == 0, timeout=5000)
    page.table.selectRow(0)
    return page, ctx, db, who, oid


def status_of(db, oid):
    with db.session() as s:
        return s.get(Obligation, oid).status


def last_rows(db, n=3):
    with db.session() as s:
        return [(r.action, r.actor_person_id, r.actor_label) for r in
                s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(n))]


def test_the_sho_verifies_with_his_own_password_and_the_operator_stays_signed_in(qtbot, pending):
    page, ctx, db, who, oid = pending
    give_password(db, who["sho"], "vikram", SHO_PW, admin_actor=ctx.actor)
    operator = ctx.actor
    page.verify()
    dialog = page.dialog
    assert dialog.by.currentData() == who["sho"]
    assert dialog.password.isVisibleTo(dialog)
    assert "Vikram Singh" in dialog.password_label.text()
    dialog.password.setText("not his password")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.form.error_text("password")), timeout=5000)
    assert status_of(db, oid) == "entered"
    assert dialog.password.text() == ""  # a refused password is not left in the field
    dialog.password.setText(SHO_PW)
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert status_of(db, oid) == "verified"
    with db.session() as s:
        assert s.get(Obligation, oid).verified_by_id == who["sho"]
    rows = last_rows(db, 2)
    assert rows[0][:2] == ("obligation.verify", who["sho"])
    assert rows[1][:2] == ("signin.confirm", who["sho"])
    assert ctx.actor == operator  # nobody was signed out


def test_an_sho_without_an_account_is_told_what_to_do(qtbot, pending):
    page, ctx, db, who, oid = pending
    page.verify()
    dialog = page.dialog
    dialog.password.setText("anything at all")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.form.error_text("password")), timeout=5000)
    assert "Account → Accounts" in dialog.form.error_text("password")
    assert status_of(db, oid) == "entered"


def test_an_sho_who_has_not_set_his_password_is_told_about_the_code(qtbot, pending):
    page, ctx, db, who, oid = pending
    accounts.create_account(db, who["sho"], "vikram", actor=ctx.actor)
    page.verify()
    dialog = page.dialog
    dialog.password.setText("anything at all")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.form.error_text("password")), timeout=5000)
    assert "one-time code" in dialog.form.error_text("password")
    assert status_of(db, oid) == "entered"


def test_the_sho_signed_in_himself_needs_no_password(qtbot, pending):
    page, ctx, db, who, oid = pending
    give_password(db, who["sho"], "vikram", SHO_PW, admin_actor=ctx.actor)
    signed = accounts.sign_in(db, "vikram", SHO_PW)
    ctx.actor, ctx.account = signed.actor, signed.account
    page.verify()
    dialog = page.dialog
    assert not dialog.password.isVisibleTo(dialog)
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert status_of(db, oid) == "verified"


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_no_alt_letter_clashes_in_the_accounts_and_verify_dialogs(qtbot, pending, lang, monkeypatch):
    from app.i18n import set_language
    from app.ui.dialogs.accounts import OneTimeCodeDialog
    from tests.ui.mnemonic_walk import window_clashes

    page, ctx, db, who, oid = pending
    set_language(lang)
    try:
        dialog = open_accounts(qtbot, ctx)
        dialog.table.selectRow(0)
        assert window_clashes(dialog) == {}
        form = dialog.add_account()
        assert window_clashes(form) == {}
        info = accounts.create_account(db, who["sho"], "vikram", actor=ctx.actor)
        code = OneTimeCodeDialog(info, new=True)
        qtbot.addWidget(code)
        code.show()
        assert window_clashes(code) == {}
        page.verify()
        assert page.dialog.password.isVisibleTo(page.dialog)
        assert window_clashes(page.dialog) == {}
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_switching_an_account_off_never_reads_like_closing_the_dialog(qtbot, station, lang):
    """Hindi had "बंद करें" on both: the account's Switch off and the dialog's Close, side by side."""
    from PySide6.QtWidgets import QAbstractButton

    from app.i18n import set_language
    from app.ui.shortcut_list import plain as plain_text

    ctx, _db, _who = station
    set_language(lang)
    try:
        dialog = open_accounts(qtbot, ctx)
        dialog.table.selectRow(0)
        texts = [plain_text(b.text()) for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
        assert len(texts) == len(set(texts)), texts
    finally:
        set_language("en")
