"""No function or method in ``app/`` longer than 60 lines: a longer one is split by what it does into named
helpers. Run ``python tools/check_functions.py`` or through ``tests/test_architecture.py``.

A function's length runs from its ``def`` line to its last line (the docstring, comments and blank lines
inside it count; the decorators above it do not). A function nested in another counts twice: alone, and
as part of the function that holds it.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_LINES = 60

# Functions allowed over the limit (path, qualified name): none. The list served while the last long functions
# were being split; an entry that no longer names a long function is itself reported, so it cannot hide one.
ALLOWED: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class LongFunction:
    path: str   # relative to the root, with forward slashes
    name: str   # the qualified name inside the module (Class.method, outer.inner)
    line: int
    lines: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.name} has {self.lines} lines (at most {MAX_LINES})"


def function_lengths(tree: ast.Module):
    """(qualified name, first line, length) of every function and method in a module."""
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                out.append((name, child.lineno, child.end_lineno - child.lineno + 1))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def long_functions(root: Path, package: str = "app", limit: int = MAX_LINES) -> list[LongFunction]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line, lines in function_lengths(tree):
            if lines > limit:
                found.append(LongFunction(rel, name, line, lines))
    return found


def check(root: Path, package: str = "app", allowed=ALLOWED) -> list[str]:
    """The problems: functions over the limit not on the allow-list, and allow-list entries that no longer
    name a function over the limit (split already: remove the entry)."""
    found = long_functions(root, package)
    problems = [str(f) for f in found if (f.path, f.name) not in allowed]
    still_long = {(f.path, f.name) for f in found}
    problems += [f"{path}: {name} is on the allow-list but no longer over {MAX_LINES} lines; remove the entry"
                 for path, name in sorted(allowed) if path.startswith(package + "/") and (path, name) not in still_long]
    return problems


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    problems = check(root)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
