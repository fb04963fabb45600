"""Station-wide settings: the ``settings`` table (key → text), read and written only here.

Reading takes a session or a plain Core connection (the dashboard counts on one); a value that is
missing or cannot be read gives the caller's default, never an error. Writing returns the previous
value, for the audit row the caller appends (``"setting.update"``) in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.models.audit import Setting

VALUE = select(Setting.value).where(Setting.key == bindparam("key"))  # built once: read often


def get_setting(session: Session | Connection, key: str, default: str | None = None) -> str | None:
    """The stored text of ``key``, or ``default`` when there is none."""
    value = session.scalar(VALUE, {"key": key})
    return default if value is None else value


def get_int(session: Session | Connection, key: str, default: int, lo: int | None = None,
            hi: int | None = None) -> int:
    """The stored whole number of ``key``; ``default`` when it is missing, not a number, or outside
    ``lo``..``hi`` (each bound optional, both inclusive)."""
    value = get_setting(session, key)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        return default
    return number


def put_setting(session: Session, key: str, value: object) -> str | None:
    """Store ``str(value)`` under ``key``; returns the text stored before (None: there was none)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=str(value)))
        return None
    before, row.value = row.value, str(value)
    return before


def settings_with_prefix(session: Session, prefix: str) -> dict[str, str]:
    """Every stored key that starts with ``prefix`` (a family of settings, e.g. the import profiles) -> text."""
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.like(like, escape="\\")))
    return {key: value for key, value in rows}


def delete_setting(session: Session, key: str) -> str | None:
    """Remove ``key``; returns the text it held (None: there was none)."""
    row = session.get(Setting, key)
    if row is None:
        return None
    before = row.value
    session.delete(row)
    return before
