"""Errors a user can act on. Their message is already in the user's language."""

from __future__ import annotations

from app.i18n import _


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


class DatabaseBusyError(UserError):
    """Another program kept the database busy (writing, or the window that alone writes to it holds it) for
    longer than the wait; nothing was changed, and trying again later may work."""


class ReadOnlyDatabaseError(UserError):
    """A change was attempted on a database opened read-only; nothing was written."""


def readonly_message() -> str:
    return _("This window opened the database read-only, so nothing can be changed here. "
             "Close the other Anupalan window that holds the database, then open it again.")


class Cancelled(UserError):
    """The user stopped a long piece of work part-way (its ``cancelled()`` hook said so); nothing was changed."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Stopped before the end; nothing was changed."))
