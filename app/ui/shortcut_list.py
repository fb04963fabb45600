"""The list behind Help → Keyboard shortcuts, read from the live window: its actions (menus, Ctrl+1 … Ctrl+0
for the pages), each page's own actions and shortcuts (named by the page's button that shows the same key,
or by what the key is for), and the keys every table and search box has (``app/ui/widgets/keyboard.py``).
Nothing is typed in twice: a key that changes in the code changes here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QMainWindow

from app.i18n import _
from app.ui.table_export import EXPORT_KEY
from app.ui.widgets.keyboard import SORT_KEYS


@dataclass(frozen=True)
class ShortcutRow:
    keys: str  # as the user's keyboard names them ("Ctrl+N")
    what: str  # what the key does, in the current language
    where: str  # the page or "Everywhere"


def plain(text: str) -> str:
    """A menu or button text without its mnemonic marker, its "(Ctrl+N)" and a trailing "…" or colon."""
    text = re.sub(r"\s*\(&\w\)", "", text)  # Hindi: "सहेजें (&S)"
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    text = re.sub(r"\s*\((Ctrl|Alt|Shift|F\d)[^)]*\)", "", text)
    return text.strip().rstrip("…:").strip()


def key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def _generic(keys: str) -> str | None:
    """What a page key without a button of its own is for (the same on every page that has it)."""
    return {
        "Ctrl+F": _("Go to the search box"),
        "F5": _("Reload the page"),
        "F2": _("Edit the chosen row"),
        "Alt+Left": _("The month before"),
        "Alt+Right": _("The month after"),
    }.get(keys)


def _page_rows(page, title: str) -> list[ShortcutRow]:
    buttons = [b for b in page.findChildren(QAbstractButton) if b.text()]
    rows: list[ShortcutRow] = []
    seen: set[str] = set()

    def describe(keys: str, text: str = "") -> str | None:
        if text:
            return plain(text)
        for button in buttons:
            if f"({keys})" in button.text():
                return plain(button.text())
        return _generic(keys)

    for action in page.actions():
        for sequence in action.shortcuts():
            keys = key_text(sequence)
            what = describe(keys, action.text())
            if what and keys not in seen:
                seen.add(keys)
                rows.append(ShortcutRow(keys, what, title))
    for shortcut in page.findChildren(QShortcut):
        if shortcut.parent() is not page:
            continue
        for sequence in shortcut.keys():
            keys = key_text(sequence)
            what = describe(keys, shortcut.whatsThis())
            if what and keys not in seen:
                seen.add(keys)
                rows.append(ShortcutRow(keys, what, title))
    return rows


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every key of ``window`` (all its pages are built for this), the window's own first."""
    everywhere = _("Everywhere")
    rows: list[ShortcutRow] = []
    for i, action in enumerate(getattr(window, "page_actions", [])):
        if i < len(window.host.entries):
            rows.append(ShortcutRow(key_text(action.shortcut()), _("Go to the page: {page}").format(
                page=window.host.entries[i].title()), everywhere))
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if not action.isSeparator() and not action.shortcut().isEmpty():
                rows.append(ShortcutRow(key_text(action.shortcut()), "{menu} → {item}".format(
                    menu=plain(menu_action.text()), item=plain(action.text())), everywhere))
    tables = _("Any table or list")
    rows += [
        ShortcutRow(_("Alt + underlined letter"), _("Go to that field or press that button"), everywhere),
        ShortcutRow(_("Down or Enter"), _("From a search box into its results"), _("Any search box")),
        ShortcutRow(key_text(QKeySequence(SORT_KEYS)), _("Sort by the column of the current cell (again: the other way)"),
                    _("Tables that sort by their header")),
        ShortcutRow(_("Up, Down, Page Up, Page Down, Home, End"), _("Move the chosen row"), tables),
        ShortcutRow(key_text(QKeySequence(EXPORT_KEY)), _("Export the table to an Excel workbook"), _("Any table")),
        ShortcutRow(_("Enter"), _("Open the list behind a number or a name"), _("Today")),
    ]
    for page in window.build_all_pages():
        rows += _page_rows(page, page.title())
    return rows
