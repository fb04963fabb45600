"""Find English left in a window that should be in Hindi.

``untranslated_texts(window, data=...)`` walks what a user reads: the window title, the menu bar (menus,
actions, sub-menus), the navigation, and on every *visible* widget: labels, buttons, group-box titles,
check boxes, placeholders, combo-box items, tab titles, table/tree headers and tool tips. Cell contents of
tables and trees are mostly data (names, duty texts, English duty names in their own column) and are not
read — except the columns a model marks as translated: a model with ``TRANSLATED_COLUMNS`` (a tuple of
column numbers whose cells the app writes through ``_()``, e.g. the audit trail's action labels) has the
cells of those columns read in its first ``CELL_ROWS`` rows.

A text is "English" when, after removing the allowed data strings (``data``: people's names, the
station's name …), file paths and file names, and HTML tags, it still has a Latin word that is not a code
or an acronym: codes such as IIF-1, A-1 … E-9, OCIS-2, all-capital acronyms (CCTNS, CAS, PNO, NCR, SHO,
USB …), key names on the keyboard (Ctrl, Shift, F2) and the few words in ``ALLOWED_WORDS``. Pages added later are covered:
the caller walks ``MainWindow.build_all_pages()`` (pages are otherwise built when first shown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMainWindow, QMenu,
    QPlainTextEdit, QTableView, QTabBar, QTabWidget, QTextEdit, QTreeView, QTreeWidget, QWidget,
)

# Latin words a Hindi screen may show: keyboard keys, product names, file formats, units.
ALLOWED_WORDS = {
    "Ctrl", "Shift", "Alt", "Tab", "Esc", "Enter", "Del", "Backspace", "Windows", "SQLite", "Qmail",
    "English",  # the language menu names each language in itself
    "KB", "MB", "GB", "Left", "Right", "Up", "Down", "Home", "End", "PgUp", "PgDn", "Space",
}
_CODE = re.compile(r"\b(?:IIF|OCIS)-\d+\b|\b[A-E]-\d{1,2}\b|\bF\d{1,2}\b|\b[A-Z]{2,}(?:-\d+)?\b"
                   r"|\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b")  # … and hex digests (audit hashes)
# file paths and file names are data (GLOSSARY: "codes stay as they are … file paths")
_PATH = re.compile(r"(?:\b[A-Za-z]:|(?<!\w))[\\/][^\s'\"\]\[()]+"
                   r"|[\w.-]+\.(?:sqlite3|sqlite|db|pdf|csv|json|zip|bak|png|txt|log)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_TAG = re.compile(r"<[^>]+>|&[a-z]+;")
CELL_ROWS = 20  # rows of a table whose translated columns are read


@dataclass(frozen=True)
class Finding:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


def english_words(text: str, data: Iterable[str] = ()) -> list[str]:
    """The Latin words of ``text`` that are neither data, codes, acronyms nor allowed words."""
    cleaned = _TAG.sub(" ", text).replace("&&", "&").replace("&", "")
    for item in sorted((d for d in data if d), key=len, reverse=True):
        cleaned = cleaned.replace(item, " ")
    cleaned = _PATH.sub(" ", cleaned)
    cleaned = _CODE.sub(" ", cleaned)
    return [w for w in _WORD.findall(cleaned) if w not in ALLOWED_WORDS and not (len(w) == 1 and w.isupper())]


def _name(widget: QWidget) -> str:
    name = widget.objectName()
    return f"{type(widget).__name__}" + (f"#{name}" if name else "")


def _widget_texts(widget: QWidget, tooltips: bool) -> list[tuple[str, str]]:
    """(what, text) pairs a user reads on one widget."""
    out: list[tuple[str, str]] = []
    w = widget
    if isinstance(w, QLabel):
        out.append(("text", w.text()))
    elif isinstance(w, QAbstractButton):
        out.append(("text", w.text()))
    elif isinstance(w, QGroupBox):
        out.append(("title", w.title()))
    if isinstance(w, QLineEdit):
        out.append(("placeholder", w.placeholderText()))
    if isinstance(w, (QPlainTextEdit, QTextEdit)):
        out.append(("placeholder", w.placeholderText()))
    if isinstance(w, QComboBox):
        if w.isEditable() and w.lineEdit() is not None:
            out.append(("placeholder", w.lineEdit().placeholderText()))
        out.extend((f"item {i}", w.itemText(i)) for i in range(w.count()))
    if isinstance(w, QTabWidget):
        out.extend((f"tab {i}", w.tabText(i)) for i in range(w.count()))
    elif isinstance(w, QTabBar):
        out.extend((f"tab {i}", w.tabText(i)) for i in range(w.count()))
    if isinstance(w, QTreeWidget):
        item = w.headerItem()
        out.extend((f"header {c}", item.text(c)) for c in range(w.columnCount())
                   if not w.header().isSectionHidden(c))
    elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
        header = w.horizontalHeader() if isinstance(w, QTableView) else w.header()
        if not header.isHidden():
            for c in range(header.count()):
                if header.isSectionHidden(c):
                    continue
                value = w.model().headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str):
                    out.append((f"header {c}", value))
        model = w.model()
        for c in getattr(model, "TRANSLATED_COLUMNS", ()):
            if isinstance(w, QTableView) and w.isColumnHidden(c):
                continue
            for r in range(min(CELL_ROWS, model.rowCount())):
                value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str):
                    out.append((f"cell {r},{c}", value))
    if tooltips and w.toolTip():
        out.append(("tooltip", w.toolTip()))
    return [(what, text) for what, text in out if text]


def _menu_texts(menu: QMenu, path: str) -> list[tuple[str, str]]:
    out = [(path, menu.title())]
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if action.menu() is not None:
            out.extend(_menu_texts(action.menu(), f"{path} › {action.menu().title()}"))
        else:
            out.append((f"{path} › action", action.text()))
    return out


def untranslated_texts(root: QWidget, data: Iterable[str] = (), *, tooltips: bool = True,
                       skip: Iterable[QWidget] = ()) -> list[Finding]:
    """English found on ``root`` and its visible descendants (and its menu bar, if a main window)."""
    data = list(data)
    skipped = set(skip)
    texts: list[tuple[str, str]] = []
    if isinstance(root, QMainWindow):
        texts.append(("window title", root.windowTitle()))
        for action in root.menuBar().actions():
            if action.menu() is not None:
                texts.extend(_menu_texts(action.menu(), f"menu {action.menu().title()!r}"))
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget in skipped or any(widget is s or s.isAncestorOf(widget) for s in skipped):
            continue
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QMenu):
            continue  # menus are read through the menu bar
        for what, text in _widget_texts(widget, tooltips):
            texts.append((f"{_name(widget)} {what}", text))
    findings = []
    seen = set()
    for where, text in texts:
        if english_words(text, data) and (where, text) not in seen:
            seen.add((where, text))
            findings.append(Finding(where, text))
    return findings


def clipped_texts(root: QWidget) -> list[Finding]:
    """Visible labels, buttons and check boxes narrower than their text needs (Hindi runs longer).

    A widget whose width is below its own ``minimumSizeHint`` cuts its text off. Word-wrapped labels
    and elided item views are not counted (they are meant to fit any width).
    """
    findings = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            if widget.wordWrap() or not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
                continue
        elif not isinstance(widget, QAbstractButton) or not widget.text():
            continue
        need = widget.minimumSizeHint().width()
        if widget.width() + 1 < need:
            text = widget.text()
            findings.append(Finding(f"{_name(widget)} {widget.width()} px < {need} px", text))
    return findings
