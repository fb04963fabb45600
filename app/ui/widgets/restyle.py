"""A style sheet set only when it differs from the widget's own.

Qt re-polishes a widget on every ``setStyleSheet``, even with the same text: its style rules, fonts and
size are worked out again and the window's layout is asked for anew. Widgets that set their colours
each time they show a value (the dashboard's tiles and links) would do that for nothing on each refresh
and each language switch.
"""

from __future__ import annotations


def restyle(widget, sheet: str) -> None:
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
