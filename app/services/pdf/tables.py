"""Tables that print well in black and white, with shaped cells and a repeating header."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from app.services.pdf.fonts import FONT
from app.services.pdf.text import para, styles

# Six-digit hex only: ReportLab misreads three-digit colours ("#dde" comes out blue).
GRID_GREY = colors.HexColor("#999999")
HEADER_FILL = colors.HexColor("#e6e6e6")
ZEBRA_FILL = colors.HexColor("#f5f5f5")

Cell = str | int | float | Flowable | None


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
) -> Table:
    """A table of ``rows`` (lists of str, number, Paragraph/flowable or None).

    Strings and numbers become shaped paragraphs (``header_style`` in the first ``header_rows`` rows,
    ``cell_style`` elsewhere, or per column ``"left"``/``"right"``/``"centre"`` via ``align``);
    so they wrap inside their column. The header rows repeat on every page; the grid is thin
    grey, the header light grey, and alternate body rows (``zebra``) a lighter grey.
    """
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
    if zebra and len(data) > header_rows + 1:
        commands.append(
            ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA_FILL])
        )
    return Table(
        data,
        colWidths=list(col_widths),
        repeatRows=header_rows,
        style=TableStyle(commands),
        hAlign="LEFT",
    )
