"""``init``: create the station in a new or empty database."""

from __future__ import annotations

import sys
from pathlib import Path

from app.i18n import _
from app.services.station import open_database
from app.services.station import init_station
from app.cli.common import db_path, print_result


def register(sub, common) -> None:
    p = sub.add_parser("init", parents=[common], help=_("create the station's database"))
    p.add_argument("--station", required=True, metavar="NAME", help=_("station name"))
    p.add_argument("--district", required=True, metavar="NAME", help=_("district"))
    p.add_argument("--code", metavar="CODE", help=_("station code (optional)"))
    p.set_defaults(handler=run_init)


def run_init(args) -> int:
    from app.services.core.errors import UserError
    from app.services.core.validate import clean_text

    # Validate before creating any file, so bad input writes nothing.
    clean_text(args.station, _("Station name"), required=True, max_len=120)
    clean_text(args.district, _("District"), required=True, max_len=120)
    clean_text(args.code, _("Station code"), max_len=40)
    path = db_path(args)
    existed = not isinstance(path, Path) or path.exists()  # a server's database is never removed
    db = open_database(path)
    try:
        station = init_station(db, args.station, args.district, args.code)
    except UserError:
        db.close()
        if not existed:
            _remove_db_files(path)
        raise
    db.close()
    return print_result(args, {"id": station.id, "name": station.name, "district": station.district,
                               "code": station.code, "db": str(path)},
                        _("Station {name} ({district}) created in {path}.").format(
                            name=station.name, district=station.district, path=path))


def _remove_db_files(path) -> None:
    for suffix in ("", "-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            p.unlink()
