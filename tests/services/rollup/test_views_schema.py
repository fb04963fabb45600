"""The views read the rollup store's tables (app/services/rollup_views/tables.py names them from the store's
METADATA). This test holds what the views read to the schema the store is created from (app/services/rollup/schema.py):
a table renamed or a column dropped there fails here, not in a district's window."""

from __future__ import annotations

from sqlalchemy.sql.expression import TableClause

from app.services.rollup import METADATA
from app.services.rollup_views import BANDS


def _described():
    from app.services.rollup_views import tables

    return [v for v in vars(tables).values() if isinstance(v, TableClause)]


def test_every_table_and_column_the_views_read_is_in_the_store_schema():
    described = _described()
    assert len(described) >= 9
    for view_table in described:
        store_table = METADATA.tables.get(view_table.name)
        assert store_table is not None, view_table.name
        for col in view_table.c:
            assert col.name in store_table.c, f"{view_table.name}.{col.name}"
            assert type(col.type) is type(store_table.c[col.name].type), f"{view_table.name}.{col.name}"


def test_the_age_bands_are_the_ones_the_import_writes():
    from app.services.rollup import figures  # the bands' writer; not public, read here only to compare

    assert BANDS == tuple(label for _days, label in figures.BANDS) + ("90+",)
