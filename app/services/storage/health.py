"""`check`: the database's integrity and schema revision, in one place for the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app.services.storage import migrate
from app.services.storage.committed import backup_head_disagreements, compare
from app.i18n import _
from app.services.storage.postgres import NOT_APPLICABLE, is_server_url, make_engine, server_revisions
from app.services.storage import full_check
from app.services.storage.snapshot import assess, file_revisions, refuse_bad_path


@dataclass(frozen=True)
class HealthReport:
    path: str
    exists: bool
    integrity_ok: bool
    integrity_detail: str
    revisions: tuple[str, ...]
    head: tuple[str, ...]
    at_head: bool
    newer: bool
    committed_ok: bool = True  # the file still holds the last committed change (committed.py)
    committed_detail: str = ""
    # the audit heads its backups recorded that this file's trail no longer has (committed.py): rewritten
    history_problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.exists and self.integrity_ok and self.at_head and self.committed_ok and not self.history_problems

    def as_dict(self) -> dict:
        return {"path": self.path, "exists": self.exists, "integrity_ok": self.integrity_ok,
                "integrity": self.integrity_detail, "revision": list(self.revisions),
                "head": list(self.head), "at_head": self.at_head, "newer": self.newer,
                "committed_ok": self.committed_ok, "committed": self.committed_detail,
                "history_ok": not self.history_problems, "history": list(self.history_problems), "ok": self.ok}


def check_database(path: Path | str, *, quick: bool = False) -> HealthReport:
    if is_server_url(path):
        return check_server(path)
    path = Path(path)
    refuse_bad_path(path)
    exists = path.exists()
    lost = compare(path)
    if not exists:
        if not lost.ok:  # a file that held committed work is gone
            return HealthReport(str(path), False, False, "missing", (), tuple(sorted(migrate.head_revisions())),
                                False, False, False, lost.detail)
        return HealthReport(str(path), False, False, "missing", (), tuple(sorted(migrate.head_revisions())),
                            False, False)
    # an empty or cut-short file is damaged (never "ok, new"); a file that cannot be checked now (locked,
    # busy) raises DatabaseUnavailableError rather than being called damaged
    ok, detail = assess(path, quick=quick)
    if not quick:
        full_check.record(path, ok, detail)
    try:
        revs = file_revisions(path) if ok else set()
    except Exception as exc:  # a damaged header: integrity already says so
        revs, ok, detail = set(), False, str(exc)
    known = set(migrate.known_revisions())
    head = migrate.head_revisions()
    history = tuple(text for _seq, text in backup_head_disagreements(path)) if ok and lost.ok else ()
    return HealthReport(str(path), True, ok, detail, tuple(sorted(revs)), tuple(sorted(head)),
                        revs == head, bool(revs - known), lost.ok, lost.detail, history)


def check_server(url: URL | str):
    """``health.check_database`` for a server: can it be reached, and its schema revision. There is no file
    whose pages could be damaged: the integrity check is not applicable (the server checksums its own pages)."""
    url = make_url(url)
    location = url.render_as_string(hide_password=True)
    head = tuple(sorted(migrate.head_revisions()))
    engine = make_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            revisions = server_revisions(conn)
    except Exception as exc:
        return HealthReport(location, False, False, str(exc).strip().splitlines()[0], (), head, False, False)
    finally:
        engine.dispose()
    return HealthReport(location, True, True, _(NOT_APPLICABLE), tuple(sorted(revisions)), head,
                        revisions == set(head), bool(revisions - set(migrate.known_revisions())))
