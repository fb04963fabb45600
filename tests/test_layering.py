"""models ← services ← ui, one way: models and services never import Qt or app.ui."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "app"
FORBIDDEN_FOR = {
    "models": ("PySide6", "shiboken6", "app.ui", "app.services", "app.cli"),
    "services": ("PySide6", "shiboken6", "app.ui", "app.cli"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names.append(mod)
            names += [f"{mod}.{a.name}" for a in node.names]
    return names


def test_layers_import_one_way():
    problems = []
    for layer, forbidden in FORBIDDEN_FOR.items():
        for path in (ROOT / layer).rglob("*.py"):
            for name in _imports(path):
                if any(name == f or name.startswith(f + ".") for f in forbidden):
                    problems.append(f"{path.relative_to(ROOT.parent)} imports {name}")
    assert not problems, "\n".join(problems)


def test_checker_catches_a_violation(tmp_path):
    bad = ROOT / "services" / "_layering_probe.py"
    bad.write_text("from ..ui import main_window\nimport PySide6.QtCore\n")
    try:
        names = _imports(bad)
        assert "app.ui.main_window" in names and "PySide6.QtCore" in names
    finally:
        bad.unlink()


def test_importing_services_loads_no_qt():
    import subprocess
    import sys

    code = ("import sys, app.services.db, app.services.staff, app.services.catalogue, app.cli; "
            "bad=[m for m in sys.modules if m.startswith(('PySide6','reportlab','alembic'))]; print(bad); "
            "sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT.parent)
    assert result.returncode == 0, result.stdout + result.stderr
