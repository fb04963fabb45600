"""Translation catalogs with Babel: extract / update / compile / check / missing.

    python scripts/i18n.py extract   # app/ → i18n/messages.pot
    python scripts/i18n.py update    # extract, then merge the .pot into i18n/hi/LC_MESSAGES/messages.po
    python scripts/i18n.py compile   # .po → .mo (done by the set-up, the tests and the installer build)
    python scripts/i18n.py check     # fail (exit 1) on a missing, untranslated or fuzzy entry, a translation
                                     # whose {placeholders} differ, or a _() call whose argument is not a literal
    python scripts/i18n.py missing   # the msgids the Hindi catalog still lacks, as .po entries to fill in

English is the source language. Compiled ``.mo`` files are never committed. The keywords are
``_``, ``N_``, ``ngettext:1,2`` and ``pgettext:1c,2`` (``app/i18n.py``).
"""

from __future__ import annotations

import ast
import io
import re
import string
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
LANGS = ("hi",)
PLURAL_FORMS = {"hi": "nplurals=2; plural=(n > 1);"}  # CLDR: 0 and 1 are singular in Hindi

# Babel keyword specs: message argument positions; (n, "c") marks the context argument.
KEYWORDS: dict[str, object] = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
# For the AST check: which positional arguments of each function must be string literals.
LITERAL_ARGS = {"_": (0,), "N_": (0,), "ngettext": (0, 1), "pgettext": (0, 1)}
PRAGMA = "# i18n: marked"


def po_path(lang: str) -> Path:
    return I18N / lang / "LC_MESSAGES" / "messages.po"


def _method_map() -> list[tuple[str, str]]:
    """The ``[method: pattern]`` sections of babel.cfg (patterns relative to app/)."""
    cfg = ROOT / "babel.cfg"
    mapping: list[tuple[str, str]] = []
    for line in cfg.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]") and ":" in line:
            method, pattern = line[1:-1].split(":", 1)
            mapping.append((pattern.strip(), method.strip()))
    return mapping


def extract_catalog():
    """Every translatable string in app/, in-process, as a Babel ``Catalog`` (the .pot's content)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Anupalan", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(APP), method_map=_method_map(), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"app/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def write_pot() -> int:
    from babel.messages.pofile import write_po

    catalog = extract_catalog()
    _write(POT, catalog, write_po, omit_header=False, sort_output=True, width=110)
    return len(catalog)


def _write(path: Path, catalog, writer, **kw) -> None:
    buf = io.BytesIO()
    writer(buf, catalog, **kw)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(path)


def read_catalog(lang: str):
    from babel.messages.pofile import read_po

    with open(po_path(lang), "rb") as fh:
        return read_po(fh, locale=lang)


HEADER = """\
# {language} translation of Anupalan. English is the source language.
# Terms: i18n/GLOSSARY.md. Edit only msgstr lines; after code changes run
# `python scripts/i18n.py update` (new entries arrive empty) and `python scripts/i18n.py missing`."""


def _fix_header(catalog, lang: str) -> None:
    nplurals, expr = PLURAL_FORMS[lang].split(";")[0].split("=")[1], PLURAL_FORMS[lang].split("plural=")[1]
    catalog._num_plurals, catalog._plural_expr = int(nplurals), expr.rstrip(";")
    catalog.language_team = {"hi": "Hindi"}.get(lang, lang)
    catalog.last_translator = "Anupalan team"
    catalog.msgid_bugs_address = ""
    catalog.version = _app_version()
    catalog.fuzzy = False
    catalog.header_comment = HEADER.format(language=catalog.language_team)


def _app_version() -> str:
    import re

    text = (APP / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r"__version__\s*=\s*[\"']([^\"']+)", text)
    return found.group(1) if found else "0"


def update_catalogs() -> dict[str, int]:
    """Extract, then merge the template into each language's .po (new entries empty, none fuzzy)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = extract_catalog()
    _write(POT, template, write_po, omit_header=False, sort_output=True, width=110)
    counts = {}
    for lang in LANGS:
        path = po_path(lang)
        catalog = read_catalog(lang) if path.exists() else Catalog(locale=lang, project="Anupalan")
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _fix_header(catalog, lang)
        _write(path, catalog, write_po, omit_header=False, sort_output=True, width=110,
               ignore_obsolete=False, include_previous=False)
        counts[lang] = len(catalog)
    return counts


def compile_catalogs() -> int:
    from babel.messages.mofile import write_mo

    count = 0
    for lang in LANGS:
        po = po_path(lang)
        if not po.exists():
            continue
        catalog = read_catalog(lang)
        _write(po.with_suffix(".mo"), catalog, write_mo, use_fuzzy=False)
        count += 1
    return count


def mo_is_stale(lang: str) -> bool:
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    return po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime)


# --- checks ------------------------------------------------------------------------------------
_formatter = string.Formatter()


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _formatter.parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def _key(message) -> tuple:
    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
    return (message.context, msgid)


@dataclass(frozen=True)
class Problem:
    kind: str  # missing | untranslated | fuzzy | placeholders | not-literal | glossary | punctuation | mnemonic
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.text}"


def catalog_problems(lang: str, template=None, catalog=None) -> list[Problem]:
    """Entries of the code's strings that the ``lang`` catalog lacks, leaves empty or marks fuzzy."""
    template = template if template is not None else extract_catalog()
    catalog = catalog if catalog is not None else read_catalog(lang)
    have = {_key(m): m for m in catalog if m.id}
    problems: list[Problem] = []
    for message in template:
        if not message.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.context:
            label = f"[{message.context}] {label}"
        entry = have.get(_key(message))
        if entry is None:
            problems.append(Problem("missing", where, label))
        elif entry.fuzzy:
            problems.append(Problem("fuzzy", where, label))
        elif not _translated(entry):
            problems.append(Problem("untranslated", where, label))
    return problems


def _translated(entry) -> bool:
    if isinstance(entry.string, (list, tuple)):
        return all(s.strip() for s in entry.string)
    return bool(entry.string and entry.string.strip())


def placeholder_problems(lang: str, catalog=None) -> list[Problem]:
    """Translations whose ``{placeholders}`` differ from their source (every plural form checked)."""
    problems = []
    for entry in catalog if catalog is not None else read_catalog(lang):
        if not entry.id or not _translated(entry):
            continue
        if isinstance(entry.id, (list, tuple)):
            sources = [entry.id[0], entry.id[1]]
            targets = list(entry.string)
        else:
            sources, targets = [entry.id], [entry.string]
        allowed = placeholders(sources[0]) | placeholders(sources[1]) if len(sources) > 1 else placeholders(sources[0])
        for i, target in enumerate(targets):
            # a plural form may drop {n} (Hindi "एक" for one) but may never invent a field
            want = placeholders(sources[min(i, len(sources) - 1)])
            got = placeholders(target)
            if not got <= allowed or (want - got) - {"n", "count"}:
                problems.append(Problem("placeholders", f"msgstr[{i}]" if len(targets) > 1 else "msgstr",
                                        f"{sources[0]!r} → {target!r}"))
    return problems


def non_literal_calls(paths: Iterable[Path] | None = None) -> list[Problem]:
    """``_()`` / ``N_()`` / ``ngettext()`` / ``pgettext()`` calls whose message is not a plain literal.

    An f-string, a concatenation, a ``%``/``.format`` expression or an arbitrary variable inside the call
    cannot be extracted, so it would never be translated. One pattern is allowed because it is how
    ``N_()`` works: translating a value taken from a module-level table (an UPPER_CASE name) whose
    values were marked with ``N_()`` — directly (``_(KIND_LABELS[code])``, ``_(LABELS.get(k, k))``) or
    through a local name bound only to such lookups (``title = COLUMN_TITLES.get(i)`` then ``_(title)``;
    ``[_(r) for r in RANKS]``). Where the table arrives as a parameter, the line says so with the
    comment ``# i18n: marked`` (the author vouches that the values are ``N_()``-marked).
    """
    problems = []
    for path in paths if paths is not None else sorted(APP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        lines = source.splitlines()
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for bindings, nodes in _scopes_with_bindings(tree):
            for node in nodes:
                if not isinstance(node, ast.Call):
                    continue
                name = _i18n_call_name(node)
                if name is None:
                    continue
                for index in LITERAL_ARGS[name]:
                    if index >= len(node.args):
                        problems.append(Problem("not-literal", f"{rel}:{node.lineno}",
                                                f"{name}() needs its message as a positional literal"))
                        continue
                    arg = node.args[index]
                    if _is_literal(arg):
                        continue
                    stray = [c.value for c in ast.walk(arg) if isinstance(c, ast.Constant)
                             and isinstance(c.value, str) and c.value]
                    if stray:  # Babel would extract these keys (glued together) as a bogus message
                        problems.append(Problem("not-literal", f"{rel}:{node.lineno}",
                                                f"{name}({ast.unparse(arg)}) — a string literal inside the lookup is "
                                                f"extracted as the message {''.join(stray)!r}; look the key up "
                                                f"outside the call"))
                        continue
                    if name == "_" and _is_marked_value(arg, bindings):
                        continue
                    if name == "_" and PRAGMA in lines[node.lineno - 1]:
                        continue  # the author vouches the value is N_()-marked (e.g. a table passed in)
                    problems.append(Problem("not-literal", f"{rel}:{node.lineno}",
                                            f"{name}({ast.unparse(arg)}) — pass a string literal"))
    return problems


def _i18n_call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        name = node.func.id
    elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
            and node.func.value.id == "i18n":
        name = node.func.attr  # i18n._("…")
    else:
        return None
    return name if name in LITERAL_ARGS else None


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, *_COMPREHENSIONS)


def _scopes_with_bindings(tree: ast.Module) -> Iterator[tuple[_Bindings, list[ast.AST]]]:
    """Every scope (module, function, comprehension): its local bindings and its own nodes (walked once); a
    comprehension sees its own loop names first and its enclosing scope's names otherwise (as Python does)."""
    stack: list[tuple[ast.AST, _Bindings]] = [(tree, _Bindings(tree))]
    while stack:
        scope, bindings = stack.pop()
        nodes = list(_walk_scope(scope))
        yield bindings, nodes
        for node in nodes:
            if isinstance(node, _COMPREHENSIONS):
                stack.append((node, _Bindings(node, bindings)))
            elif isinstance(node, _SCOPE_TYPES):
                stack.append((node, _Bindings(node)))


class _Bindings:
    """A scope's local bindings (``_bindings``), with its enclosing scope's beneath for a comprehension, worked
    out at the first lookup: most scopes hold no ``_()`` call whose argument needs them."""

    def __init__(self, scope: ast.AST, outer: _Bindings | None = None):
        self._scope, self._outer = scope, outer
        self._found: dict[str, list[ast.AST | None]] | None = None

    def all(self) -> dict[str, list[ast.AST | None]]:
        if self._found is None:
            own = _bindings(self._scope)
            self._found = {**self._outer.all(), **own} if self._outer is not None else own
        return self._found

    def get(self, name: str) -> list[ast.AST | None] | None:
        return self.all().get(name)


def _walk_scope(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of one function (or the module) without descending into nested functions."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _SCOPE_TYPES):
            stack.extend(ast.iter_child_nodes(node))


def _bindings(scope: ast.AST) -> dict[str, list[ast.AST | None]]:
    """Local name → what it is bound to (``None`` for a binding we cannot follow, e.g. a parameter)."""
    found: dict[str, list[ast.AST | None]] = {}
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = scope.args
        for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if a is not None:
                found.setdefault(a.arg, []).append(None)
    nodes = list(_walk_scope(scope))
    if isinstance(scope, _COMPREHENSIONS):
        nodes = list(scope.generators) + nodes
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
                else:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            found.setdefault(sub.id, []).append(None)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and isinstance(node.target, ast.Name):
            found.setdefault(node.target.id, []).append(
                None if isinstance(node, ast.AugAssign) else node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            # a loop name (or a name unpacked from each item) is "an element of node.iter"
            for sub in ast.walk(node.target):
                if isinstance(sub, ast.Name):
                    found.setdefault(sub.id, []).append(ast.Starred(value=node.iter))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    for sub in ast.walk(item.optional_vars):
                        if isinstance(sub, ast.Name):
                            found.setdefault(sub.id, []).append(None)
    return found


def _is_marked_value(node: ast.AST, bindings: _Bindings, depth: int = 0) -> bool:
    """Whether ``node`` can only hold an ``N_()``-marked string (or a literal)."""
    if depth > 5:
        return False
    if _is_literal(node) or _is_table_lookup(node):
        return True
    if isinstance(node, ast.Call) and _i18n_call_name(node) == "N_":
        return True
    if isinstance(node, ast.BoolOp):
        return all(_is_marked_value(v, bindings, depth + 1) for v in node.values)
    if isinstance(node, ast.IfExp):
        return _is_marked_value(node.body, bindings, depth + 1) and _is_marked_value(node.orelse, bindings, depth + 1)
    if isinstance(node, ast.Starred):  # an element of an iterable: a constant table or a literal list
        it = node.value
        if _is_constant_name(it):
            return True
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr in ("values", "items"):
            return _is_constant_name(it.func.value)
        if isinstance(it, (ast.Tuple, ast.List, ast.Set)):
            return all(_is_marked_value(e, bindings, depth + 1) for e in it.elts)
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("enumerate", "sorted",
                                                                                         "reversed") and it.args:
            return _is_marked_value(ast.Starred(value=it.args[0]), bindings, depth + 1)
        if isinstance(it, (ast.Name, ast.Subscript)):  # iterating a value that itself came from a table
            return _is_marked_value(it, bindings, depth + 1)
        return False
    if isinstance(node, ast.Subscript):  # an item of a value that came from a table
        return _is_marked_value(node.value, bindings, depth + 1)
    if isinstance(node, ast.Name):
        values = bindings.get(node.id)
        if not values:
            return _is_constant_name(node)  # a module constant assigned elsewhere
        return all(v is not None and _is_marked_value(v, bindings, depth + 1) for v in values)
    return False


def _is_literal(node: ast.AST) -> bool:
    """A plain string literal ("a" "b" is one literal; "a" + "b" and f"…" are not)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_table_lookup(node: ast.AST) -> bool:
    """``_(KIND_LABELS[x])`` or ``_(cases.KIND_LABELS.get(x, x))``: a lookup in a module-level table
    (an UPPER_CASE name) whose values are ``N_()``-marked literals."""
    if isinstance(node, ast.Subscript):  # LABELS[k], FIELDS[k][0]
        base = node.value
        while isinstance(base, ast.Subscript):
            base = base.value
        return _is_constant_name(base)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return _is_constant_name(node.func.value)
    return False


def _is_constant_name(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    else:
        return False
    return any(c.isalpha() for c in name) and name.lstrip("_").isupper()


# Words the glossary (i18n/GLOSSARY.md) replaces: a translation must not use the left-hand form.
AVOID = {
    "hi": {
        "फ़ाइल": "फाइल", "फ़ोल्डर": "फोल्डर", "फ़ार्म": "फार्म", "डिफ़ॉल्ट": "(say what happens)",
        "मामला": "मुकदमा", "मामले": "मुकदमे", "मामलों": "मुकदमों", "भूमिका": "रोल", "ड्यूटी": "कार्य",
        "प्रविष्टी": "प्रविष्टि", "पुलिस स्टेशन": "थाना", "दवा गप्पी": "मादक पदार्थ विक्रेता",
        "अन्वेषक": "विवेचक", "जांचकर्ता": "विवेचक", "आरोपपत्र": "आरोप पत्र", "चार्जशीट": "आरोप पत्र",
    },
}


def style_problems(lang: str, catalog=None) -> list[Problem]:
    """Glossary and punctuation: avoided words; a Hindi sentence ending in "." instead of "।"."""
    problems = []
    avoid = AVOID.get(lang, {})
    for entry in catalog if catalog is not None else read_catalog(lang):
        if not entry.id or not _translated(entry):
            continue
        sources = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        targets = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        for target in targets:
            for word, better in avoid.items():
                if word in target:
                    problems.append(Problem("glossary", sources[0], f"{word!r} → use {better!r}: {target!r}"))
            if lang == "hi":
                problems += _mnemonic_problems(sources[0], target)
            if lang == "hi" and " " in sources[0] and sources[0].endswith(".") and not sources[0].endswith("..") \
                    and target.rstrip().endswith(".") and not target.rstrip().endswith(".."):
                problems.append(Problem("punctuation", sources[0], f"end the sentence with ।: {target!r}"))
    return problems


_MNEMONIC = re.compile(r"&([^&\s])")


def _mnemonic_problems(source: str, target: str) -> list[Problem]:
    """A Devanagari translation keeps the source's Alt+letter as a Latin "(&X)", never "&" inside Hindi.

    An "&" before a Devanagari letter splits the word for shaping (Qt draws क ा for का and measures it
    short, so labels are clipped) and asks for an Alt+Devanagari key the station's keyboard lacks.
    """
    src = _MNEMONIC.search(source.replace("&&", ""))
    marks = _MNEMONIC.findall(target.replace("&&", ""))
    problems = []
    if any(not m.isascii() for m in marks):
        problems.append(Problem("mnemonic", source, f"'&' inside Hindi: write '(&X)' after the text: {target!r}"))
    elif src and src.group(1).lower() not in [m.lower() for m in marks]:
        problems.append(Problem("mnemonic", source, f"keep the accelerator as '(&{src.group(1).upper()})': {target!r}"))
    return problems


def all_problems(lang: str = "hi") -> list[Problem]:
    return (non_literal_calls() + catalog_problems(lang) + placeholder_problems(lang)
            + style_problems(lang))


def missing_entries(lang: str = "hi") -> Iterator[str]:
    """The code's msgids that the catalog lacks or leaves empty/fuzzy, as .po entries."""
    from babel.messages.pofile import escape

    template = extract_catalog()
    wanted = {(p.text) for p in catalog_problems(lang, template)}
    for message in template:
        if not message.id:
            continue
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.context:
            label = f"[{message.context}] {label}"
        if label not in wanted:
            continue
        lines = [f"#: {f}:{n}" for f, n in message.locations[:1]]
        if message.context:
            lines.append(f"msgctxt {escape(message.context)}")
        if isinstance(message.id, (list, tuple)):
            lines += [f"msgid {escape(message.id[0])}", f"msgid_plural {escape(message.id[1])}",
                      'msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines += [f"msgid {escape(message.id)}", 'msgstr ""']
        yield "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "compile"
    if cmd == "compile":
        print(f"compiled {compile_catalogs()} catalog(s)")
        return 0
    if cmd == "extract":
        print(f"{write_pot()} message(s) → {POT.relative_to(ROOT)}")
        return 0
    if cmd == "update":
        for lang, n in update_catalogs().items():
            print(f"{lang}: {n} message(s) in {po_path(lang).relative_to(ROOT)}")
        compile_catalogs()
        return 0
    if cmd == "check":
        problems = all_problems()
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    if cmd == "missing":
        entries = list(missing_entries())
        sys.stdout.write("\n".join(entries))
        print(f"# {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} to translate "
              f"(run `update` first so they are in the .po)", file=sys.stderr)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
