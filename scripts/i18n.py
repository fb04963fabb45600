"""Translation catalogs: extract / update / compile with Babel.

    python scripts/i18n.py extract   # app/ → i18n/messages.pot
    python scripts/i18n.py update    # merge the .pot into i18n/hi/LC_MESSAGES/messages.po
    python scripts/i18n.py compile   # .po → .mo (done by the set-up, the tests and the build)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LANGS = ("hi",)


def compile_catalogs() -> int:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    count = 0
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=lang)
        mo = po.with_suffix(".mo")
        tmp = mo.with_suffix(".mo.tmp")
        with open(tmp, "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        tmp.replace(mo)
        count += 1
    return count


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "compile"
    if cmd == "compile":
        n = compile_catalogs()
        print(f"compiled {n} catalog(s)")
        return 0
    from babel.messages import frontend

    if cmd == "extract":
        return frontend.main(["pybabel", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_", "-k", "N_",
                              "-k", "ngettext:1,2", "-k", "pgettext:1c,2", "--no-location", "--sort-output",
                              "--project", "Anupalan", "-o", str(I18N / "messages.pot"), str(ROOT / "app")]) or 0
    if cmd == "update":
        return frontend.main(["pybabel", "update", "-i", str(I18N / "messages.pot"), "-d", str(I18N),
                              "-l", "hi", "--no-fuzzy-matching"]) or 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
