"""The import rules of Anupalan's code, checked by walking every ``import`` in ``app/`` (also the ones
inside functions). Run ``python tools/check_imports.py`` or through ``tests/test_architecture.py``.

Rules:
- layers: ``app.models`` ← ``app.services`` ← ``app.ui`` / ``app.cli``; models and services import no
  Qt and nothing above them; ``app.ui`` and ``app.cli`` never import ``app.models`` (they use services);
- no import cycle between modules (imports inside functions count; ``if TYPE_CHECKING:`` ones do not);
- one public path per name: outside a service package ``app.services.P``, its names come from
  ``app.services.P`` (its ``__init__``), never from its submodules (``app.services.core`` is a
  namespace of small public modules and is the exception);
- no re-export: ``from M import n`` needs ``n`` defined in ``M``; only a package's ``__init__`` may
  import names from its own submodules to publish them;
- no private name (``_x``) imported from another module;
- a lazy package (``app/lazy.py``: ``__all__, __getattr__, __dir__ = lazy_package(__name__, {...})``) publishes
  the names of its table, a literal dict ``{submodule: ("name", "name as alias", ...)}``; its
  ``if TYPE_CHECKING:`` imports must name exactly the table's names (rule ``lazy``), and the table's entries
  count as imports for the other rules (each runs at the name's first use, like an import in a function).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

NAMESPACE_PACKAGES = ("app.services.core",)
QT_MODULES = ("PySide6", "shiboken6")


@dataclass(frozen=True)
class Problem:
    rule: str
    module: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: [{self.rule}] {self.text}"


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    defined: set[str]
    nodes: list[ast.AST] = field(default_factory=list)  # every node of the tree, walked once (ast.walk order)


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _defined_names(tree: ast.Module) -> set[str]:
    """Names a module defines itself at top level (also inside top-level if/try blocks)."""
    names: set[str] = set()

    def visit(body):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    names.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for h in getattr(node, "handlers", []):
                    visit(h.body)
                visit(getattr(node, "finalbody", []))
            elif isinstance(node, (ast.With, ast.For)):
                targets = [node.target] if isinstance(node, ast.For) else [i.optional_vars for i in node.items
                                                                           if i.optional_vars is not None]
                for t in targets:
                    names.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
                visit(node.body)

    visit(tree.body)
    return names


def load(root: Path, package: str = "app") -> dict[str, Module]:
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        name = _module_name(root, path)
        modules[name] = Module(name, path, path.name == "__init__.py", tree, _defined_names(tree), list(ast.walk(tree)))
    return modules


def _type_checking_nodes(tree: ast.Module, nodes: list[ast.AST] | None = None) -> set[int]:
    """ids of import nodes under ``if TYPE_CHECKING:`` (never executed)."""
    skip: set[int] = set()
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for sub in node.body:
                    skip.update(id(n) for n in ast.walk(sub))
    return skip


def _resolve(mod: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = mod.name.split(".") if mod.is_package else mod.name.split(".")[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@dataclass(frozen=True)
class Import:
    target: str        # the module the statement reaches (a module, never a name)
    name: str | None   # the name imported from it (None: the module itself)
    line: int
    runtime: bool      # False under ``if TYPE_CHECKING:``


LAZY_CALL = "lazy_package"


def _lazy_call(mod: Module) -> ast.Assign | None:
    """The statement ``... = lazy_package(...)`` at the top of a package ``__init__``, if any."""
    for node in mod.tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", getattr(node.value.func, "attr", None)) == LAZY_CALL):
            return node
    return None


def lazy_table(mod: Module) -> dict[tuple[str, str, str], int] | None:
    """A lazy package's table as ``{(submodule, name, published name): line}``; None when the module has no
    table or it is not the literal the rule asks for (``check_lazy`` reports that)."""
    node = _lazy_call(mod)
    if node is None:
        return None
    args = node.value.args
    if len(args) != 2 or not isinstance(args[1], ast.Dict):
        return None
    table = {}
    for key, value in zip(args[1].keys, args[1].values):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(value, ast.Tuple)
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts)):
            return None
        for e in value.elts:
            name, _as, alias = e.value.partition(" as ")
            table[(key.value, name.strip(), (alias or name).strip())] = e.lineno
    return table


def imports_of(mod: Module, modules: dict[str, Module]) -> list[Import]:
    out = []
    for (sub, name, _published), line in (lazy_table(mod) or {}).items() if mod.is_package else ():
        full = f"{mod.name}.{sub}"
        out.append(Import(full, None, line, True) if f"{full}.{name}" in modules else Import(full, name, line, True))
    skip = _type_checking_nodes(mod.tree, mod.nodes)
    for node in mod.nodes:
        runtime = id(node) not in skip
        if isinstance(node, ast.Import):
            for a in node.names:
                out.append(Import(a.name, None, node.lineno, runtime))
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(mod, node)
            for a in node.names:
                full = f"{base}.{a.name}"
                if full in modules:
                    out.append(Import(full, None, node.lineno, runtime))
                else:
                    out.append(Import(base, a.name, node.lineno, runtime))
    return out


def _service_package(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 3 and parts[:2] == ["app", "services"]:
        return ".".join(parts[:3])
    return None


def _layer(name: str) -> str | None:
    for layer in ("app.models", "app.services", "app.ui", "app.cli"):
        if name == layer or name.startswith(layer + "."):
            return layer
    if name in ("app", "app.__main__"):
        return "app.__main__"  # the entry point: anything
    if name.startswith("app."):
        return "app.base"  # app.i18n, app.paths: below the models, used by every layer
    return None


FORBIDDEN = {
    "app.base": ("app.models", "app.services", "app.ui", "app.cli", *QT_MODULES),
    "app.models": ("app.services", "app.ui", "app.cli", *QT_MODULES),
    "app.services": ("app.ui", "app.cli", *QT_MODULES),
    "app.ui": ("app.models", "app.cli"),
    "app.cli": ("app.models", "app.ui", *QT_MODULES),
}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def check_layers(modules, graph) -> list[Problem]:
    problems = []
    for mod in modules.values():
        layer = _layer(mod.name)
        for imp in graph[mod.name]:
            for banned in FORBIDDEN.get(layer, ()):
                if _within(imp.target, banned):
                    problems.append(Problem("layers", mod.name, imp.line, f"{layer} imports {imp.target}"))
    return problems


def check_public_paths(modules, graph) -> list[Problem]:
    problems = []
    for mod in modules.values():
        own = _service_package(mod.name)
        for imp in graph[mod.name]:
            pkg = _service_package(imp.target)
            if pkg is None or pkg == own or pkg in NAMESPACE_PACKAGES:
                continue
            if imp.target != pkg:
                what = f"{imp.target}.{imp.name}" if imp.name else imp.target
                problems.append(Problem("public-path", mod.name, imp.line,
                                        f"imports {what}; outside {pkg} import it from {pkg}"))
    return problems


def check_reexports(modules, graph) -> list[Problem]:
    problems = []
    for mod in modules.values():
        for imp in graph[mod.name]:
            if imp.name is None or imp.name == "*" or imp.target not in modules:
                continue
            source = modules[imp.target]
            if imp.name in source.defined:
                continue
            if source.is_package and _publishes(source, imp.name, modules):
                continue
            problems.append(Problem("re-export", mod.name, imp.line,
                                    f"imports {imp.name} from {imp.target}, which does not define it"))
        if mod.is_package:
            for imp in graph[mod.name]:
                if imp.target in modules and not _within(imp.target, mod.name) and imp.name is not None \
                        and _publishes_name(mod, imp.name):
                    problems.append(Problem("re-export", mod.name, imp.line,
                                            f"publishes {imp.name} from {imp.target}, outside the package"))
        else:
            for name in _all_names(mod):
                if name not in mod.defined:
                    problems.append(Problem("re-export", mod.name, 1, f"__all__ lists {name}, defined elsewhere"))
        aliases = _module_aliases(mod, modules)
        for node in mod.tree.body:  # NAME = module.NAME passes another module's name on under its own
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Attribute) and isinstance(node.value.value, ast.Name)
                    and node.value.value.id in aliases and node.targets[0].id == node.value.attr):
                problems.append(Problem("re-export", mod.name, node.lineno,
                                        f"passes on {node.value.attr} of {aliases[node.value.value.id]}"))
    return problems


def _module_aliases(mod: Module, modules) -> dict[str, str]:
    """Local names bound to app modules by this module's imports."""
    aliases = {}
    for node in mod.nodes:
        if isinstance(node, ast.ImportFrom):
            base = _resolve(mod, node)
            for a in node.names:
                if f"{base}.{a.name}" in modules:
                    aliases[a.asname or a.name] = f"{base}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname and a.name in modules:
                    aliases[a.asname] = a.name
    return aliases


def _all_names(mod: Module) -> list[str]:
    table = lazy_table(mod) if mod.is_package else None
    if table is not None:
        return [published for _sub, _name, published in table]
    for node in mod.tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                return list(ast.literal_eval(node.value))
            except ValueError:
                return []
    return []


def _publishes_name(pkg: Module, name: str) -> bool:
    names = _all_names(pkg)
    return name in names


def _publishes(pkg: Module, name: str, modules) -> bool:
    """A package ``__init__`` publishes ``name`` when it imports it from one of its own submodules (or lists it
    in its lazy table)."""
    if any(published == name for _sub, _name, published in lazy_table(pkg) or {}):
        return True
    for node in pkg.nodes:
        if isinstance(node, ast.ImportFrom):
            base = _resolve(pkg, node)
            if _within(base, pkg.name) and base != pkg.name and any((a.asname or a.name) == name for a in node.names):
                return True
    return False


def check_lazy(modules, graph) -> list[Problem]:
    """A lazy package's table is a literal naming submodules of the package, and its ``if TYPE_CHECKING:``
    imports name exactly the same names (the readers' and type checkers' view cannot drift from it)."""
    problems = []
    for mod in modules.values():
        node = _lazy_call(mod)
        if node is None:
            continue
        table = lazy_table(mod)
        if not mod.is_package or table is None:
            problems.append(Problem("lazy", mod.name, node.lineno, "a lazy table must sit in a package __init__ as "
                                    "lazy_package(__name__, {'submodule': ('name', 'name as alias')}), literally"))
            continue
        for (sub, name, published), line in table.items():
            if f"{mod.name}.{sub}" not in modules:
                problems.append(Problem("lazy", mod.name, line, f"{sub} is not a module of {mod.name}"))
        typed = _type_checking_imports(mod)
        for sub, name, published in sorted(set(table) - set(typed)):
            problems.append(Problem("lazy", mod.name, table[(sub, name, published)],
                                    f"{published} is in the lazy table but not imported under TYPE_CHECKING"))
        for sub, name, published in sorted(set(typed) - set(table)):
            problems.append(Problem("lazy", mod.name, typed[(sub, name, published)],
                                    f"{published} is imported under TYPE_CHECKING but not in the lazy table"))
    return problems


def _type_checking_imports(pkg: Module) -> dict[tuple[str, str, str], int]:
    """``{(submodule, name, published name): line}`` of the package's ``from its.submodule import ...`` under
    ``if TYPE_CHECKING:`` (imports from elsewhere there are names for annotations)."""
    skip = _type_checking_nodes(pkg.tree, pkg.nodes)
    found = {}
    for node in pkg.nodes:
        if isinstance(node, ast.ImportFrom) and id(node) in skip:
            base = _resolve(pkg, node)
            if not _within(base, pkg.name) or base == pkg.name:
                continue  # a name for an annotation (``MetaData``), not one the package publishes
            sub = base[len(pkg.name) + 1:]
            for a in node.names:
                found[(sub, a.name, a.asname or a.name)] = node.lineno
    return found


def check_shadowing(modules, graph) -> list[Problem]:
    """A package that publishes a name equal to one of its submodules loses one of the two: importing
    the submodule sets the package attribute to the module."""
    problems = []
    for mod in modules.values():
        if not mod.is_package:
            continue
        published = set(_all_names(mod)) | mod.defined
        for name in sorted(published):
            if f"{mod.name}.{name}" in modules:
                problems.append(Problem("shadowing", mod.name, 1,
                                        f"publishes {name}, which is also the name of its submodule"))
    return problems


def check_private(modules, graph) -> list[Problem]:
    problems = []
    for mod in modules.values():
        aliases = _module_aliases(mod, modules)
        for node in mod.nodes:
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                problems.append(Problem("private", mod.name, node.lineno,
                                        f"uses the private name {node.attr} of {aliases[node.value.id]}"))
        for imp in graph[mod.name]:
            last = imp.name if imp.name is not None else imp.target.rsplit(".", 1)[-1]
            if last.startswith("_") and last != "_" and not last.startswith("__") and imp.target != mod.name:
                problems.append(Problem("private", mod.name, imp.line,
                                        f"imports the private name {last} from {imp.target}"))
    return problems


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def check_cycles(modules, graph) -> list[Problem]:
    """Tarjan's strongly connected components over the runtime imports. Importing ``a.b.c`` also runs the
    ``__init__`` of ``a`` and ``a.b``: those count as edges too, unless they enclose the importer (a
    package's own modules run inside its ``__init__`` being imported, which Python handles)."""
    edges = {}
    for name, imps in graph.items():
        own = set(_ancestors(name)) | {name}
        targets = set()
        for i in imps:
            if not i.runtime or i.target not in modules:
                continue
            targets.add(i.target)
            targets.update(a for a in _ancestors(i.target) if a in modules and a not in own)
        targets.discard(name)
        edges[name] = sorted(targets)
    index, low, stack, on_stack, sccs = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def strongconnect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)
    return [Problem("cycle", comp[0], 0, "import cycle: " + " ⇄ ".join(comp)) for comp in sccs]


def check(root: Path, package: str = "app") -> list[Problem]:
    modules = load(root, package)
    graph = {name: imports_of(mod, modules) for name, mod in modules.items()}
    return (check_layers(modules, graph) + check_public_paths(modules, graph) + check_reexports(modules, graph)
            + check_private(modules, graph) + check_shadowing(modules, graph) + check_lazy(modules, graph)
            + check_cycles(modules, graph))


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    problems = check(root)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
