"""``catalogue``: the duty allocation, role by role."""

from __future__ import annotations

import sys

from app.i18n import _, current_language
from app.services.catalogue import list_duties, list_roles
from app.services.station import open_database
from app.cli.common import db_path, print_json


def register(sub, common) -> None:
    p = sub.add_parser("catalogue", parents=[common], help=_("list the 69 duties of the allocation"))
    p.add_argument("--role", metavar="ROLE", help=_("only this role's duties"))
    p.set_defaults(handler=run_catalogue)


def run_catalogue(args) -> int:
    from app.services.staff import check_role

    role = check_role(args.role) if args.role else None
    path = db_path(args)
    if isinstance(path, str) or path.exists():  # str: a server's URL
        db = open_database(path)
    else:  # the catalogue needs no station: read it from a private in-memory copy
        import tempfile
        from pathlib import Path

        tmp = tempfile.TemporaryDirectory()
        db = open_database(Path(tmp.name) / "catalogue.sqlite3")
    try:
        duties = list_duties(db, role)
        roles = {r.code: r for r in list_roles(db)}
    finally:
        db.close()
    if args.json:
        print_json([{"code": d.code, "role": d.role, "form": d.form, "name_hi": d.name_hi,
                     "name_en": d.display_en, "kind": d.kind, "recurrence": d.recurrence} for d in duties])
        return 0
    lang = current_language()
    current = None
    for d in duties:
        if d.role != current:
            current = d.role
            r = roles[d.role]
            sys.stdout.write(f"\n({r.section}) {r.name(lang)}\n")
        form = f" [{d.form}]" if d.form else ""
        sys.stdout.write(f"  {d.code:<5} {d.name(lang)}{form}\n")
    return 0
