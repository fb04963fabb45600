"""Who is acting: a signed-in person or the system. Every mutating service takes an ``Actor``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in person, or the system (``person_id`` None: the console, the demo
    builder, scheduled work). ``admin`` and ``inspector`` come from the person's account."""

    person_id: int | None = None
    label: str = "system"
    admin: bool = False
    inspector: bool = False

    @property
    def is_system(self) -> bool:
        return self.person_id is None


SYSTEM = Actor()
