"""Where the data lives: the ``Database`` on an SQLite file or a PostgreSQL server, asked through its
``storage`` (``kinds.py``), and what only an SQLite file has: integrity checks, backups, the one-writer
lock, snapshots, recovery; the schema migrations for both.

This module is the package's one public import path."""


from app.services.storage.backup_log import BackupRecord, log_path, read_log
from app.services.storage.backup_settings import (
    BackupSettings,
    LIMITS,
    load_settings,
    save_settings,
    setting_labels,
    validated,
)
from app.services.storage.backup_tiers import ALWAYS_KEEP_NEWEST, Candidate, to_keep
from app.services.storage.backups import (
    backup_due,
    before_bulk_change,
    changed_since,
    copy_to,
    last_good,
    latest_verified,
    list_backups,
    make_backup,
    prune_backups,
    reason_label,
    run_scheduled,
)
from app.services.storage.committed import (
    Comparison,
    CommittedMark,
    LostCommitsError,
    compare as compare_committed,
    read_mark,
    record_committed,
)
from app.services.storage.database import Database, database_target, open_store
from app.services.storage.health import check_database
from app.services.storage.kinds import FileStorage, Storage, explain_error, explain_sqlite_error, serialize
from app.services.storage.postgres import NOT_APPLICABLE, ServerStorage, is_server_url, server_location
from app.services.storage.instance_lock import DatabaseInUseError, acquire, is_locked
from app.services.storage.migrate import alembic_config, downgrade, head_revisions, known_revisions, upgrade
from app.services.storage.recovery import StartupCheck, export_readable, startup_check
from app.services.storage.restore_file import (
    Consequence,
    FileFacts,
    RestorePreview,
    consequences,
    discard_staging,
    facts,
    move_aside,
    preview,
    put_in_place,
    stage,
)
from app.services.storage.snapshot import (
    DatabaseUnavailableError,
    assess,
    header_damage,
    name_too_long,
    refuse_bad_path,
    refuse_special,
    backups_dir_for,
    check_readable,
    copy_database,
    file_revisions,
    integrity_ok,
    table_counts,
)

__all__ = [
    "Consequence",
    "DatabaseUnavailableError",
    "FileFacts",
    "assess",
    "consequences",
    "discard_staging",
    "facts",
    "header_damage",
    "name_too_long",
    "refuse_bad_path",
    "refuse_special",
    "stage",
    "Comparison",
    "CommittedMark",
    "LostCommitsError",
    "compare_committed",
    "read_mark",
    "record_committed",
    "database_target",
    "server_location",
    "RestorePreview",
    "preview",
    "put_in_place",
    "move_aside",
    "NOT_APPLICABLE",
    "ServerStorage",
    "is_server_url",
    "serialize",
    "FileStorage",
    "Storage",
    "explain_error",
    "explain_sqlite_error",
    "ALWAYS_KEEP_NEWEST",
    "BackupRecord",
    "BackupSettings",
    "Candidate",
    "Database",
    "DatabaseInUseError",
    "LIMITS",
    "StartupCheck",
    "acquire",
    "alembic_config",
    "backup_due",
    "backups_dir_for",
    "before_bulk_change",
    "changed_since",
    "check_database",
    "check_readable",
    "copy_database",
    "copy_to",
    "downgrade",
    "export_readable",
    "file_revisions",
    "head_revisions",
    "integrity_ok",
    "is_locked",
    "known_revisions",
    "last_good",
    "latest_verified",
    "list_backups",
    "load_settings",
    "log_path",
    "make_backup",
    "open_store",
    "prune_backups",
    "read_log",
    "reason_label",
    "run_scheduled",
    "save_settings",
    "setting_labels",
    "startup_check",
    "table_counts",
    "to_keep",
    "upgrade",
    "validated",
]
