"""One definition of the statuses an entry is still owed in (issue 14, "one of each concept"): no module in
app/ spells ("pending", "missed") itself; each names obligations' OPEN_STATUSES."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
HOME = APP / "services" / "obligations" / "statuses.py"


def spelled(tree: ast.AST) -> list[int]:
    """Lines where a tuple or list of exactly the constants "pending" and "missed" is written."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 2
            and all(isinstance(e, ast.Constant) for e in node.elts)
            and {e.value for e in node.elts} == {"pending", "missed"}]


def _mentions_both(text: str) -> bool:
    """Only a file whose text names both statuses can spell the tuple: the others need no syntax tree."""
    return "pending" in text and "missed" in text


def test_the_open_statuses_are_spelled_once():
    found = {str(p.relative_to(APP)): lines for p in sorted(APP.rglob("*.py"))
             if p != HOME and _mentions_both(text := p.read_text(encoding="utf-8"))
             and (lines := spelled(ast.parse(text)))}
    assert found == {}
    assert spelled(ast.parse(HOME.read_text(encoding="utf-8")))  # the one definition is where this test looks


def test_the_check_sees_a_copy():
    assert spelled(ast.parse('X = ("missed", "pending")\ny = f(["pending", "missed"])')) == [1, 2]
