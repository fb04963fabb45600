"""Accepting a file that lost committed work as it is, when no good backup can bring the work back.

The committed mark beside the file (``storage.committed``) makes every read-write open refuse such a file,
so that nothing buries the evidence. When the station has no backup that holds the lost work, an
administrator may accept the file as it is: the mark is set to the file, and the acceptance is audited in
it (who, the last committed audit entry the file lacks, where the file ends), so the gap stays on record.
"""

from __future__ import annotations

from pathlib import Path

from app.i18n import _
from app.services.access import SYSTEM, Actor
from app.services.audit import record
from app.services.backup.actions import authorize_on_file
from app.services.core.errors import UserError
from app.services.station import open_database
from app.services.storage import acquire, compare_committed, record_committed_file


def accept_file_as_is(db_path: Path, *, actor: Actor = SYSTEM) -> dict:
    """Accept the file at ``db_path`` as it is (an administrator's decision, audited); returns what was
    accepted: the committed entry it lacks and where the file ends."""
    db_path = Path(db_path)
    found = compare_committed(db_path)
    if found.ok:
        raise UserError(_("The database {path} holds everything committed to it: there is nothing to accept.")
                        .format(path=db_path))
    authorize_on_file(db_path, actor, "backup.restore")
    accepted = {"committed_seq": found.mark.seq, "committed_head": found.mark.head, "file_seq": found.file_seq,
                "detail": found.detail}
    with acquire(db_path):
        record_committed_file(db_path)
        with open_database(db_path, seed=False) as db:
            with db.session() as s:
                record(s, actor, "database.accept", "database", None, after=accepted)
    return accepted
