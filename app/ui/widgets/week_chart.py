"""The last weeks as stacked bars: entries made on time, made late, and not yet made. Drawn with
QPainter (no QtCharts: it is a 100 MB add-on for one chart). The three parts differ in pattern as well
as colour (solid, hatched, outlined) so the chart reads on a grey printout and for colour-blind eyes.
Each bar's numbers are in its tooltip and in the accessible description.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.i18n import _
from app.services.core.formatting import digits, format_date, format_number

ON_TIME = QColor(46, 125, 50)
LATE = QColor(230, 140, 0)
OPEN = QColor(120, 120, 120)


@dataclass(frozen=True)
class WeekBar:
    week_start: dt.date
    on_time: int
    late: int
    open: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open


def nice_ceiling(peak: int) -> int:
    """The scale's top: the first of 2, 4, 6, 8, 10 × 10ⁿ at or above ``peak``, so the top and its half are round
    numbers (997 → 1,000 and 500; 498 → 600 and 300; 3 → 4 and 2), never the peak itself."""
    k = 1
    while True:
        for m in (2, 4, 6, 8, 10):
            if m * k >= peak:
                return m * k
        k *= 10


class WeekChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._weeks: list[WeekBar] = []
        self._counted = False  # before its first weeks it says it is counting, never "no entries were due"
        self._bars: list[QRectF] = []
        self.setMouseTracking(True)
        self.setMinimumSize(320, 100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def set_weeks(self, weeks) -> None:
        self._counted = True
        """Rows with ``week_start, on_time, late, open`` (``obligations.weekly_history``)."""
        self._weeks = [WeekBar(w.week_start, int(w.on_time), int(w.late), int(w.open)) for w in weeks]
        self.setAccessibleDescription(self.describe())
        self.update()

    def empty_text(self) -> str:
        """What the chart says with no bars: counting (before its first weeks), or that nothing was due."""
        return _("No entries were due in these weeks.") if self._counted else _("Counting…")

    def weeks(self) -> list[WeekBar]:
        return list(self._weeks)

    def describe(self) -> str:
        return "\n".join(self._bar_text(w) for w in self._weeks)

    def _bar_text(self, w: WeekBar) -> str:
        return _("Week of {date}: {on_time} on time, {late} late, {open} not entered").format(
            date=format_date(w.week_start), on_time=format_number(w.on_time), late=format_number(w.late),
            open=format_number(w.open))

    # --- painting -------------------------------------------------------------------------
    def _legend(self) -> list[tuple[str, QColor, Qt.BrushStyle]]:
        return [(_("On time"), ON_TIME, Qt.BrushStyle.SolidPattern),
                (_("Late"), LATE, Qt.BrushStyle.BDiagPattern),
                (_("Not entered"), OPEN, Qt.BrushStyle.NoBrush)]

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        fm = QFontMetrics(self.font())
        pal = self.palette()
        text_pen = QPen(pal.color(pal.ColorRole.WindowText))
        w, h = self.width(), self.height()
        line = fm.height()
        self._paint_legend(p, fm, text_pen)
        top = 10 + line
        bottom = h - line - 6
        peak = max((wk.total for wk in self._weeks), default=0)
        axis_w = fm.horizontalAdvance(format_number(max(nice_ceiling(peak), 10))) + 6
        left, right = 4 + axis_w, w - 4
        self._bars = []
        if not self._weeks or bottom - top < 20:
            if not self._weeks:
                p.setPen(text_pen)
                p.drawText(QRectF(0, top, w, bottom - top), Qt.AlignmentFlag.AlignCenter, self.empty_text())
            p.end()
            return
        scale_max = nice_ceiling(peak)
        self._paint_scale(p, text_pen, (left, right, top, bottom), axis_w, line, scale_max)
        self._paint_bars(p, fm, text_pen, (left, right, top, bottom), line, scale_max)
        p.end()

    def _paint_legend(self, p: QPainter, fm: QFontMetrics, text_pen: QPen) -> None:
        """The legend along the top."""
        line = fm.height()
        x = 4.0
        for label, colour, style in self._legend():
            box = QRectF(x, 4, line * 0.8, line * 0.8)
            self._fill(p, box, colour, style)
            p.setPen(text_pen)
            p.drawText(QPointF(box.right() + 4, 4 + fm.ascent() * 0.85), label)
            x = box.right() + 4 + fm.horizontalAdvance(label) + 14

    def _paint_scale(self, p: QPainter, text_pen: QPen, area: tuple, axis_w: float, line: int,
                     scale_max: int) -> None:
        """Dotted lines at nought, half and the peak, with their numbers on the left."""
        left, right, top, bottom = area
        pal = self.palette()
        grid_pen = QPen(pal.color(pal.ColorRole.Mid))
        grid_pen.setStyle(Qt.PenStyle.DotLine)
        for frac in (0.0, 0.5, 1.0):
            y = bottom - (bottom - top) * frac
            p.setPen(grid_pen)
            p.drawLine(QPointF(left, y), QPointF(right, y))
            p.setPen(text_pen)
            value = format_number(round(scale_max * frac))
            p.drawText(QRectF(0, y - line / 2, axis_w, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)

    def _paint_bars(self, p: QPainter, fm: QFontMetrics, text_pen: QPen, area: tuple, line: int,
                    scale_max: int) -> None:
        """One stacked bar a week (on time, late, not entered), its date below; remembers each bar's area."""
        left, right, top, bottom = area
        n = len(self._weeks)
        slot = (right - left) / n
        bar_w = max(4.0, slot * 0.62)
        label_every = 1 if fm.horizontalAdvance("00.00") + 6 < slot else 2
        for i, wk in enumerate(self._weeks):
            x0 = left + slot * i + (slot - bar_w) / 2
            y = float(bottom)
            for value, colour, style in ((wk.on_time, ON_TIME, Qt.BrushStyle.SolidPattern),
                                         (wk.late, LATE, Qt.BrushStyle.BDiagPattern),
                                         (wk.open, OPEN, Qt.BrushStyle.NoBrush)):
                if value <= 0:
                    continue
                hgt = (bottom - top) * value / scale_max
                rect = QRectF(x0, y - hgt, bar_w, hgt)
                self._fill(p, rect, colour, style)
                y -= hgt
            self._bars.append(QRectF(left + slot * i, top, slot, bottom - top))
            if i % label_every == 0 or i == n - 1:
                p.setPen(text_pen)
                label = digits(wk.week_start.strftime("%d.%m"))
                p.drawText(QRectF(left + slot * i - 10, bottom + 2, slot + 20, line), Qt.AlignmentFlag.AlignHCenter, label)

    @staticmethod
    def _fill(p: QPainter, rect: QRectF, colour: QColor, style: Qt.BrushStyle) -> None:
        if style == Qt.BrushStyle.BDiagPattern:
            p.fillRect(rect, QColor(colour.red(), colour.green(), colour.blue(), 90))
        if style != Qt.BrushStyle.NoBrush:
            p.fillRect(rect, QBrush(colour, style))
        pen = QPen(colour.darker(140))
        pen.setWidthF(1.2)
        if style == Qt.BrushStyle.NoBrush:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    # --- tooltips -------------------------------------------------------------------------
    def bar_at(self, x: float, y: float) -> WeekBar | None:
        for rect, wk in zip(self._bars, self._weeks):
            if rect.contains(QPointF(x, y)):
                return wk
        return None

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        wk = self.bar_at(pos.x(), pos.y())
        if wk is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self._bar_text(wk), self)
        super().mouseMoveEvent(event)
