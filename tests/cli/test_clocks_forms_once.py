"""`clocks bail` lists each owed entry once with its count, as the checklist does ("C-7 CD ×2!")."""

from __future__ import annotations

from types import SimpleNamespace

from app.cli.clocks import owed_text
from tests.services.reports.test_owed_forms_once import OWED


def test_each_duty_once_with_its_count():
    assert owed_text(SimpleNamespace(owed=OWED)) == \
        "C-4 IIF-5, C-7 CD\u00a0×2!, C-8 GD\u00a0×3\u00a0(1!), C-9"
    assert owed_text(SimpleNamespace(owed=[])) == "nothing"
