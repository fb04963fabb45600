"""Package ``__init__``s whose public names are imported on first use (PEP 562), so that a command imports
only the modules it runs (``pending`` does not load the reports, the backups or the handholding tables).

A lazy package lists its names in one table, read by ``tools/check_imports.py`` as the package's public list::

    from typing import TYPE_CHECKING
    from app.lazy import lazy_package

    if TYPE_CHECKING:  # the same names as imports, for readers and type checkers
        from app.services.obligations.queries import ObligationFilter, query

    __all__, __getattr__, __dir__ = lazy_package(__name__, {
        "queries": ("ObligationFilter", "query"),
    })

The table is a literal dict: submodule -> names (``"CHUNK as CLOCKS_CHUNK"`` publishes ``CHUNK`` under
another name). ``from app.services.obligations import query`` imports ``queries`` then, and not before.

A name is looked up in its submodule at every use, not kept in the package: a test that patches the
submodule's function while the first use happens must not leave its stand-in in the package afterwards.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_names(sources: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, str]]:
    """``{published name: (submodule, name in it)}`` from a lazy table; a name published twice is an error."""
    found: dict[str, tuple[str, str]] = {}
    for submodule, names in sources.items():
        if isinstance(names, str):
            raise TypeError(f"{submodule}: the names must be a tuple, not the string {names!r}")
        for entry in names:
            name, _as, alias = entry.partition(" as ")
            published = (alias or name).strip()
            if published in found:
                raise ValueError(f"{published} is published twice")
            found[published] = (submodule, name.strip())
    return found


def lazy_package(package: str, sources: Mapping[str, tuple[str, ...]]
                 ) -> tuple[list[str], Callable[[str], object], Callable[[], list[str]]]:
    """``(__all__, __getattr__, __dir__)`` for the package ``package`` publishing ``sources`` lazily."""
    names = lazy_names(sources)

    def __getattr__(name: str) -> object:
        try:
            submodule, original = names[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        full = f"{package}.{submodule}"
        module = sys.modules.get(full)
        if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
            # a module another thread is still running sits in sys.modules half made: the import system
            # waits for it (its per-module lock); reading the half-made module's names would fail
            module = importlib.import_module(full)
        return getattr(module, original)

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return sorted(names), __getattr__, __dir__
