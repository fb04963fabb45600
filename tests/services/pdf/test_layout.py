"""Page-break and column rules every document gets from the PDF layer: headings kept with what follows,
no lone first or last table row, columns wide enough for their words and sized to their content."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from app.services.pdf import build_pdf, fit_widths, heading, para, table
from app.services.pdf import document as pdf_document
from app.services.pdf.tables import _word_width

FRAME_H = 297 * mm - 20 * mm - 22 * mm  # A4 minus the default margins
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def page_texts(path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return out.split("\f")


def _rows(n: int, total: bool = False) -> list[list[str]]:
    rows = [["क्रम", "कर्तव्य", "बकाया"]] + [[str(i + 1), f"पंक्ति {i + 1}", str(i)] for i in range(n)]
    if total:
        rows.append(["", "योग", str(sum(range(n)))])
    return rows


def _build(tmp_path, story, name="t.pdf"):
    path = tmp_path / name
    build_pdf(path, story, title="t", page_label="{page}/{pages}")
    return page_texts(path)


@needs_pdftotext
@pytest.mark.parametrize("make", [
    lambda: para("अध्याय दो: लंबित प्रविष्टियाँ", "heading"),
    lambda: heading("अध्याय दो: लंबित प्रविष्टियाँ", "body"),
])
def test_a_heading_at_the_page_foot_moves_with_its_table(tmp_path, monkeypatch, make):
    filler = Spacer(1, FRAME_H - 40)  # room for the heading and about one row, not three
    story = [filler, make(), table(_rows(30), [20 * mm, 100 * mm, 30 * mm])]
    pages = _build(tmp_path, story)
    assert "अध्याय दो" not in pages[0] and "अध्याय दो" in pages[1]
    assert "पंक्ति 1\n" in pages[1] or "पंक्ति 1 " in pages[1]
    # the same story without the rule leaves the heading alone at the foot of page 1 (the test can fail)
    monkeypatch.setattr(pdf_document, "keep_headings", lambda s: s)
    story = [Spacer(1, FRAME_H - 40), make(), table(_rows(30), [20 * mm, 100 * mm, 30 * mm])]
    pages = _build(tmp_path, story, "without.pdf")
    assert "अध्याय दो" in pages[0] and "पंक्ति 1" not in pages[0]


@needs_pdftotext
def test_a_heading_moves_with_a_block_kept_together_and_a_caption_with_its_table(tmp_path):
    block = KeepTogether([para(f"पंक्ति {i}", "body") for i in range(8)])
    story = [Spacer(1, FRAME_H - 80), para("सारांश", "heading"), block]
    pages = _build(tmp_path, story)
    assert "सारांश" not in pages[0] and "सारांश" in pages[1]
    story = [Spacer(1, FRAME_H - 40), para("धारक: राम कुमार", "body"), table(_rows(30), [20 * mm, 100 * mm, 30 * mm])]
    pages = _build(tmp_path, story, "caption.pdf")
    assert "धारक" in pages[1]


@needs_pdftotext
def test_a_heading_with_room_stays_and_its_table_splits(tmp_path):
    story = [para("पहला भाग", "heading"), table(_rows(80), [20 * mm, 100 * mm, 30 * mm])]
    pages = _build(tmp_path, story)
    assert "पहला भाग" in pages[0] and "पंक्ति 1" in pages[0]
    assert "कर्तव्य" in pages[1]  # the header row repeats on the continuation page


def _split_parts(t, avail):
    t.wrap(180 * mm, FRAME_H)
    return t.split(180 * mm, avail)


def test_a_total_row_is_never_alone_on_a_page():
    t = table(_rows(20, total=True), [20 * mm, 100 * mm, 30 * mm])
    t.wrap(180 * mm, FRAME_H)
    heights = t._rowHeights
    parts = _split_parts(t, sum(heights[:-1]) + 1)  # room for all but the Total row
    assert len(parts) == 2
    tail = parts[1]._cellvalues
    assert len(tail) == 1 + 2  # the repeated header, the last body row and the Total


def test_no_page_ends_with_the_header_and_one_row():
    t = table(_rows(20), [20 * mm, 100 * mm, 30 * mm])
    t.wrap(180 * mm, FRAME_H)
    heights = t._rowHeights
    parts = _split_parts(t, heights[0] + heights[1] + 1)  # room for the header and one row only
    assert parts == [] or len(parts[0]._cellvalues) >= 3


def test_keep_rows_can_be_switched_off():
    t = table(_rows(20, total=True), [20 * mm, 100 * mm, 30 * mm], keep_rows=1)
    t.wrap(180 * mm, FRAME_H)
    parts = _split_parts(t, sum(t._rowHeights[:-1]) + 1)
    assert len(parts[1]._cellvalues) == 1 + 1  # header and the Total alone: what the rule prevents


def test_no_column_is_narrower_than_its_longest_word():
    rows = [["Role", "Form", "Due", "Not applicable", "On time %"],
            ["Dak munshi / court pairokar", "IIF-3", "183", "4", "72%"]]
    given = [45 * mm, 22 * mm, 20 * mm, 15 * mm, 15 * mm]
    widths = fit_widths(rows, given)
    assert abs(sum(widths) - sum(given)) < 0.01
    assert widths[3] >= _word_width("applicable", "cell_bold") + 6
    # the room came from a column with room beyond its longest line, not from the Role column
    line = sum(_word_width(w, "cell") for w in "Dak munshi / court pairokar".split())
    assert widths[0] >= line + 6


def test_a_wrapping_column_takes_room_a_written_column_does_not_use_but_not_a_blank_one():
    rows = [["Code", "Duty", "Case", "Remarks"],
            ["C-1", "अपराध विवरण", "मु0अ0सं0 1126/2022 धारा 303(2) BNS", ""]]
    given = [14 * mm, 90 * mm, 26 * mm, 50 * mm]
    widths = fit_widths(rows, given)
    case_line = sum(_word_width(w, "cell") for w in rows[1][2].split()) + 3 * _word_width("\u00a0", "cell")
    assert widths[2] >= case_line + 6  # the case on one line now
    assert widths[3] == pytest.approx(50 * mm)  # the blank column to write in keeps its width
    assert sum(widths) == pytest.approx(sum(given))


def test_columns_sized_to_content_share_the_given_width():
    rows = [["Code", "Duty", "Held by", "Pending"],
            ["A-1", "प्रथम सूचना रिपोर्ट का पंजीकरण।", "शिव कुमार यादव", "329"]]
    widths = fit_widths(rows, [14 * mm, None, None, 20 * mm], 180 * mm)
    assert sum(widths) == pytest.approx(180 * mm)
    assert widths[0] == pytest.approx(14 * mm) and widths[3] == pytest.approx(20 * mm)
    assert widths[1] > widths[2]  # the longer text gets more
    # too little room for every line: every column still holds its longest word
    narrow = fit_widths(rows, [14 * mm, None, None, 20 * mm], 80 * mm)
    assert narrow[1] >= _word_width("रिपोर्ट", "cell")
    assert sum(narrow) == pytest.approx(80 * mm)
