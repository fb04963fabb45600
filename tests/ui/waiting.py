"""Waiting for the page's worker in tests (never sleeps)."""

from __future__ import annotations


def wait_idle(qtbot, ctx) -> None:
    """Wait until the worker has run everything it was given (and its results came back)."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
