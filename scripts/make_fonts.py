"""Cut the static fonts the app ships from the variable Noto Sans Devanagari font.

Source: the PyPI package ``fontpkg-noto-sans-devanagari`` (variable font, wdth+wght axes, OFL-1.1,
covers Latin and Devanagari). Output, committed to the repository:

    resources/fonts/NotoSansDevanagari-Regular.ttf   (wght 400, wdth 100)
    resources/fonts/NotoSansDevanagari-Bold.ttf      (wght 700, wdth 100)
    resources/fonts/OFL.txt

Both instances carry the family name "Noto Sans Devanagari" with the styles Regular and Bold (the
RIBBI naming, so Qt, Windows and ReportLab see one family with a bold face), and the script checks
that each covers the Latin and Devanagari characters the app prints.

Run:  .venv/bin/python scripts/make_fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "fonts"
FAMILY = "Noto Sans Devanagari"
PS_FAMILY = "NotoSansDevanagari"
INSTANCES = {"Regular": 400, "Bold": 700}
WIDTH = 100

# Characters every printed document may contain.
LATIN = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "\u20b9"  # ₹
    "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u00a0"  # – — ‘ ’ “ ” … · nbsp
)
DEVANAGARI = "".join(chr(c) for c in range(0x0900, 0x0950)) + "\u0964\u0965" + "".join(
    chr(c) for c in range(0x0966, 0x0970)
)  # letters, signs, danda ।॥, Devanagari digits
SHAPING_MARKS = "\u200c\u200d\u25cc"  # ZWNJ, ZWJ, dotted circle


def source_font() -> tuple[Path, Path | None]:
    """The variable font and the licence file shipped in the PyPI package."""
    import fontpkg_noto_sans_devanagari as pkg

    pkg_dir = Path(pkg.__file__).resolve().parent
    fonts = sorted(pkg_dir.rglob("NotoSansDevanagari*.ttf"))
    if not fonts:
        sys.exit(f"no NotoSansDevanagari*.ttf under {pkg_dir}")
    licence = next((p for p in (pkg_dir / "LICENSE", pkg_dir / "OFL.txt") if p.exists()), None)
    return fonts[0], licence


def set_names(font: TTFont, style: str, version: str) -> None:
    """Plain RIBBI names: family "Noto Sans Devanagari", subfamily Regular or Bold."""
    name = font["name"]
    full = f"{FAMILY} {style}"
    ps = f"{PS_FAMILY}-{style}"
    for name_id in (16, 17, 21, 22, 25):  # typographic/WWS names and the variations prefix
        name.removeNames(nameID=name_id)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(style, 2, 3, 1, 0x409)
    name.setName(f"{version};GOOG;{ps}", 3, 3, 1, 0x409)
    name.setName(full, 4, 3, 1, 0x409)
    name.setName(ps, 6, 3, 1, 0x409)
    # Drop Mac-platform duplicates so no stale name survives on any platform.
    name.names = [n for n in name.names if n.platformID == 3]

    bold = style == "Bold"
    os2 = font["OS/2"]
    os2.usWeightClass = INSTANCES[style]
    os2.usWidthClass = 5  # medium (normal) width
    sel = os2.fsSelection & ~((1 << 0) | (1 << 5) | (1 << 6))  # clear ITALIC, BOLD, REGULAR
    sel |= (1 << 5) if bold else (1 << 6)
    os2.fsSelection = sel
    mac = font["head"].macStyle & ~0b11
    font["head"].macStyle = mac | (1 if bold else 0)


def check(font: TTFont, label: str) -> None:
    cmap = font.getBestCmap()
    missing = [c for c in LATIN + DEVANAGARI + SHAPING_MARKS if ord(c) not in cmap]
    # U+0900 and a few historic signs may legitimately be absent; report but only fail on the core.
    core = LATIN + "".join(chr(c) for c in range(0x0901, 0x0940)) + "\u0964\u0965"
    hard = [c for c in missing if c in core]
    if hard:
        sys.exit(f"{label}: missing {' '.join(f'U+{ord(c):04X}' for c in hard)}")
    if missing:
        print(f"  {label}: not covered (non-essential): "
              + " ".join(f"U+{ord(c):04X}" for c in missing))
    for table in ("GSUB", "GPOS"):
        if table not in font:
            sys.exit(f"{label}: no {table} table, shaping would fail")
    if "fvar" in font or "gvar" in font:
        sys.exit(f"{label}: still variable")


def main() -> None:
    src, licence = source_font()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    print(f"source: {src}")
    for style, weight in INSTANCES.items():
        var = TTFont(src)
        version = var["name"].getDebugName(5) or "Version 2"
        version = version.replace("Version ", "")
        static = instancer.instantiateVariableFont(
            var, {"wght": weight, "wdth": WIDTH}, inplace=False, updateFontNames=False
        )
        if "STAT" in static:
            del static["STAT"]  # a static font needs no style attributes table
        set_names(static, style, version)
        check(static, style)
        out = OUT_DIR / f"{PS_FAMILY}-{style}.ttf"
        static.save(out)
        reread = TTFont(out)
        names = reread["name"]
        print(f"  {out.relative_to(ROOT)}: {out.stat().st_size // 1024} KB, "
              f"family={names.getDebugName(1)!r} style={names.getDebugName(2)!r} "
              f"full={names.getDebugName(4)!r} ps={names.getDebugName(6)!r} "
              f"weight={reread['OS/2'].usWeightClass} glyphs={len(reread.getGlyphOrder())}")

    ofl = OUT_DIR / "OFL.txt"
    if licence is not None:
        ofl.write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
        print(f"  {ofl.relative_to(ROOT)}: copied from {licence.name}")
    else:
        sys.exit("the package ships no licence file; add the SIL OFL 1.1 text by hand")


if __name__ == "__main__":
    main()
