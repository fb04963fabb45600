"""Alembic environment. The app passes a live connection in ``config.attributes["connection"]``;
the whole upgrade runs inside the caller's transaction (transactional DDL on SQLite)."""

from __future__ import annotations

from alembic import context

from app.models import full_metadata

config = context.config
target_metadata = full_metadata()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = config.get_main_option("sqlalchemy.url") or "sqlite:///anupalan-dev.sqlite3"
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
