"""Searchable Hindi: the words of a PDF come out of it as they were typed.

Shaped Hindi is drawn as glyphs: a conjunct (प्र, क्ष, त्र) is one glyph with no Unicode value, and
the vowel sign ि is drawn before its consonant. Each shaped run is therefore wrapped in a marked-content
span whose /ActualText is the typed text; poppler's ``pdftotext`` (and viewers built on poppler, and
Acrobat) read that instead of the glyphs. Before this, ``pdftotext`` gave "दसंबर" and "पांक".
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import starting_from
from tests.services.report_seed import seeded_once

# Conjuncts, reph, pre-base ि, nasal signs, nukta-free and halant-ending clusters.
WORDS = ["प्रथम", "सूचना", "रिपोर्ट", "निरीक्षक", "क्षेत्राधिकारी", "दिसंबर", "पत्रांक",
         "मुख्यालय", "उत्तर", "श्रीवास्तव", "कृष्ण", "हस्ताक्षर"]

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _doc(path: Path, *, bold_header: str = "निरीक्षक दिसंबर") -> int:
    from reportlab.lib.units import mm

    from app.services.pdf import build_pdf, para, table

    story = [
        para(" ".join(WORDS[:3]), "title"),
        para("<b>" + WORDS[3] + "</b> और " + WORDS[4] + ": FIR/प्राथमिकी, 5 दिसंबर 2026", "body", markup=True),
        table([["क्रम", "कर्तव्य / Duty"]] + [[i + 1, w + " (IIF-1)"] for i, w in enumerate(WORDS)],
              [20 * mm, 120 * mm]),
    ]
    return build_pdf(path, story, title="t", page_label="पृष्ठ {page} / {pages}", header_left=bold_header,
                     footer_left="हस्ताक्षर प्रभारी निरीक्षक")


def test_each_shaped_glyph_knows_the_text_it_stands_for():
    """Without any PDF reader: shaping a word and reading its glyphs' text back gives the word."""
    from app.services.pdf import FONT, register_fonts
    from app.services.pdf.shaping_cache import actual_text, shape_str

    register_fonts()
    for word in WORDS + ["FIR/प्राथमिकी", "मु0अ0सं0 624/2022"]:
        shaped = shape_str(word, FONT, 10)
        assert actual_text(shaped) == word
        if word in ("प्रथम", "दिसंबर", "क्षेत्राधिकारी"):
            assert str(shaped) != word  # glyphs differ from the text: the case this is for


def test_a_line_joined_from_shaped_words_keeps_each_words_text():
    from app.services.pdf import FONT, register_fonts
    from app.services.pdf.shaping_cache import actual_text, shape_str

    register_fonts()
    a, b = shape_str("प्रथम", FONT, 9), shape_str("सूचना", FONT, 9)
    line = a + " " + b  # how ReportLab joins the words of a line
    assert actual_text(line) == "प्रथम सूचना"
    assert actual_text(line[len(str(a)) + 1:]) == "सूचना"


@needs_pdftotext
def test_pdftotext_gives_the_hindi_as_typed(tmp_path):
    path = tmp_path / "t.pdf"
    _doc(path)
    text = pdftotext(path)
    for word in WORDS:
        assert word in text, word
    assert "प्रथम सूचना रिपोर्ट" in text
    assert "FIR/प्राथमिकी" in text
    assert "5 दिसंबर 2026" in text
    # the canvas text of the page furniture too
    assert "निरीक्षक दिसंबर" in text and "हस्ताक्षर प्रभारी निरीक्षक" in text and "पृष्ठ 1 / 1" in text
    assert "दसंबर" not in text and "पांक" not in text


@needs_pdftotext
def test_layout_mode_and_the_raw_stream_order_too(tmp_path):
    path = tmp_path / "t.pdf"
    _doc(path)
    for args in (("-layout",), ("-raw",)):
        text = pdftotext(path, *args)
        for word in WORDS:
            assert word in text, (args, word)


@needs_pdftotext
def test_without_the_spans_the_words_are_broken(tmp_path, monkeypatch):
    """The test above can fail: with the spans switched off, poppler reads the glyphs."""
    from app.services.pdf import clear_caches, shaping_cache

    monkeypatch.setattr(shaping_cache, "USE_ACTUAL_TEXT", False)
    clear_caches()
    path = tmp_path / "t.pdf"
    _doc(path)
    text = pdftotext(path)
    assert "दिसंबर" not in text and "प्रथम" not in text


def test_the_spans_do_not_change_what_is_drawn(tmp_path, monkeypatch):
    """Same glyphs, same positions: the page body without the span operators is identical."""
    import re

    from app.services.pdf import clear_caches, shaping_cache

    def body(flag: bool) -> list[str]:
        monkeypatch.setattr(shaping_cache, "USE_ACTUAL_TEXT", flag)
        clear_caches()
        from pypdf import PdfReader

        path = tmp_path / f"{flag}.pdf"
        _doc(path)
        out = []
        for page in PdfReader(path).pages:
            data = page.get_contents().get_data().decode("latin-1")
            data = re.sub(r"/Span <</ActualText <[0-9A-F]+>>> BDC ", "", data).replace(" EMC", "")
            out.append(re.sub(r"\s+", " ", data))
        return out

    with_spans, without = body(True), body(False)
    # the footer's QR code seals the body's digest, which the spans are part of: compare the rest
    strip_qr = re.compile(r"(?: [\d.]+){4} re f\*?")
    assert [strip_qr.sub("", p) for p in with_spans] == [strip_qr.sub("", p) for p in without]


made, db_path = starting_from("seeded", lambda made_once: seeded_once(made_once, obligations=300))


@pytest.fixture
def seeded(db, made):
    """A station seeded with 300 entries (made once for the module; each test its own copy), the clock at TODAY."""
    return made.on(db)


@needs_pdftotext
def test_the_hindi_checklist_round_trips(db, seeded, tmp_path):
    from app.services.reports import build_checklist

    path = tmp_path / "checklist.pdf"
    build_checklist(db, path, lang="hi")
    text = pdftotext(path)
    for phrase in ("प्रथम सूचना रिपोर्ट", "निरीक्षण जाँच सूची", "थाना प्रभारी", "पत्रांक", "दिनांक"):
        assert phrase in text, phrase
    assert "पांक" not in text


_PRIVATE_USE = "[\ue000-\uf8ff]"


@needs_pdftotext
@pytest.mark.parametrize("lang", ["hi", "both"])
def test_no_document_gives_glyph_codes_instead_of_letters(db, seeded, tmp_path, lang):
    """Every document, in Hindi and in both languages: its text comes out with no private-use codes (what a
    conjunct glyph gives when nothing says what it stands for: "\ue000थम" for प्रथम) and no vowel sign
    before its consonant."""
    import re

    from app.services.reports import (attendance_sheet, build_checklist, build_compliance, build_pendency,
                                      build_slips, people_owing)
    from tests.services.report_seed import TODAY

    start = TODAY.date().replace(day=1).isoformat()
    end = TODAY.date().isoformat()
    docs = {
        "checklist": lambda p: build_checklist(db, p, lang=lang),
        "slips": lambda p: build_slips(db, p, people_owing(db)[:2], lang=lang),
        "compliance": lambda p: build_compliance(db, p, date_from=start, date_to=end, lang=lang),
        "pendency": lambda p: build_pendency(db, p, date_from=start, date_to=end, lang=lang),
        "attendance": lambda p: attendance_sheet(db, TODAY.strftime("%Y-%m"), p, lang=lang),
    }
    for name, build in docs.items():
        path = tmp_path / f"{name}.pdf"
        build(path)
        text = pdftotext(path)
        assert "थाना" in text, name
        assert not re.search(_PRIVATE_USE, text), (name, re.findall(f".{{0,8}}{_PRIVATE_USE}.{{0,8}}", text)[:5])
        assert not re.search(r"(?:^|\s)[\u093e-\u094c]", text), name  # a vowel sign starting a word
