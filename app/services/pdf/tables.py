"""Tables that print well in black and white, with shaped cells and a repeating header."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.services.pdf.fonts import FONT
from app.services.pdf.text import para, styles, text_width

# Six-digit hex only: ReportLab misreads three-digit colours ("#dde" comes out blue).
GRID_GREY = colors.HexColor("#999999")
HEADER_FILL = colors.HexColor("#e6e6e6")
ZEBRA_FILL = colors.HexColor("#f5f5f5")

Cell = str | int | float | Flowable | None

PADDING = 3  # left and right cell padding, points
_PAD = 2 * PADDING + 1  # a cell's padding on both sides, and a point to spare
FRAME_A4 = 180 * mm  # the A4 portrait frame width: the default total for columns sized to content
_WORD = re.compile(r"\S+")
_word_widths: dict[tuple[str, str], float] = {}


def _word_width(word: str, style_name: str) -> float:
    key = (word, style_name)
    w = _word_widths.get(key)
    if w is None:
        st = styles()[style_name]
        w = text_width(word, st.fontSize, bold=st.fontName != styles()["cell"].fontName)
        if len(_word_widths) > 50_000:
            _word_widths.clear()
        _word_widths[key] = w
    return w


def _measure(value: Cell, style_name: str) -> tuple[float, float]:
    """(longest word, longest line) of a cell's text in points; (0, 0) for what cannot be measured."""
    if isinstance(value, Paragraph):
        try:
            return value.minWidth(), 0.0
        except Exception:  # noqa: BLE001 (a flowable ReportLab cannot measure: leave it as given)
            return 0.0, 0.0
    if value is None or isinstance(value, Flowable):
        return 0.0, 0.0
    text = str(value)
    longest_word = longest_line = 0.0
    space = _word_width("\u00a0", style_name) if " " in text else 0.0
    for line in text.split("\n"):
        words = [_word_width(w, style_name) for w in _WORD.findall(line)]
        if words:
            longest_word = max(longest_word, max(words))
            longest_line = max(longest_line, sum(words) + space * (len(words) - 1))
    return longest_word, longest_line


def fit_widths(rows: Sequence[Sequence[Cell]], col_widths: Sequence[float | None], width: float | None = None,
               *, header_rows: int = 1, cell_style: str = "cell", header_style: str = "cell_bold") -> list[float]:
    """The column widths ``table`` uses: ``None`` columns sized to their content, and no column narrower
    than its longest word.

    Columns with ``None`` share what the given widths leave of ``width`` (default: the sum of the given
    widths, or the A4 frame when all are ``None``), each its longest line when all fit, otherwise its
    longest word plus a share of the rest in proportion to how much longer its lines are (lines of the
    body: a header may wrap, though none of its words is broken). Then a column
    narrower than its longest word (a word would be broken: "Not appl / icable") is widened, taking the
    room from the columns with the most to spare above their longest line (they lose no line), then above
    their longest word. Last, a column whose lines wrap takes what other columns with text have beyond
    their longest line. Columns left blank in the body (to write in) give room only to save a word; a
    column holding other flowables (a spacer to write in, a nested table) keeps its width. The total
    never changes.
    """
    n = len(col_widths)
    word, line, head, filled, fixed = _measure_columns(rows, n, header_rows, cell_style, header_style)
    out = _share_room(col_widths, word, line, width)
    _keep_words_whole(out, word, line, head, filled, fixed)
    return out


def _measure_columns(rows: Sequence[Sequence[Cell]], n: int, header_rows: int, cell_style: str,
                     header_style: str) -> tuple[list[float], list[float], list[float], list[bool], list[bool]]:
    """Per column, padded: its longest word, its body's longest line (at least the word), its header's longest
    line (unpadded, 0 when none); whether its body has something written, whether it holds flowables that
    cannot be measured."""
    word = [0.0] * n
    line = [0.0] * n
    filled = [False] * n  # a column with something in its body (not one left blank to write in)
    fixed = [False] * n  # a column holding flowables that cannot be measured
    head = [0.0] * n  # the header's longest line
    for r, row in enumerate(rows):
        style_name = header_style if r < header_rows else cell_style
        for c, value in enumerate(row[:n]):
            if value is None or value == "":
                continue
            if isinstance(value, Flowable) and not isinstance(value, Paragraph):
                fixed[c] = True  # a spacer to write in, a nested table...: the column keeps its width
                continue
            if r >= header_rows:
                filled[c] = True
            w, l = _measure(value, style_name)
            if w > word[c]:
                word[c] = w
            if r < header_rows:  # a header may wrap; its words may not
                head[c] = max(head[c], l)
            elif l > line[c]:
                line[c] = l
    word = [w + _PAD if w else 0.0 for w in word]
    line = [max(l + _PAD, w) if l else w for l, w in zip(line, word)]
    return word, line, head, filled, fixed


def _share_room(col_widths: Sequence[float | None], word: list[float], line: list[float],
                width: float | None) -> list[float]:
    """The given widths, and the ``None`` columns sharing what they leave of ``width``: each its longest line
    when all fit; else its longest word plus a share of the rest by how much longer its lines are; shrunk in
    proportion when not even the words fit."""
    n = len(col_widths)
    given = [w for w in col_widths if w is not None]
    if width is None:
        width = sum(given) if len(given) == n else max(FRAME_A4, sum(given) + 20 * mm)
    out = [float(w) if w is not None else 0.0 for w in col_widths]
    auto = [c for c in range(n) if col_widths[c] is None]
    if auto:
        room = max(width - sum(given), 0.0)
        natural = sum(max(line[c], 12.0) for c in auto)
        if natural <= room:  # all fit on one line: widen in proportion to the line
            for c in auto:
                out[c] = max(line[c], 12.0) * room / natural
        else:
            floor = sum(max(word[c], 12.0) for c in auto)
            extra = max(room - floor, 0.0)
            want = sum(max(line[c] - word[c], 0.0) for c in auto) or 1.0
            for c in auto:
                out[c] = max(word[c], 12.0) + extra * max(line[c] - word[c], 0.0) / want
            if floor > room:  # not even the words fit: shrink in proportion
                out = [w * room / floor if c in auto else w for c, w in enumerate(out)]
    return out


def _move(out: list[float], c: int, need: float, floor: list[float], donors: list[int]) -> None:
    """Widen column ``c`` by up to ``need``, taking from the donors with the most above their ``floor``."""
    while need > 0.01:
        spare = max(((out[k] - max(floor[k], 12.0), k) for k in donors if k != c), default=(0.0, -1))
        if spare[0] <= 0.01:
            return
        give = min(need, spare[0])
        out[spare[1]] -= give
        out[c] += give
        need -= give


def _keep_words_whole(out: list[float], word: list[float], line: list[float], head: list[float],
                      filled: list[bool], fixed: list[bool]) -> None:
    """Widen (in place, the total kept) each column narrower than its longest word, then each written column
    that wraps, from the columns with room to spare."""
    n = len(out)
    # What a column can give without a line more: beyond its body's longest line, and beyond the header's
    # longest line while the header fits (a header on one line stays on one line).
    hold = [max(line[k], min(head[k] + _PAD if head[k] else 0.0, out[k])) for k in range(n)]
    written = [k for k in range(n) if filled[k] and not fixed[k]]
    free = [k for k in range(n) if not fixed[k]]
    for c in free:  # no word broken: room first from what loses no line, written columns before blank ones,
        _move(out, c, word[c] - out[c], hold, written)  # then from what loses a header line, then from any
        _move(out, c, word[c] - out[c], hold, free)  # column wider than its longest word
        _move(out, c, word[c] - out[c], line, free)
        _move(out, c, word[c] - out[c], word, free)
    # A written column that wraps gets what other written columns have beyond their longest line (a case
    # number on two lines while the duty column has room). Blank columns, kept to write in, give nothing.
    for c in sorted(written, key=lambda k: line[k] - out[k]):
        if line[c] > out[c] + 0.01:
            _move(out, c, line[c] - out[c], hold, written)


def _cell(value: Cell, style_name: str) -> Flowable | str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        return para(value, style_name)
    return value


def table(
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float | None],
    header_rows: int = 1,
    zebra: bool = True,
    *,
    cell_style: str = "cell",
    header_style: str = "cell_bold",
    align: Sequence[str] | None = None,
    width: float | None = None,
    keep_rows: int = 2,
) -> Table:
    """A table of ``rows`` (lists of str, number, Paragraph/flowable or None).

    Strings and numbers become shaped paragraphs (``header_style`` in the first ``header_rows`` rows,
    ``cell_style`` elsewhere, or per column ``"left"``/``"right"``/``"centre"`` via ``align``);
    so they wrap inside their column. The header rows repeat on every page; the grid is thin
    grey, the header light grey, and alternate body rows (``zebra``) a lighter grey.

    Widths are ``fit_widths``': a ``None`` width sizes that column to its content within ``width``, and
    no column is left narrower than its longest word. A page break never falls between the first
    ``keep_rows`` body rows nor between the last ``keep_rows`` rows (no lone row under the header at a
    page foot, no Total row alone on a page).
    """
    data = _cells(rows, header_rows, cell_style, header_style, align)
    return Table(
        data,
        colWidths=fit_widths(rows, col_widths, width, header_rows=header_rows, cell_style=cell_style,
                             header_style=header_style),
        repeatRows=header_rows,
        style=TableStyle(_style_commands(len(data), header_rows, zebra, keep_rows, cell_style)),
        hAlign="LEFT",
    )


def _cells(rows: Sequence[Sequence[Cell]], header_rows: int, cell_style: str, header_style: str,
           align: Sequence[str] | None) -> list[list]:
    """The rows' values as cells: the header rows in ``header_style``, the body in ``cell_style`` or its
    column's alignment."""
    column_style = {"left": cell_style, "right": "cell_right", "centre": "cell_centre",
                    "center": "cell_centre"}
    data = []
    for r, row in enumerate(rows):
        out = []
        for c, value in enumerate(row):
            if r < header_rows:
                name = header_style
            elif align is not None and c < len(align):
                name = column_style[align[c]]
            else:
                name = cell_style
            out.append(_cell(value, name))
        data.append(out)
    return data


def _style_commands(n_rows: int, header_rows: int, zebra: bool, keep_rows: int, cell_style: str) -> list[tuple]:
    """The table's look (font, thin grey grid, grey header, zebra body) and where a page may not break."""
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, styles()[cell_style].fontSize),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, colors.black),
        ]
    if zebra and n_rows > header_rows + 1:
        commands.append(
            ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA_FILL])
        )
    body = n_rows - header_rows
    if keep_rows > 1 and body >= 2:
        k = min(keep_rows, body)
        commands += [("NOSPLIT", (0, header_rows), (-1, header_rows + k - 1)),
                     ("NOSPLIT", (0, n_rows - k), (-1, n_rows - 1))]
    return commands
