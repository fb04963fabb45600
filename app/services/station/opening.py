"""Opening a station's database: the store brought to the app's schema, and the duty catalogue seeded."""

from __future__ import annotations

from pathlib import Path

from app.services.catalogue import catalogue_current, ensure_catalogue
from app.services.obligations import redate_after_upgrade, redate_due
from app.services.storage import Database, open_for_reading, open_store


def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    readonly: bool = False,
    seed: bool = True,
    lock: bool = False,
) -> Database:
    """Open (creating if needed) the station database at ``path`` at the app's schema (``open_store``),
    then make sure the duty catalogue of the circular in force is in it (``seed``); after an upgrade that
    replaced the shipped chargesheet rules, re-date the open chargesheet entries once (audited as the system)."""
    db = open_store(path, migrate=migrate, readonly=readonly, lock=lock)
    if seed and not readonly:
        try:
            ensure_catalogue(db)
            redate_after_upgrade(db)
        except BaseException:
            db.close()
            raise
    return db


def open_to_read(path: Path | str) -> Database | None:
    """The station's file opened read-only for a command that only reads (``storage.open_for_reading``: no
    quick check, nothing written), or None when a writer's open must come first (``open_database``): a
    server's URL, no file, a schema to upgrade, the catalogue of the circular in force still to seed, the
    re-dating after an upgrade still to do."""
    db = open_for_reading(path)
    if db is None:
        return None
    try:
        if catalogue_current(db) and not redate_due(db):
            return db
    except BaseException:
        db.close()
        raise
    db.close()
    return None
