"""Test helper: the app's migrations copied to a temp folder with one extra revision on top."""

from __future__ import annotations

from pathlib import Path

from app.services.storage import migrate
from app.services import storage


def migrations_with_extra(tmp_path: Path, monkeypatch, revision: str, upgrade_body: str) -> Path:
    """Copy ``migrations/`` to ``tmp_path``, add ``revision`` (after the current heads) whose
    ``upgrade()`` runs ``upgrade_body`` (indented Python), and point the runner at the copy."""
    root = tmp_path / "migrations"
    versions = root / "versions"
    versions.mkdir(parents=True)
    real = migrate.migrations_dir()
    for name in ("env.py", "script.py.mako"):
        (root / name).write_text((real / name).read_text())
    for f in (real / "versions").glob("*.py"):
        (versions / f.name).write_text(f.read_text())
    heads = tuple(sorted(storage.head_revisions()))
    (versions / f"{revision}.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = {revision!r}\ndown_revision = {heads!r}\nbranch_labels = None\ndepends_on = None\n"
        f"def upgrade():\n{upgrade_body}\ndef downgrade():\n    pass\n"
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: root)
    return root
