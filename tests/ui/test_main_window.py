from app.i18n import set_language
from app.ui.main_window import MainWindow


def test_window_shows_catalogue(qtbot, db, make_ctx):
    ctx = make_ctx(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("catalogue")
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 5, timeout=5000)
    role_a = page.tree.topLevelItem(0)
    assert role_a.childCount() == 8
    assert role_a.child(0).text(1) == "जनरल डायरी पर टिप्पणी करना।"
    window.switch_language("hi")
    assert window.file_menu.title() != "" 
    window.close()
    ctx.close()
    set_language("en")


def test_open_page_signal_switches_screen(qtbot, db, make_ctx):
    ctx = make_ctx(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    ctx.open_page.emit("catalogue")
    assert window.current_page().key == "catalogue"
    ctx.open_page.emit("dashboard")
    assert window.current_page().key == "dashboard"
    ctx.close()
