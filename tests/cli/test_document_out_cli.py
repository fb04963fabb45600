"""A document is never written over a file marked read-only (a report kept as sent): exit 2, file unchanged."""

from __future__ import annotations

import os
import stat

from app.cli import main

from tests.services.report_seed import seed_station


def test_read_only_output_is_refused_and_left_alone(db, db_path, tmp_path, capsys):
    seeded = seed_station(db, obligations=30)
    db.close()
    kept = tmp_path / "sent.pdf"
    kept.write_bytes(b"the report as sent")
    os.chmod(kept, stat.S_IRUSR | stat.S_IRGRP)
    base = ["--db", str(db_path), "--out", str(kept)]
    for args in (["checklist"], ["slip", "--person", str(seeded.ids["Priya Mishra"])],
                 ["report", "compliance", "--from", "2026-10-01", "--to", "2026-10-31"],
                 ["report", "pendency", "--from", "2026-10-01", "--to", "2026-10-31"],
                 ["attendance-sheet", "--month", "2026-10"]):
        code = main([*args, *base])
        err = capsys.readouterr().err
        assert code == 2 and "is read-only" in err, (args, err)
        assert kept.read_bytes() == b"the report as sent"
        assert stat.S_IMODE(kept.stat().st_mode) == stat.S_IRUSR | stat.S_IRGRP
    os.chmod(kept, stat.S_IRUSR | stat.S_IWUSR)
    assert main(["checklist", *base]) == 0 and kept.read_bytes().startswith(b"%PDF")
