"""The dashboard's clocks box names each form once, as the checklist does ("CD ×2!", not "CD!, CD!")."""

from __future__ import annotations

from types import SimpleNamespace

from tests.services.reports.test_owed_forms_once import OWED


def test_the_dashboard_box_says_the_same():
    from app.ui.widgets.clocks_box import owed_text as box_text

    assert box_text(SimpleNamespace(owed=OWED)) == "IIF-5, CD ×2!, GD ×3 (1!), C-9".replace(" ×", "\u00a0×").replace(" (", "\u00a0(")
