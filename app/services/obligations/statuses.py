"""The statuses an entry is still owed in: one definition, in a module of its own that imports nothing, so the
window's filter bar can name them without loading the engine."""

from __future__ import annotations

OPEN_STATUSES = ("pending", "missed")  # not yet entered: the only statuses an entry is still owed in
