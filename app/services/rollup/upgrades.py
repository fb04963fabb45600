"""Bringing a rollup store made by an older version up to ``schema.REVISION`` (``rollup init`` on an existing
store): revision -> the steps (callables taking a Connection, inside init's one transaction) that bring the
revision before it to it. Revision 1 is ``create_all``."""

from __future__ import annotations

from sqlalchemy import inspect, text

from app.services.rollup import figures, schema


def _add_figure_columns(conn) -> None:
    """Revision 2: the age bands, the last inspection and on time per form in each station's figures row, added to
    a store made before (an ALTER per column: ``create_all`` makes only missing tables), then filled from what it
    holds (on time per form by revision 3's step)."""
    table = schema.station_figures
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    for column in table.columns:
        if column.name in have:
            continue
        kind = column.type.compile(dialect=conn.dialect)
        default = "" if column.server_default is None else f" NOT NULL DEFAULT {_literal(column)}"
        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}{default}"))
    figures.fill_revision_2(conn)


def _literal(column) -> str:
    value = column.server_default.arg
    return "'" + value.replace("'", "''") + "'" if not value.isdigit() else value


def _on_time_as_lists(conn) -> None:
    """Revision 3: on time per form in the figures row as a list of [form, due, on_time, late, not_made] (read
    without a Python loop per form), rewritten from the stored rows."""
    figures.fill_on_time(conn)


UPGRADES: dict[int, list] = {2: [_add_figure_columns], 3: [_on_time_as_lists]}
