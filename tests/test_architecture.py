"""The import rules (tools/check_imports.py) hold for app/, and each rule can fail."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import check_imports  # noqa: E402


def test_the_code_follows_every_import_rule():
    problems = check_imports.check(ROOT)
    assert not problems, "\n".join(map(str, problems))


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A small package tree shaped like app/ (services packages, ui, cli, models)."""
    base = {
        "app/__init__.py": "",
        "app/models/__init__.py": "X = 1\n",
        "app/services/__init__.py": "",
        "app/services/core/__init__.py": "",
        "app/services/core/clock.py": "def now():\n    return 0\n",
        "app/services/alpha/__init__.py": "from app.services.alpha.one import thing\n\n__all__ = ['thing']\n",
        "app/services/alpha/one.py": "def thing():\n    return 1\n\ndef _secret():\n    return 2\n",
        "app/services/beta/__init__.py": "from app.services.beta.two import other\n\n__all__ = ['other']\n",
        "app/services/beta/two.py": "from app.services.alpha import thing\n\ndef other():\n    return thing()\n",
        "app/ui/__init__.py": "",
        "app/ui/page.py": "from app.services.alpha import thing\n",
        "app/cli/__init__.py": "",
    }
    base.update(files)
    for rel, text in base.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


def _rules(tmp_path, files) -> set[str]:
    return {p.rule for p in check_imports.check(_tree(tmp_path, files))}


def test_a_clean_tree_passes(tmp_path):
    assert check_imports.check(_tree(tmp_path, {})) == []


@pytest.mark.parametrize("files, rule", [
    # services importing Qt or the window; the window importing the tables
    ({"app/services/alpha/three.py": "import PySide6.QtCore\n"}, "layers"),
    ({"app/services/alpha/three.py": "from app.ui import page\n"}, "layers"),
    ({"app/ui/other.py": "from app.models import X\n"}, "layers"),
    ({"app/cli/run.py": "from app.ui import page\n"}, "layers"),
    ({"app/models/t.py": "from app.services.alpha import thing\n"}, "layers"),
    # a cycle, also through an import inside a function
    ({"app/services/alpha/three.py": "def f():\n    from app.services.beta import other\n",
      "app/services/alpha/__init__.py": "from app.services.alpha.one import thing\n"
                                        "from app.services.alpha.three import f\n\n__all__ = ['thing', 'f']\n"},
     "cycle"),
    # reaching into another package's submodule
    ({"app/ui/other.py": "from app.services.alpha.one import thing\n"}, "public-path"),
    # a module re-exporting a name it imported
    ({"app/services/beta/three.py": "from app.services.beta.two import other\n",
      "app/services/beta/four.py": "from app.services.beta.three import other\n"}, "re-export"),
    ({"app/services/beta/three.py": "from app.services.beta.two import other\n\n__all__ = ['other']\n"}, "re-export"),
    # a package publishing another package's name
    ({"app/services/beta/__init__.py": "from app.services.alpha import thing\n\n__all__ = ['thing']\n"}, "re-export"),
    # a private name across modules
    ({"app/services/alpha/three.py": "from app.services.alpha.one import _secret\n"}, "private"),
    ({"app/services/beta/three.py": "from app.services import alpha\n\ndef f():\n    return alpha._secret()\n"},
     "private"),
    # a cycle through a package's __init__ (importing core.clock runs core/__init__, which imports alpha)
    ({"app/services/core/__init__.py": "from app.services.alpha import thing\n",
      "app/services/alpha/one.py": "from app.services.core import clock\n\ndef thing():\n    return clock.now()\n"},
     "cycle"),
    # passing another module's name on by assignment
    ({"app/services/beta/three.py": "from app.services import alpha\n\nthing = alpha.thing\n"}, "re-export"),
    # the modules every layer uses stay below the models
    ({"app/paths.py": "from app.ui import page\n"}, "layers"),
    ({"app/i18n.py": "import PySide6.QtCore\n"}, "layers"),
    # a published name equal to a submodule's name
    ({"app/services/alpha/__init__.py": "from app.services.alpha.one import thing as one\n\n__all__ = ['one']\n"},
     "shadowing"),
])
def test_each_rule_fails_on_its_violation(tmp_path, files, rule):
    assert rule in _rules(tmp_path, files)


def test_loop_and_with_targets_are_names_of_the_module(tmp_path):
    files = {"app/services/alpha/three.py": "for looped in range(3):\n    pass\nwith open(__file__) as handle:\n    pass\n",
             "app/services/alpha/four.py": "from app.services.alpha.three import handle, looped\n"}
    assert "re-export" not in _rules(tmp_path, files)


def test_type_checking_imports_make_no_cycle(tmp_path):
    files = {"app/services/alpha/three.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                           "    from app.services.beta import other\n"}
    assert "cycle" not in _rules(tmp_path, files)


def test_importing_services_and_the_cli_loads_no_qt_reportlab_or_alembic():
    # every public name resolved: a lazy package (app/lazy.py) imports its modules only then
    code = ("import sys, app.services.storage, app.services.staff, app.services.catalogue, app.services.obligations, "
            "app.services.reports, app.cli; "
            "[getattr(p, n) for p in (app.services.storage, app.services.staff, app.services.catalogue, "
            "app.services.obligations, app.services.reports) for n in getattr(p, '__all__', ())]; "
            "bad=[m for m in sys.modules if m.startswith(('PySide6','reportlab','alembic'))]; print(bad); "
            "sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# ---- function length (tools/check_functions.py) ----

import check_functions  # noqa: E402


def test_no_function_in_app_is_over_60_lines():
    problems = check_functions.check(ROOT)
    assert not problems, "\n".join(problems)


def _function_of(lines: int, indent: str = "") -> str:
    """A function of exactly ``lines`` lines (its def line included), with a decorator that does not count."""
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 2))
    return f"{indent}@staticmethod\n{indent}def f():\n{body}{indent}    return 0\n"


@pytest.mark.parametrize("lines, fails", [(60, False), (61, True)])
def test_the_length_check_fails_on_61_lines_and_passes_on_60(tmp_path, lines, fails):
    _tree(tmp_path, {"app/services/alpha/long.py": _function_of(lines),
                     "app/ui/long.py": "class Page:\n" + _function_of(lines, "    ")})
    problems = check_functions.check(tmp_path, allowed=frozenset())
    assert len(problems) == (2 if fails else 0), problems
    if fails:
        assert any("app/ui/long.py" in p and "Page.f has 61 lines" in p for p in problems)


def test_the_allow_list_only_shrinks(tmp_path):
    _tree(tmp_path, {"app/services/alpha/long.py": _function_of(61)})
    entry = ("app/services/alpha/long.py", "f")
    assert check_functions.check(tmp_path, allowed=frozenset({entry})) == []
    (tmp_path / "app/services/alpha/long.py").write_text(_function_of(60))
    problems = check_functions.check(tmp_path, allowed=frozenset({entry}))
    assert len(problems) == 1 and "remove the entry" in problems[0]


# ---- lazy packages (app/lazy.py) ----

LAZY_ALPHA = ('from typing import TYPE_CHECKING\n'
              'from app.lazy import lazy_package\n\n'
              'if TYPE_CHECKING:\n'
              '    from app.services.alpha.one import thing\n'
              '    from app.services.alpha.one import thing as same\n\n'
              '__all__, __getattr__, __dir__ = lazy_package(__name__, {"one": ("thing", "thing as same")})\n')


def _lazy(init: str = LAZY_ALPHA, **more: str) -> dict[str, str]:
    return {"app/lazy.py": "def lazy_package(package, sources):\n    return [], None, None\n",
            "app/services/alpha/__init__.py": init, **more}


def test_a_lazy_package_publishes_its_table(tmp_path):
    files = _lazy(**{"app/services/beta/three.py": "from app.services.alpha import same, thing\n"})
    assert check_imports.check(_tree(tmp_path, files)) == []


@pytest.mark.parametrize("init, rule", [
    # a name in the table but not under TYPE_CHECKING, and the other way round
    (LAZY_ALPHA.replace("    from app.services.alpha.one import thing as same\n", ""), "lazy"),
    (LAZY_ALPHA.replace('"thing", "thing as same"', '"thing",'), "lazy"),
    # the same name from another submodule, or under another alias
    (LAZY_ALPHA.replace('"thing as same"', '"thing as other"'), "lazy"),
    # a submodule the package has not; a table that is not a literal
    (LAZY_ALPHA.replace('{"one": ("thing", "thing as same")}', '{"one": ("thing", "thing as same"), "nine": ("x",)}')
     .replace("if TYPE_CHECKING:\n", "if TYPE_CHECKING:\n    from app.services.alpha.nine import x\n"), "lazy"),
    (LAZY_ALPHA.replace('{"one": ("thing", "thing as same")}', 'dict(one=("thing", "thing as same"))'), "lazy"),
    # a name its submodule does not define; a private one
    (LAZY_ALPHA.replace("thing", "thang"), "re-export"),
    (LAZY_ALPHA.replace("thing", "_secret"), "private"),
])
def test_each_lazy_rule_fails_on_its_violation(tmp_path, init, rule):
    assert rule in _rules(tmp_path, _lazy(init))


def test_a_name_outside_the_lazy_table_is_not_published(tmp_path):
    files = _lazy(**{"app/services/beta/three.py": "from app.services.alpha import nothing\n"})
    assert "re-export" in _rules(tmp_path, files)


def test_the_lazy_table_counts_for_cycles(tmp_path):
    # alpha's table reaches one, which imports beta, whose module imports alpha: a cycle at first use
    files = _lazy(**{"app/services/alpha/one.py": "from app.services.beta import other\n\ndef thing():\n"
                                                  "    return other()\n",
                     "app/services/beta/two.py": "def other():\n    from app.services.alpha import thing\n"
                                                 "    return thing()\n"})
    assert "cycle" in _rules(tmp_path, files)


def test_every_engine_is_made_through_storage_new_engine():
    """SQLAlchemy's create_engine is called in one place (app/services/storage/engines.py): an engine made
    elsewhere would compile every statement again and keep its own cache (CONTRIBUTING, SQL)."""
    import re

    pattern = re.compile(r"\bcreate_engine\b")
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py")
             if pattern.search(p.read_text(encoding="utf-8"))]
    assert found == ["app/services/storage/engines.py"]
