"""Export on every table of the window: Ctrl+Shift+X, or "Export to Excel…" in the table's context menu.

``equip_exports(page)`` (called once per page as it is built) gives each of the page's tables the action. The
Save dialog opens in Documents with a name made of the page and today's date. What is written:
- a page that knows its list better than the table shows it (the pending list, read a page at a time; the
  audit trail, recorded when exported) says so with ``export_source(view)`` → an ``ExportSource``;
- any other table is written as it is shown: its visible columns with their headers, its rows in their
  order, and a cell that reads as a date ("05.01.2026", "05.01.2026 14:30", Devanagari digits too) as a date.
The workbook is written on the worker, with a progress dialog and a Cancel button for long lists; the window
stays usable meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMenu, QProgressDialog, QTableView, QWidget

from app.i18n import _, current_language, ngettext
from app.services.core.formatting import latin_digits
from app.ui.changes import NO_CHANGES, Changes
from app.ui.operations import Op
from app.ui.save_place import in_documents

EXPORT_KEY = "Ctrl+Shift+X"
BIG = 2000  # rows from which the progress dialog is shown at once
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2}))?")
_WHOLE = re.compile(r"[1-9]\d{0,8}|0")


@dataclass
class ExportSource:
    """What a page writes for one of its tables: ``write(db, actor, path, progress, cancelled) -> rows``, on
    the worker; ``rows`` how many to expect (for the progress bar; 0 when not known); ``changes`` what
    the writing changes (the audit export records itself)."""
    title: str
    write: Callable
    rows: int = 0
    changes: Changes = NO_CHANGES


def _month_names(lang: str) -> dict[str, int]:
    """The month as a medium date shows it ("Dec", "दिस॰", "मई") → its number, for the current language."""
    from app.services.core.formatting import format_date

    names = {}
    for month in range(1, 13):
        shown = format_date(dt.date(2001, month, 15), lang)
        token = shown.replace("15", "").replace("2001", "").strip(" ,")
        names[token.casefold()] = month
    return names


_MEDIUM = re.compile(r"(\d{1,2}) (\S+) (\d{4})(?:,? (\d{1,2}):(\d{2}))?")
_GROUPED = re.compile(r"-?[1-9]\d{0,2}(?:,\d{2,3})+")
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)%")
_MARKERS = ("⚠", "!")  # signs put before a number to draw the eye (the dashboard's overdue counts)


def cell_value(text: str, months: dict[str, int] | None = None):
    """A shown cell's text as the workbook should hold it: a date or moment (numeric "05.01.2026 14:30" or medium
    "2 Dec 2026", in either language and digits) as a date, a whole number (with its group commas, a warning sign
    before it or not) as a number, a percentage as a fraction; anything else as the text."""
    text = (text or "").strip()
    if not text:
        return None
    plain = latin_digits(text)
    m = _DATE.fullmatch(plain)
    if m:
        day, month, year, hour, minute = m.groups()
        return _moment(text, int(year), int(month), int(day), hour, minute)
    m = _MEDIUM.fullmatch(plain)
    if m:
        day, name, year, hour, minute = m.groups()
        month = (months if months is not None else _month_names(current_language())).get(name.casefold())
        return text if month is None else _moment(text, int(year), month, int(day), hour, minute)
    for marker in _MARKERS:
        if plain.startswith(marker) and len(plain) > len(marker):
            plain = plain[len(marker):].strip()
            break
    if _WHOLE.fullmatch(plain):
        return int(plain)
    if _GROUPED.fullmatch(plain):
        return int(plain.replace(",", ""))
    m = _PERCENT.fullmatch(plain)
    if m:
        return Percent(float(m.group(1)) / 100)
    return text


class Percent(float):
    """A share shown as "68%": written as 0.68 in a percentage format."""


def _moment(text, year, month, day, hour, minute):
    try:
        if hour is None:
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, int(hour), int(minute))
    except ValueError:
        return text


def shown_table(view: QAbstractItemView):
    """The table as shown (GUI thread): (headers, rows, kinds) of its visible columns. A column whose every
    filled cell reads as a date (or a moment, or a whole number) is written as such; any other column keeps each
    cell's text as shown ("12" among "12/2025" stays text)."""
    model = view.model()
    columns = [c for c in range(model.columnCount())
               if not (isinstance(view, QTableView) and view.isColumnHidden(c))]
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "").replace("\n", " ")
               for c in columns]
    texts = []
    for r in range(model.rowCount()):
        if isinstance(view, QTableView) and view.isRowHidden(r):
            continue
        texts.append([str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) or "").strip() for c in columns])
    rows = [[t or None for t in row] for row in texts]
    months = _month_names(current_language())
    kinds = []
    for i in range(len(columns)):
        values = [cell_value(row[i], months) for row in texts if row[i]]
        kind = "text"
        if values and all(isinstance(v, dt.datetime) for v in values):
            kind = "datetime"
        elif values and all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
            kind = "date"
        elif values and all(isinstance(v, Percent) for v in values):
            kind = "percent"
        elif values and all(isinstance(v, int) for v in values):
            kind = "int"
        if kind != "text":
            for row, text in zip(rows, texts):
                value = cell_value(text[i], months) if text[i] else None
                row[i] = float(value) if isinstance(value, Percent) else value
        kinds.append(kind)
    return headers, rows, kinds


def table_source(view: QAbstractItemView, title: str) -> ExportSource:
    """The table as it is shown, read now (GUI thread), written later on the worker."""
    from app.services import export

    headers, rows, kinds = shown_table(view)
    sheet = export.Sheet(title, [export.Column(h, k) for h, k in zip(headers, kinds)], rows)

    def write(_db, _actor, path, progress, cancelled):
        return export.write_xlsx(path, [sheet], progress=progress, cancelled=cancelled)

    return ExportSource(title, write, len(rows))


class _Progress(QObject):
    moved = Signal(int)  # rows written so far (emitted on the worker, shown on the GUI thread)


def file_name(title: str) -> str:
    stem = re.sub(r"[\\/:*?\"<>|]+", " ", title).strip() or "export"
    return f"{stem} {dt.date.today():%Y-%m-%d}.xlsx"


def export_view(page, view: QAbstractItemView, *, path: str | None = None) -> None:
    """Ask where (unless ``path`` is given), then write the table's workbook on the worker."""
    from app.services.core.errors import UserError

    source_of = getattr(page, "export_source", None)
    try:
        source = source_of(view) if source_of is not None else None
    except UserError as exc:  # a filter that cannot be read: said, nothing written
        page.ctx.status_message.emit(exc.message)
        return
    title = page.title() if hasattr(page, "title") else _("Table")
    if source is None:
        if view.model() is None or view.model().columnCount() == 0:
            return
        source = table_source(view, title)
    if path is None:
        path, _selected = QFileDialog.getSaveFileName(page, _("Export to Excel"), in_documents(file_name(source.title)),
                                                      _("Excel workbooks (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
    run_export(page, source, path)


def run_export(page, source: ExportSource, path: str) -> None:
    stop = threading.Event()
    progress = _Progress(page)
    dialog = QProgressDialog(_("Writing {path}…").format(path=path), _("Cancel"), 0, max(0, source.rows), page)
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(_("Export to Excel"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0 if source.rows >= BIG else 800)
    dialog.canceled.connect(stop.set)
    progress.moved.connect(lambda n: dialog.setValue(min(n, dialog.maximum())) if dialog.maximum() else None)
    ctx = page.ctx

    def work(db, actor):
        return source.write(db, actor, path, progress.moved.emit, stop.is_set)

    def finished(n: int) -> None:
        dialog.close()
        progress.deleteLater()
        ctx.status_message.emit(ngettext("{n} row written to {path}.", "{n} rows written to {path}.", n).format(
            n=n, path=path))

    def failed(exc: Exception) -> None:
        from app.services.core.errors import UserError
        from app.ui.tasks import explain

        dialog.close()
        progress.deleteLater()
        ctx.status_message.emit(exc.message if isinstance(exc, UserError) else explain(exc))

    Op(page, work, changes=source.changes, label=_("Exporting…")).success(finished).failure(failed).run()


def equip_exports(page: QWidget) -> None:
    """Give each table of ``page`` the export action (once): Ctrl+Shift+X while the table has the keyboard, and
    in its context menu (a table with a menu of its own adds ``export_action(view)`` to it)."""
    if page.property("exportEquipped"):
        return
    page.setProperty("exportEquipped", True)
    for view in page.findChildren(QTableView):
        action = QAction(view)
        action.setObjectName("exportAction")
        action.setShortcut(QKeySequence(EXPORT_KEY))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, v=view: export_view(page, v))
        view.addAction(action)
        retranslate_export(view)
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: _menu(v, pos))


def _menu(view: QAbstractItemView, pos) -> None:
    menu = QMenu(view)
    menu.setObjectName("exportMenu")
    add_export_to(menu, view)
    menu.exec(view.viewport().mapToGlobal(pos))
    menu.deleteLater()


def add_export_to(menu: QMenu, view: QAbstractItemView) -> None:
    """Put the table's export action, in the current language, into a context menu the page builds."""
    action = export_action(view)
    if action is not None:
        retranslate_export(view)
        menu.addAction(action)


def export_action(view: QAbstractItemView) -> QAction | None:
    return view.findChild(QAction, "exportAction")


def retranslate_export(view: QAbstractItemView) -> None:
    action = export_action(view)
    if action is not None:
        action.setText(_("E&xport to Excel… ({key})").format(key=EXPORT_KEY))


# --- the lists the pages know better than their tables show them -------------------------------------------

def pending_source(flt, order: tuple[str, bool], rows: int) -> ExportSource:
    """The whole pending list the filter finds (the table reads it a page at a time), in the table's order."""
    from app.services import export, obligations

    def write(db, _actor, path, progress, cancelled):
        id_list = obligations.ids(db, flt, order[0], descending=order[1])
        return export.write_xlsx(path, [export.pending_sheet(db, flt, id_list=id_list)], progress=progress,
                                 cancelled=cancelled)

    return ExportSource(_("Pending entries"), write, rows)


def audit_source(flt) -> ExportSource:
    """The audit trail the filter finds (the page shows it a page at a time); the export is recorded in it."""
    from app.services import export

    def write(db, actor, path, progress, cancelled):
        return export.export_audit(db, path, flt, actor=actor, progress=progress, cancelled=cancelled)

    return ExportSource(_("Audit trail"), write, 0, Changes(audit=True))


def cases_source(kind, year, search) -> ExportSource:
    """Every case the register's filters find (the page shows the newest few hundred)."""
    from app.services import export

    def write(db, _actor, path, progress, cancelled):
        return export.write_xlsx(path, [export.cases_sheet(db, kind=kind, year=year, search=search)],
                                 progress=progress, cancelled=cancelled)

    return ExportSource(_("Cases"), write, 0)
