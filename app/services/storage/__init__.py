"""Where the data lives: the ``Database`` on an SQLite file or a PostgreSQL server, asked through its
``storage`` (``kinds.py``), and what only an SQLite file has: integrity checks, backups, the one-writer
lock, snapshots, recovery; the schema migrations for both.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
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
        close_with_backup,
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
        backup_head_disagreements,
        CommittedMark,
        LostCommitsError,
        compare as compare_committed,
        missing_mark,
        read_mark,
        record_committed,
        record_file as record_committed_file,
    )
    from app.services.storage.database import (
        Database,
        damage_met,
        database_target,
        open_for_reading,
        open_store,
        real_path,
        refuse_damaged,
    )
    from app.services.storage.engines import new_engine
    from app.services.storage.health import check_database
    from app.services.storage.instance_lock import DatabaseInUseError, acquire, closing_message, is_locked
    from app.services.storage.kinds import FileStorage, Storage, explain_error, explain_sqlite_error, serialize
    from app.services.storage.migrate import alembic_config, downgrade, head_revisions, known_revisions, upgrade
    from app.services.storage.postgres import NOT_APPLICABLE, ServerStorage, is_server_url, server_location
    from app.services.storage.recovery import StartupCheck, export_readable, startup_check
    from app.services.storage.restore_file import (
        Consequence,
        admin_in_file,
        behind_committed,
        FileFacts,
        RestorePreview,
        consequences,
        discard_staging,
        facts,
        move_aside,
        preview,
        put_in_place,
        readable_consequences,
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
    from app.services.storage.sqlite import worth_retrying

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "backup_log": ("BackupRecord", "log_path", "read_log"),
    "backup_settings": ("BackupSettings", "LIMITS", "load_settings", "save_settings", "setting_labels", "validated"),
    "backup_tiers": ("ALWAYS_KEEP_NEWEST", "Candidate", "to_keep"),
    "backups": (
        "backup_due", "before_bulk_change", "changed_since", "close_with_backup", "copy_to", "last_good",
        "latest_verified", "list_backups", "make_backup", "prune_backups", "reason_label", "run_scheduled",
    ),
    "committed": (
        "backup_head_disagreements", "CommittedMark", "compare as compare_committed", "Comparison",
        "LostCommitsError", "missing_mark", "read_mark", "record_committed", "record_file as record_committed_file",
    ),
    "database": (
        "damage_met", "Database", "database_target", "open_for_reading", "open_store", "real_path", "refuse_damaged",
    ),
    "engines": ("new_engine",),
    "health": ("check_database",),
    "instance_lock": ("acquire", "closing_message", "DatabaseInUseError", "is_locked"),
    "kinds": ("explain_error", "explain_sqlite_error", "FileStorage", "serialize", "Storage"),
    "migrate": ("alembic_config", "downgrade", "head_revisions", "known_revisions", "upgrade"),
    "postgres": ("is_server_url", "NOT_APPLICABLE", "server_location", "ServerStorage"),
    "recovery": ("export_readable", "startup_check", "StartupCheck"),
    "restore_file": (
        "admin_in_file", "behind_committed", "Consequence", "consequences", "discard_staging", "facts", "FileFacts",
        "move_aside", "preview", "put_in_place", "readable_consequences", "RestorePreview", "stage",
    ),
    "snapshot": (
        "assess", "backups_dir_for", "check_readable", "copy_database", "DatabaseUnavailableError", "file_revisions",
        "header_damage", "integrity_ok", "name_too_long", "refuse_bad_path", "refuse_special", "table_counts",
    ),
    "sqlite": ("worth_retrying",),
})
