"""Text in SQL that behaves the same on SQLite and on a PostgreSQL server: searching and sorting.

- ``contains(column, text)``: the user's text anywhere in the column, ignoring case, taken literally:
  ``%`` and ``_`` (LIKE's wildcards) and ``\\`` are escaped. ``ILIKE … ESCAPE`` on PostgreSQL (plain LIKE
  there is case-sensitive); ``lower(…) LIKE lower(…) ESCAPE`` on SQLite. SQLite folds the case of ASCII
  letters only, PostgreSQL of every alphabet; Devanagari has no case, so names and duties match alike.
- ``binary(column)``: sort by the text's code points, as SQLite's default BINARY collation does; on
  PostgreSQL ``COLLATE "C"``, otherwise the database's own collation (en_US, ICU …) would order names
  differently from SQLite ("amit" before "Ravi" there, after it here). Sort keys end with an id, so equal
  names come in a fixed order too.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

ESCAPE = "\\"


def like_literal(text: str) -> str:
    """``text`` with LIKE's special characters escaped (use with ``escape=ESCAPE``)."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def like_pattern(text: str) -> str:
    """``%text%``, the text taken literally."""
    return f"%{like_literal(text)}%"


def contains(column, text: str):
    """``column`` holds ``text`` (case-insensitive, wildcards taken literally)."""
    return column.ilike(like_pattern(text), escape=ESCAPE)


class binary(FunctionElement):  # noqa: N801  (reads as a SQL keyword where it is used)
    """A text column sorted (or compared by max/min) by code point on every store."""

    type = String()
    inherit_cache = True


@compiles(binary)
def _binary_default(element, compiler, **kw):
    return compiler.process(element.clauses.clauses[0], **kw)  # SQLite: BINARY is the default collation


@compiles(binary, "postgresql")
def _binary_postgresql(element, compiler, **kw):
    return f'{compiler.process(element.clauses.clauses[0], **kw)} COLLATE "C"'
