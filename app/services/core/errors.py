"""Errors a user can act on. Their message is already in the user's language."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused action: shown to the user as is; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(UserError):
    pass


class DatabaseNewerError(UserError):
    """The file was written by a newer Anupalan; this version must not touch it."""


class DatabaseDamagedError(UserError):
    """The file failed its integrity check."""
