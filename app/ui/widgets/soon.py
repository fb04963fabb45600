"""``soon(owner, slot)``: call ``slot`` once the event loop is back, for as long as ``owner`` lives.

It stands in for ``QTimer.singleShot(0, owner, slot)``, which PySide never lets go of when ``owner`` is
deleted before the timer fires: the callable stays referenced from C++ for the rest of the process, and
with a bound method the owner's Python object with it (a table's keyboard helper leaked that way each
time its window was closed while the table had just taken the focus). Here the timer is a child of
``owner`` and goes with it. Calls made before the timer fires are one call.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer


def soon(owner: QObject, slot) -> None:
    """Call ``slot`` (a bound method of ``owner``) at the next turn of the event loop, unless ``owner`` is
    deleted first."""
    name = "soon:" + slot.__name__
    timer = owner.findChild(QTimer, name, Qt.FindChildOption.FindDirectChildrenOnly)
    if timer is None:
        timer = QTimer(owner)
        timer.setObjectName(name)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
    timer.start()
