"""What print time the PDF layer saves must not change what is printed: the seal drawn once as a path is the
same QR code, and binary streams read back the same."""

from __future__ import annotations

import re

from reportlab.lib.units import mm

from app.services.pdf import document


def test_the_cached_seal_path_fills_exactly_the_dark_modules():
    from reportlab.graphics.barcode.qr import QrCodeWidget

    text = "ANUPALAN:42:0123456789ABCDEF0123456789ABCDEF:FEDCBA9876543210FEDCBA9876543210"
    size = 15 * mm
    path = document._seal_path(text, size)
    widget = QrCodeWidget(text, barLevel="M")
    widget.qr.make()
    modules = widget.qr.modules
    n = len(modules)
    box = size / (n + 2)
    dark = set()
    for x, y, w, h in re.findall(r"(\S+) (\S+) (\S+) (\S+) re", path):
        col, row = round(float(x) / box) - 1, round((size - float(y)) / box) - 2
        assert abs(float(h) - box) < 0.01
        for k in range(round(float(w) / box)):
            dark.add((row, col + k))
    assert dark == {(r, c) for r in range(n) for c in range(n) if modules[r][c]}
    assert path.endswith(" f")
    assert document._seal_path(text, size) is path  # encoded once, reused on every page


def test_every_page_draws_the_seal_and_streams_are_binary(tmp_path):
    from pypdf import PdfReader

    from app.services.pdf import build_pdf, para

    path = tmp_path / "t.pdf"
    pages = build_pdf(path, [para(f"पंक्ति {i}", "body") for i in range(150)], title="t",
                      page_label="{page}/{pages}", audit_head=(7, "ab" * 16))
    assert pages >= 2
    reader = PdfReader(path)
    for page in reader.pages:
        assert " re" in page.get_contents().get_data().decode("latin-1")
        assert "/ASCII85Decode" not in str(page.get_contents().get_object().get("/Filter"))
