"""The hooks a long loop takes from its caller (a window's progress dialog, a command): ``progress(done, total)``
to say how far it is, ``cancelled() -> bool`` to be asked whether to stop. Both optional."""

from __future__ import annotations

from collections.abc import Callable

from app.services.core.errors import Cancelled

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class Steps:
    """Counts a loop's steps: every ``every`` steps reports ``progress(done, total)`` and asks ``cancelled()``; a
    true answer raises ``Cancelled(message)`` (the caller's transaction, if any, is then rolled back)."""

    def __init__(self, total: int, progress: Progress | None = None, cancelled: Cancel | None = None, *,
                 message: str | None = None, every: int = 200):
        self.total, self.done = total, 0
        self.progress, self.cancelled, self.message, self.every = progress, cancelled, message, max(1, every)

    @property
    def active(self) -> bool:
        return self.progress is not None or self.cancelled is not None

    def check(self) -> None:
        """Ask now (before a step that cannot be undone, or at the end of a loop)."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(self.message)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def step(self) -> None:
        self.done += 1
        if self.done % self.every == 0:
            self.check()
