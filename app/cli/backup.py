"""``backup``, ``backups``, ``restore``: verified copies of the database, on the same services as the window."""

from __future__ import annotations

import sys

from app.i18n import _
from app.services import storage
from app.services import backup
from app.services.core.errors import UserError
from app.cli.common import db_path, print_json, print_table
from app.services.core.formatting import as_typed


def _moment(text: str):
    """The backup log's ISO time as a moment, so the table shows it as the window does (other text as it is)."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(text.strip())
    except (AttributeError, ValueError):
        return text


def register(sub, common) -> None:
    p = sub.add_parser("backup", parents=[common], help=_("make a verified backup of the database"))
    p.add_argument("--to", metavar="DIR", help=_("copy to this folder or USB drive instead of the backups folder"))
    p.set_defaults(handler=run_backup)

    ls = sub.add_parser("backups", parents=[common], help=_("list the backups and whether each was verified"))
    ls.add_argument("--all", action="store_true", help=_("include pruned and failed backups"))
    ls.set_defaults(handler=run_backups)

    r = sub.add_parser("restore", parents=[common],
                       help=_("restore a backup (the current file is backed up first)"))
    r.add_argument("file", metavar="FILE", help=_("the backup file to restore"))
    r.add_argument("--preview", action="store_true", help=_("only show what the backup holds; change nothing"))
    r.add_argument("--confirm-consequence", action="store_true",
                   help=_("restore even though it loses what the refusal said (another station's file, no "
                          "accounts, changes made after the backup); administrator only"))
    r.set_defaults(handler=run_restore)


def _file_only(path):
    """Backups and restores are of a file; a server's database is backed up by the server (pg_dump)."""
    from app.services.storage import NOT_APPLICABLE, is_server_url

    if is_server_url(path):
        raise UserError(_(NOT_APPLICABLE))
    return path


def _need_db(args):
    path = _file_only(db_path(args))
    if not path.exists():
        raise UserError(_("No database at {path}.").format(path=path))
    return path


def _record_json(r: storage.BackupRecord) -> dict:
    d = r.as_dict()
    d["available"] = r.available
    return d


def run_backup(args) -> int:
    from app.cli.acting import cli_actor
    from app.services.station import open_database

    path = _need_db(args)
    # a read-only look: asking who acts and whether they may writes nothing
    with open_database(path, readonly=True, migrate=False, seed=False) as db:
        actor = cli_actor(args, db)
        if args.to:
            record = backup.copy_now(db, args.to, actor=actor)
        else:
            record = backup.backup_now(db, actor=actor)
    if args.json:
        print_json(_record_json(record))
    elif record.ok:
        sys.stdout.write(_("Backup written and verified: {path} ({size} KB).").format(
            path=record.file, size=max(1, record.size // 1024)) + "\n")
    else:
        sys.stderr.write(_("The database failed its integrity check ({detail}); no backup was kept. "
                           "Run: python -m app check").format(detail=record.detail) + "\n")
    return 0 if record.ok else 1


def run_backups(args) -> int:
    path = _file_only(db_path(args))
    records = storage.list_backups(path)
    if not args.all:
        records = [r for r in records if r.available]
    if args.json:
        print_json([_record_json(r) for r in records])
        return 0
    if not records:
        sys.stdout.write(_("No backups yet for {path}.").format(path=path) + "\n")
        return 0
    rows = []
    for r in records:
        if r.pruned_at:
            state = _("pruned")
        elif not r.ok:
            state = _("FAILED")
        elif not r.path.exists():
            state = _("missing")
        else:
            state = _("verified")
        rows.append([r.seq, _moment(r.created_at), storage.reason_label(r.reason), state,
                     f"{r.size // 1024} KB", r.file])
    print_table(rows, [_("No."), _("Made at"), _("Why"), _("State"), _("Size"), _("File")])
    return 0


def _print_preview(info: storage.RestorePreview) -> None:
    sys.stdout.write(_("Backup: {path}").format(path=info.path) + "\n")
    sys.stdout.write(_("Made at: {when}").format(when=as_typed(info.created_at)) + "\n")
    if info.station:
        sys.stdout.write(_("Station: {name}").format(name=info.station) + "\n")
    sys.stdout.write(_("Schema revision: {rev}").format(rev=", ".join(info.revisions) or "-") + "\n")
    sys.stdout.write((_("Integrity: ok") if info.integrity_ok else _("Integrity: DAMAGED ({detail})").format(
        detail=info.detail)) + "\n")
    if info.counts:
        print_table([[t, n] for t, n in info.counts.items() if t != "alembic_version"], [_("Table"), _("Rows")])


def _authorize_restore(args, path):
    """Restoring replaces the station's data: only an administrator, once accounts exist.

    Only a live file whose damage is established (its integrity check fails, it is not a database, it is
    empty or cut short) skips the sign-in: it protects nothing, and refusing there would block the recovery
    the restore exists for (it is moved aside, never overwritten). A file that cannot be checked right now
    (locked by another program, busy, a read error) refuses: a doubt never opens the way.
    """
    from app.services.station import open_database
    from app.services.access import SYSTEM, authorize
    from app.cli.acting import cli_actor

    if not path.exists() and not path.is_symlink():
        return SYSTEM
    sound, _detail = storage.assess(path, quick=True)  # raises DatabaseUnavailableError: refused
    if not sound:
        return SYSTEM
    with open_database(path, readonly=True, migrate=False, seed=False) as db:
        actor = cli_actor(args, db)
        with db.session() as s:
            authorize(s, actor, "backup.restore")
        return actor


def _backup_sign_in(args):
    """Over a damaged live file, ``--user`` signs in against the backup's own accounts (and the restore is
    recorded as that person's); without ``--user`` the recovery runs as the system, as it always could."""
    from app.cli.acting import cli_actor, requested_user

    if requested_user(args) is None:
        return None
    return lambda db: cli_actor(args, db)


def run_restore(args) -> int:
    from app.services.storage import acquire

    path = _file_only(db_path(args))
    info = storage.preview(args.file, path, full=args.preview)  # a restore fully checks its own copy
    if args.preview:
        if args.json:
            print_json(info.as_dict())
        else:
            _print_preview(info)
        return 0 if info.integrity_ok and not info.newer else 1
    with acquire(path):
        actor = _authorize_restore(args, path)
        try:
            result = backup.restore_backup(path, args.file, actor=actor, confirm=args.confirm_consequence,
                                           sign_in=_backup_sign_in(args))
        except backup.RestoreNeedsConfirmation as exc:
            raise UserError(exc.message + "\n" + _(
                "To restore anyway, an administrator repeats the command with --confirm-consequence.")) from None
    if args.json:
        print_json({"preview": info.as_dict(), "result": result.as_dict()})
        return 0
    _print_preview(info)
    sys.stdout.write(_("Restored {src} into {path}.").format(src=result.restored_from, path=path) + "\n")
    if result.safety_backup:
        sys.stdout.write(_("The file as it was before is kept in {backup}.").format(backup=result.safety_backup) + "\n")
    for moved in result.moved_aside:
        sys.stdout.write(_("The damaged file was kept as {path}.").format(path=moved) + "\n")
    return 0
