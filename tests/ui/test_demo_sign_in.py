"""A demo station: the sign-in dialog says the one demo password (typed in already) and the window's demo
banner repeats it with the user names, so a newcomer signs in as the SHO at once; a real station shows none."""

from __future__ import annotations

import pytest

from app.services import accounts, staff
from app.services.core.settings import put_setting
from app.services.demo import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    yield
    accounts.use_params(None)


def _demo_accounts(db, *, demo: bool = True) -> None:
    accounts.create_first_admin(db, username="operator", password=DEMO_PASSWORD, confirm=DEMO_PASSWORD,
                                name="Sunita Verma", rank="Constable")
    sho = staff.add_person(db, "Rajesh Tripathi", "Inspector")
    info = accounts.create_account(db, sho.id, "sho")
    accounts.set_first_password(db, "sho", DEMO_PASSWORD, DEMO_PASSWORD, code=info.setup_code)
    if demo:
        with db.session() as s:
            put_setting(s, "demo.station", "1")


def test_demo_sign_in_says_the_password_and_signs_the_sho_in(qtbot, ctx, station_db):
    from app.ui.dialogs.sign_in import SignInDialog
    from app.ui.main_window import MainWindow
    from app.ui.station_switch import _mark_demo

    _demo_accounts(station_db)
    _mark_demo(ctx)
    assert ctx.demo and ctx.demo_sign_in.usernames == ("operator", "sho")
    dialog = SignInDialog(ctx, username="sho")
    qtbot.addWidget(dialog)
    dialog.set_demo(ctx.demo_sign_in)
    qtbot.waitUntil(lambda: dialog.user.count() == 2, timeout=5000)
    assert DEMO_PASSWORD in dialog.demo_hint.text() and "sho" in dialog.demo_hint.text()
    assert dialog.password.text() == DEMO_PASSWORD and dialog.current_username() == "sho"
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.submit()
    assert dialog.signed.account.username == "sho"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.demo_label.isVisible() and DEMO_PASSWORD in window.demo_label.text()
    assert "operator, sho" in window.demo_label.text()


def test_a_real_station_shows_no_demo_password(qtbot, ctx, station_db):
    from app.ui.main_window import MainWindow
    from app.ui.station_switch import _mark_demo

    _demo_accounts(station_db, demo=False)
    _mark_demo(ctx)
    assert not ctx.demo and ctx.demo_sign_in is None
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert not window.demo_label.isVisible() and DEMO_PASSWORD not in window.demo_label.text()
