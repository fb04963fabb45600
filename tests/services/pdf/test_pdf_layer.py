"""The shared PDF layer: fonts, shaped text, tables, page furniture, atomic writes.

Hindi is checked by rendering pages and looking (see ``make_sample``), and here by comparing glyph runs;
that it round-trips through poppler's text extraction (/ActualText) is test_searchable_hindi.py.
PDF structure is read back with pypdf and with poppler's ``pdfinfo`` / ``pdffonts`` / ``pdftotext``
(each such test runs once per reader installed and skips a reader that is missing).
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

DUTIES = [
    "प्रथम सूचना रिपोर्ट का पंजीकरण। (IIF-1)",
    "गिरफ्तारी/आत्मसमर्पण (IIF-3) (फोटो सहित)",
    "क्षेत्राधिकारी",
    "त्रुटि",
    "Case diary entry & <remarks>",
    "FIR/प्राथमिकी",
]
PAGE_LABEL = "Page {page} of {pages}"



@dataclass
class PdfFacts:
    pages: int
    embedded_fonts: set[str]  # base font names without the subset prefix
    unembedded_fonts: set[str]
    texts: list[str]  # extracted text per page (Latin only is reliable)
    title: str
    author: str
    page_size: tuple[float, float]


def _facts_pypdf(path: Path) -> PdfFacts:
    from pypdf import PdfReader

    reader = PdfReader(path)
    embedded, unembedded = set(), set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            desc = font.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            has_file = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            (embedded if has_file else unembedded).add(name)
    box = reader.pages[0].mediabox
    meta = reader.metadata or {}
    return PdfFacts(
        pages=len(reader.pages),
        embedded_fonts=embedded,
        unembedded_fonts=unembedded,
        texts=[page.extract_text() or "" for page in reader.pages],
        title=str(meta.get("/Title", "")),
        author=str(meta.get("/Author", "")),
        page_size=(round(float(box.width), 2), round(float(box.height), 2)),
    )


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _facts_poppler(path: Path) -> PdfFacts:
    info = dict(
        line.split(":", 1) for line in _run("pdfinfo", str(path)).splitlines() if ":" in line
    )
    info = {k.strip(): v.strip() for k, v in info.items()}
    pages = int(info["Pages"])
    embedded, unembedded = set(), set()
    for line in _run("pdffonts", str(path)).splitlines()[2:]:
        cols = line.split()
        name = cols[0].split("+")[-1]
        # columns from the right: object ID (2), uni, sub, emb
        (embedded if cols[-5] == "yes" else unembedded).add(name)
    size = re.match(r"([\d.]+) x ([\d.]+)", info["Page size"])
    return PdfFacts(
        pages=pages,
        embedded_fonts=embedded,
        unembedded_fonts=unembedded,
        texts=[_run("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-")
               for n in range(1, pages + 1)],
        title=info.get("Title", ""),
        author=info.get("Author", ""),
        page_size=(round(float(size[1]), 2), round(float(size[2]), 2)),
    )


BACKENDS = {
    "pypdf": (importlib.util.find_spec("pypdf") is not None, _facts_pypdf),
    "poppler": (all(shutil.which(t) for t in ("pdfinfo", "pdffonts", "pdftotext")),
                _facts_poppler),
}


@pytest.fixture(params=list(BACKENDS))
def facts(request):
    """Reads a PDF with pypdf or poppler-utils (each test runs once per reader present)."""
    available, reader = BACKENDS[request.param]
    if not available:
        pytest.skip(f"{request.param} is not installed")
    return reader


def sample_story(rows: int = 40) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    data = [["क्रम / No.", "कर्तव्य / Duty", "बकाया / Pending", "तिथि / Date"]]
    for i in range(rows):
        data.append([i + 1, DUTIES[i % len(DUTIES)], str(i * 3), "05-01-2024"])
    return [
        para("निरीक्षण जाँच सूची — Inspection checklist", "title"),
        para("थाना कोतवाली, जनपद लखनऊ — <b>क्षेत्राधिकारी</b> visit", "body", markup=True),
        Spacer(1, 3 * mm),
        table(data, [18 * mm, 95 * mm, 30 * mm, 30 * mm]),
    ]


def make_sample(target, **overrides) -> int:
    """The bilingual two-page test document (also used to render PNGs for a visual check)."""
    from app.services.pdf import build_pdf

    kwargs = dict(
        title="निरीक्षण जाँच सूची — Inspection checklist",
        page_label=PAGE_LABEL,
        header_left="थाना कोतवाली — क्षेत्राधिकारी प्रथम",
        header_right="05 जनवरी 2024",
        footer_left="Printed by Anupalan — प्रिंट",
        footer_note="Audit chain head: 3f2a9c0d… (लेखा-परीक्षा श्रृंखला)",
    )
    kwargs.update(overrides)
    story = kwargs.pop("story", None) or sample_story()
    return build_pdf(target, story, **kwargs)


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "checklist.pdf"
    assert make_sample(path) == 2
    return path


# --- layering -------------------------------------------------------------------------------


def test_importing_the_package_does_not_import_reportlab_or_qt():
    code = (
        "import sys; import app.services.pdf as p; "
        "assert 'reportlab' not in sys.modules, 'reportlab imported eagerly'; "
        "p.build_pdf; p.table; assert 'reportlab' in sys.modules; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- fonts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["Regular", "Bold"])
def test_static_fonts_cover_latin_and_devanagari(style):
    from fontTools.ttLib import TTFont

    font = TTFont(ROOT / "resources" / "fonts" / f"NotoSansDevanagari-{style}.ttf")
    names = font["name"]
    assert names.getDebugName(1) == "Noto Sans Devanagari"
    assert names.getDebugName(2) == style
    assert "fvar" not in font
    cmap = font.getBestCmap()
    needed = "AZaz09.,;:!?()[]/-&%₹" + "".join(DUTIES) + "अआइईउऊएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह्ािीुूेैोौंँः।"
    assert [c for c in needed if ord(c) not in cmap and not c.isspace()] == []


def test_register_fonts_is_idempotent():
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase import pdfmetrics

    from app.services.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    register_fonts()
    assert pdfmetrics.getFont(FONT).shapable
    assert pdfmetrics.getFont(FONT_BOLD).shapable
    assert tt2ps(FONT, 1, 0) == FONT_BOLD


# --- text -----------------------------------------------------------------------------------


def test_para_shapes_only_devanagari_and_escapes_user_text():
    from app.services.pdf import para

    hindi = para("क्षेत्राधिकारी", "cell")
    latin = para("Case diary & <remarks>", "cell")
    assert hindi.style.shaping == 1
    assert latin.style.shaping == 0
    assert latin.style.fontName == hindi.style.fontName == "Anupalan"
    assert "".join(f.text for f in latin.frags) == "Case diary & <remarks>"
    assert len(para("क्रम\nNo.", "cell").breakLines([200]).lines) == 2
    bold = para("<b>त्रुटि</b> error", "body", markup=True)
    assert bold.frags[0].fontName == "Anupalan-Bold"


def test_styles_have_hindi_friendly_leading():
    from app.services.pdf import styles

    st = styles()
    for name in ("title", "heading", "body", "small", "cell", "cell_bold"):
        assert st[name].shaping == 1
        assert st[name].leading == pytest.approx(1.35 * st[name].fontSize, abs=0.01)
        assert st[name].fontName.startswith("Anupalan")


def _glyphs(text: str) -> str:
    from app.services.pdf import FONT, register_fonts
    from app.services.pdf.shaping_cache import shape_str

    register_fonts()
    return str(shape_str(text, FONT, 10))


def test_shaping_reorders_and_joins():
    # ि goes before its consonant and the conjunct needs no visible halant: the shaped glyph
    # run differs from the input characters.
    shaped = _glyphs("त्रुटि")
    assert shaped != "त्रुटि"
    assert "्" not in shaped


def test_mixed_script_text_shapes_its_hindi_as_hindi():
    # HarfBuzz would shape "FIR/प्राथमिकी" as Latin (first letter); the Hindi part must come out
    # exactly as when shaped alone, and nothing may be lost from a mixed canvas line.
    assert _glyphs("FIR/प्राथमिकी") == "FIR/" + _glyphs("प्राथमिकी")
    line = _glyphs("Audit chain head: 3f2a (लेखा-परीक्षा श्रृंखला)")
    assert line == "Audit chain head: 3f2a (" + _glyphs("लेखा-परीक्षा श्रृंखला)")


def test_paragraphs_use_the_memoised_shaping():
    from reportlab.platypus import paragraph

    from app.services.pdf import styles
    from app.services.pdf.shaping_cache import shape_frag_word

    styles()
    assert paragraph.shapeFragWord is shape_frag_word


def test_canvas_text_alignment_uses_shaped_width():
    from reportlab.pdfgen.canvas import Canvas

    from app.services.pdf import canvas_text, text_width

    canv = Canvas(io.BytesIO())
    w_left = canvas_text(canv, 100, 100, "पृष्ठ 1 / 2", 10)
    w_right = canvas_text(canv, 300, 100, "पृष्ठ 1 / 2", 10, align="right")
    assert w_left == w_right == pytest.approx(text_width("पृष्ठ 1 / 2", 10))
    assert 0 < w_left < 60
    with pytest.raises(ValueError):
        canvas_text(canv, 0, 0, "x", 10, align="middle")


def test_words_without_devanagari_are_not_shaped():
    # Latin and digits print as in a paragraph without Devanagari (one plain string in the PDF,
    # not glyph by glyph); the Hindi words of the same paragraph are still shaped.
    from reportlab.pdfbase.ttfonts import ShapedStr

    from app.services.pdf import para, shaping_cache

    shaping_cache.clear()
    lines = para("प्रथम सूचना रिपोर्ट 117/2021\nFIR registration", "cell").breakLines([400]).lines
    assert len(lines) == 2
    hindi, latin = ("".join(str(w.text) for w in line.words) for line in lines)
    assert hindi.endswith(" 117/2021") and "्" not in hindi  # प्र shaped: no visible halant
    assert any(isinstance(w.text, ShapedStr) for w in lines[0].words)
    assert latin == "FIR registration"
    assert not any(isinstance(w.text, ShapedStr) for w in lines[1].words)
    assert shaping_cache.stats["plain"] >= 3  # 117/2021, FIR, registration


def test_caches_do_not_change_the_output(monkeypatch):
    """Cached parses, line breaks, shaped words and formatted shaped strings must give
    byte-identical PDFs, including a long paragraph split across pages."""
    from reportlab import rl_config
    from reportlab.platypus import PageBreak

    from app.services.pdf import clear_caches, para, shaping_cache, text

    monkeypatch.setattr(rl_config, "invariant", 1)
    long_text = " ".join(DUTIES * 60)

    def build() -> bytes:
        out = io.BytesIO()
        story = sample_story(70) + [PageBreak(), para(long_text, "body"), para(long_text, "body")]
        make_sample(out, story=story)
        return out.getvalue()

    clear_caches()
    cached = build()
    assert shaping_cache.stats["draw_hits"] > 100  # repeated duty names reuse their PDF operators
    warm = build()
    monkeypatch.setattr(text, "USE_PARAGRAPH_CACHE", False)
    monkeypatch.setattr(shaping_cache, "USE_CACHE", False)
    monkeypatch.setattr(shaping_cache, "USE_DRAW_CACHE", False)
    clear_caches()
    plain = build()
    assert shaping_cache.stats["draw_hits"] == 0
    assert cached == warm == plain


# --- tables ---------------------------------------------------------------------------------


def test_table_builds_shaped_cells_and_repeats_header():
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph

    from app.services.pdf import table

    t = table([["कर्तव्य / Duty", "No."], ["त्रुटि", 3], ["Error", None]], [100, 40])
    assert t.repeatRows == 1
    cells = t._cellvalues
    assert isinstance(cells[0][0], Paragraph) and cells[0][0].style.name.startswith("cell_bold")
    assert isinstance(cells[1][1], Paragraph)
    assert cells[2][1] == ""
    fills = [c for c in t._bkgrndcmds if c[0] == "BACKGROUND"]
    assert fills and fills[0][3] == colors.HexColor("#e6e6e6")


# --- document -------------------------------------------------------------------------------


def test_two_page_bilingual_document(sample_pdf, facts):
    pdf = facts(sample_pdf)
    assert pdf.pages == 2
    assert pdf.author == "Anupalan"
    assert pdf.title == "निरीक्षण जाँच सूची — Inspection checklist"  # metadata, not glyphs
    assert {"NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"} <= pdf.embedded_fonts
    assert pdf.unembedded_fonts == set()

    page1, page2 = pdf.texts
    assert "Inspection checklist" in page1
    assert "Case diary entry & <remarks>" in page1
    assert "(IIF-1)" in page1 and "05-01-2024" in page1
    assert "Page 1 of 2" in page1 and "Page 2 of 2" in page2
    assert "Page 2" not in page1 and "Page 1" not in page2
    assert "Audit chain head: 3f2a9c0d" in page1 and "Audit chain head: 3f2a9c0d" in page2
    assert "Printed by Anupalan" in page2
    assert "Duty" in page2  # header row repeated on the second page


def test_translated_page_label_and_digits(tmp_path, facts):
    digits = str.maketrans("0123456789", "०१२३४५६७८९")
    path = tmp_path / "hi.pdf"
    make_sample(path, page_label="पृष्ठ {page} / {pages}", number=lambda n: str(n).translate(digits))
    page2 = facts(path).texts[1]
    assert "२ / २" in page2
    assert "Page" not in page2


def test_half_a4_landscape(tmp_path, facts):
    from app.services.pdf import PAGE_HALF_A4, para

    path = tmp_path / "slip.pdf"
    make_sample(path, pagesize=PAGE_HALF_A4, story=[para("लंबित प्रविष्टि — Pending slip", "title")])
    pdf = facts(path)
    assert pdf.page_size == pytest.approx((595.28, 419.53), abs=0.01)
    assert "Page 1 of 1" in pdf.texts[0]


def test_page_label_needs_both_fields(tmp_path):
    with pytest.raises(ValueError):
        make_sample(tmp_path / "x.pdf", page_label="Page {page}")


def test_atomic_write_leaves_no_temp_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    make_sample(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_failure_mid_build_leaves_existing_target_untouched(tmp_path):
    from reportlab.platypus import Flowable, PageBreak

    class Boom(Flowable):
        def wrap(self, aw, ah):
            return aw, 10

        def draw(self):
            raise RuntimeError("printer on fire")

    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous report")
    with pytest.raises(RuntimeError, match="printer on fire"):
        make_sample(target, story=sample_story() + [PageBreak(), Boom()])
    assert target.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_writes_to_a_file_object():
    out = io.BytesIO()
    assert make_sample(out) == 2
    assert out.getvalue().startswith(b"%PDF-")


def test_the_footer_carries_a_qr_seal_of_the_audit_head_and_the_body(monkeypatch):
    """Issue 16 #9: every page's footer has a QR code with the audit head (128 bits of its hash) and the
    digest of the document's body; the same body gives the same seal, another body another one."""
    from reportlab.platypus import Paragraph

    from app.services.pdf import document
    from app.services.pdf.text import styles

    drawn: list[str] = []
    real = document._draw_seal
    monkeypatch.setattr(document, "_draw_seal", lambda canv, text, *a: (drawn.append(text), real(canv, text, *a)))
    head = (1234, "3f2a9c81d0e4b7a25c0d1e9f4a7b3c62" + "ab" * 16)

    def build(text, **kw):
        drawn.clear()
        story = [Paragraph(text, styles()["body"]) for _ in range(80)]
        pages = document.build_pdf(io.BytesIO(), story, title="t", page_label=PAGE_LABEL, **kw)
        return pages, list(drawn)

    pages, seals = build("Entry one", audit_head=head)
    assert pages >= 2 and len(seals) == pages and len(set(seals)) == 1
    kind, seq, printed_head, digest = seals[0].split(":")
    assert (kind, seq, printed_head) == ("ANUPALAN", "1234", head[1][:32].upper())
    assert re.fullmatch(r"[0-9A-F]{32}", digest)
    assert build("Entry one", audit_head=head)[1] == seals  # deterministic
    assert build("Entry two", audit_head=head)[1][0].split(":")[3] != digest  # bound to the body
    assert build("Entry one")[1] == []  # no head, no seal
