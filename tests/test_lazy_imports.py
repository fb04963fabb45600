"""Lazy package ``__init__``s (app/lazy.py): a name is imported at its first use and not before, each lazy
package's names all resolve, and the lazy tables of app.models keep Base.metadata whole where it is walked."""

from __future__ import annotations

import functools
import importlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.lazy import lazy_names, lazy_package

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import check_imports  # noqa: E402


@pytest.fixture
def lazypkg(tmp_path, monkeypatch):
    """A package ``lazypkg`` with two submodules, published through a lazy table."""
    pkg = tmp_path / "lazypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent("""
        from app.lazy import lazy_package
        __all__, __getattr__, __dir__ = lazy_package(__name__, {"one": ("thing", "LIMIT as ONE_LIMIT"),
                                                                "two": ("other",)})
        """))
    (pkg / "one.py").write_text("LIMIT = 5\n\ndef thing():\n    return 'one'\n")
    (pkg / "two.py").write_text("def other():\n    return 'two'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "lazypkg"
    for name in [m for m in sys.modules if m == "lazypkg" or m.startswith("lazypkg.")]:
        del sys.modules[name]


def test_a_name_is_imported_at_its_first_use_and_not_before(lazypkg):
    pkg = importlib.import_module(lazypkg)
    assert "lazypkg.one" not in sys.modules and "lazypkg.two" not in sys.modules
    assert pkg.thing() == "one"
    assert "lazypkg.one" in sys.modules and "lazypkg.two" not in sys.modules
    from lazypkg import other  # noqa: PLC0415 - `from package import name` goes through the table too

    assert other() == "two"
    assert pkg.ONE_LIMIT == 5 and pkg.__all__ == ["ONE_LIMIT", "other", "thing"]
    assert {"ONE_LIMIT", "other", "thing"} <= set(dir(pkg))


def test_an_unknown_name_is_an_attribute_error(lazypkg):
    pkg = importlib.import_module(lazypkg)
    with pytest.raises(AttributeError, match="nothing"):
        pkg.nothing  # noqa: B018
    with pytest.raises(AttributeError):
        pkg.LIMIT  # noqa: B018 - published under its alias only


def test_a_patched_submodule_does_not_stay_in_the_package(lazypkg, monkeypatch):
    pkg = importlib.import_module(lazypkg)
    one = importlib.import_module("lazypkg.one")
    with monkeypatch.context() as m:
        m.setattr(one, "thing", lambda: "stand-in")
        assert pkg.thing() == "stand-in"  # the first use, while patched
    assert pkg.thing() == "one"


def test_a_bad_table_is_refused():
    with pytest.raises(ValueError, match="twice"):
        lazy_names({"one": ("a",), "two": ("b as a",)})
    with pytest.raises(TypeError):
        lazy_package("x", {"one": "a"})


@functools.cache
def _app_modules() -> dict:
    """The app's modules as tools/check_imports.py reads them (every file parsed: read once per run)."""
    return check_imports.load(ROOT)


def _lazy_packages() -> list[str]:
    """Packages whose ``__init__`` calls ``lazy_package``, read as text: collecting this file (every worker of a
    test run does) parses no syntax tree. The next test checks the list against tools/check_imports.py's reading."""
    return sorted(".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "app").rglob("__init__.py")
                  if "lazy_package(__name__" in p.read_text(encoding="utf-8"))


def test_the_lazy_packages_are_those_the_import_check_reads():
    modules = _app_modules()
    assert _lazy_packages() == sorted(
        name for name, mod in modules.items() if mod.is_package and check_imports.lazy_table(mod))


@pytest.mark.parametrize("package", _lazy_packages())
def test_every_name_of_a_lazy_package_resolves(package):
    pkg = importlib.import_module(package)
    missing = [name for name in pkg.__all__ if getattr(pkg, name, None) is None and name not in vars(pkg)]
    assert not missing


def test_the_models_are_lazy_packages_and_list_every_model_module():
    import app.models

    assert "app.models" in _lazy_packages()
    declaring = sorted(p.stem for p in (ROOT / "app" / "models").glob("*.py")
                       if re.search(r"^class \w+\(Base\)", p.read_text(encoding="utf-8"), re.M))
    assert sorted(app.models.MODEL_MODULES) == declaring


def test_each_model_module_imports_the_models_its_foreign_keys_name():
    """Loaded alone, a model's foreign keys must find their tables in Base.metadata (SQLAlchemy resolves them at
    the first flush, and fails on a table not declared yet)."""
    import app.models

    metadata = app.models.full_metadata()
    module_of = {mapper.local_table.name: mapper.class_.__module__ for mapper in app.models.Base.registry.mappers}
    modules = _app_modules()
    graph = {name: check_imports.imports_of(mod, modules) for name, mod in modules.items()}

    def reach(name, seen):
        for imp in graph[name]:
            if imp.runtime and imp.target.startswith("app.models.") and imp.target not in seen:
                seen.add(imp.target)
                reach(imp.target, seen)
        return seen

    missing = []
    for table in metadata.tables.values():
        own = module_of[table.name]
        loaded = reach(own, {own})
        for fk in table.foreign_keys:
            target = fk.target_fullname.split(".")[0]
            if module_of[target] not in loaded:
                missing.append(f"{own}: {table.name} -> {target} ({module_of[target]})")
    assert not missing


def test_base_metadata_is_walked_only_through_full_metadata():
    """``Base.metadata`` holds only the tables declared so far; anything outside app/models that reads it would
    silently miss the tables nobody had loaded yet."""
    pattern = re.compile(r"\bBase\.metadata\b")
    found = []
    for folder in ("app", "migrations", "bench", "tests", "tools", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.is_relative_to(ROOT / "app" / "models") or path == Path(__file__):
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}" for m in pattern.finditer(text)]
    assert not found


def test_the_pending_list_loads_only_what_it_runs(tmp_path):
    """``pending --json`` on a station: no printing, no backups code, no tables it does not read (the accounts'
    table too: the permission check loads it when a writer asks)."""
    code = textwrap.dedent("""
        import atexit, sys, runpy
        heavy = ("app.models.handholding", "app.models.inspections", "app.models.bundles", "app.models.imports",
                 "app.models.accounts", "app.services.storage.backups",
                 "app.services.reports", "app.services.pdf", "app.services.backup", "app.services.bundle",
                 "app.services.inspections", "app.services.handholding", "reportlab", "babel", "PySide6")
        # at exit (pending ends quickly, running the exit handlers only): what the command loaded
        atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr))
        sys.argv = ["app", "pending", "--json", "--no-catch-up", "--db", sys.argv[1]]
        runpy.run_module("app", run_name="__main__")
    """)
    from app.cli import main

    db = tmp_path / "station.sqlite3"  # made in this process: the station is not what is checked, its loading is
    assert main(["init", "--station", "S", "--district", "D", "--db", str(db)]) == 0
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr


def test_a_first_use_on_two_threads_at_once_waits_for_the_submodule(lazypkg, tmp_path):
    """A name first used on the worker while the window's thread is still importing its submodule: the second
    use waits for the import to finish (it read the half-made module from sys.modules and failed before)."""
    import threading

    (tmp_path / "lazypkg" / "gate.py").write_text("import threading\nstarted = threading.Event()\n"
                                                   "release = threading.Event()\n")
    (tmp_path / "lazypkg" / "two.py").write_text("from lazypkg import gate\ngate.started.set()\n"
                                                  "gate.release.wait(10)\n\ndef other():\n    return 'two'\n")
    importlib.import_module(lazypkg)
    gate = importlib.import_module("lazypkg.gate")
    results: list[object] = []

    def use() -> None:
        try:
            from lazypkg import other  # noqa: PLC0415

            results.append(other())
        except Exception as exc:  # noqa: BLE001 - the failure is what the test looks for
            results.append(exc)

    first = threading.Thread(target=use)
    first.start()
    assert gate.started.wait(10)
    second = threading.Thread(target=use)
    second.start()
    second.join(0.3)  # waiting for the first thread's import (or, before the fix, already failed)
    gate.release.set()
    first.join(10)
    second.join(10)
    assert results == ["two", "two"]
