"""Finding Alt+letter clashes in a window: every mnemonic a user can press at once — the menu bar's titles,
the field labels (with a buddy), buttons, check boxes, group boxes and tabs shown — and each menu's items.
Two of them with the same letter make Alt+letter cycle between them (or the menu bar wins and the field
is never reached), so a clash is a bug."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QMenu, QTabBar, QWidget

MNEMONIC = re.compile(r"&(?!&)(\w)")


def letter(text: str) -> str | None:
    """The mnemonic letter of ``text`` ("&Save" → "s"; "&&" is a literal ampersand), lower-case, or None."""
    match = MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def reachable_texts(window: QWidget) -> list[str]:
    """The texts whose mnemonics act together in ``window``: what is shown in it now, and its menu bar."""
    texts: list[str] = []
    if isinstance(window, QMainWindow):
        texts += [action.text() for action in window.menuBar().actions() if action.isVisible()]
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.isVisibleTo(window) and buddy.isVisibleTo(window):
            texts.append(label.text())
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.window() is window:
            texts.append(button.text())
    for box in window.findChildren(QGroupBox):
        if box.isVisibleTo(window) and box.window() is window:
            texts.append(box.title())
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window) and bar.window() is window:
            texts += [bar.tabText(i) for i in range(bar.count()) if bar.isTabVisible(i)]
    return texts


def clashes(texts: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for text in texts:
        found = letter(text)
        if found:
            seen.setdefault(found, []).append(text)
    return {key: found for key, found in seen.items() if len(found) > 1}


def window_clashes(window: QWidget) -> dict[str, list[str]]:
    return clashes(reachable_texts(window))


def menu_clashes(window: QMainWindow) -> dict[str, dict[str, list[str]]]:
    """Per menu of the menu bar (by title): the letters two of its items share."""
    out = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            found = clashes([a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()])
            if found:
                out[action.text()] = found
    return out
