"""ReportLab runs with its C accelerators (rl-accel, a dependency): string widths, number formatting and PDF
escaping in C rather than in its pure-Python fallbacks, which it uses silently when the package is missing."""

from __future__ import annotations


def test_reportlab_finds_its_c_accelerators():
    from reportlab.lib import rl_accel

    for name in ("fp_str", "instanceStringWidthTTF", "escapePDF"):
        assert getattr(rl_accel, name).__module__ == "_rl_accel", name
