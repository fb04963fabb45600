"""Per-PC preferences (language, window layout …) in a small JSON file, saved atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.paths import data_dir
from app.services.core import atomic


class Preferences:
    def __init__(self, path: Path | None = None):
        self.path = path or (data_dir() / "preferences.json")
        self._values: dict[str, Any] = {}
        try:
            self._values = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self._values, dict):
                self._values = {}
        except (OSError, ValueError):
            self._values = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value

    def save(self) -> None:
        atomic.write_text(self.path, json.dumps(self._values, ensure_ascii=False, indent=1, sort_keys=True))
