"""The catalogue page names the circular by the number of the window's language: TS-CCTNS-35/2010 in English,
टीएस-सीसीटीएनएस-35/2010 in Hindi (issue 19's tester: the English texts carried the Devanagari number)."""

from app.i18n import set_language
from app.ui.main_window import MainWindow


def test_catalogue_source_line_follows_the_language(qtbot, db, make_ctx, tmp_path):
    set_language("en")
    ctx = make_ctx(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("catalogue")
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 5, timeout=5000)
    assert "TS-CCTNS-35/2010" in page.source.text() and "टीएस" not in page.source.text()
    window.grab().save(str(tmp_path / "catalogue_en.png"))
    window.switch_language("hi")
    qtbot.waitUntil(lambda: "टीएस-सीसीटीएनएस-35/2010" in page.source.text(), timeout=5000)
    window.close()
    ctx.close()
    set_language("en")
