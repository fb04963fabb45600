"""What a change to the station's data touched, as a typed value (Anki's ``OpChanges``).

Every successful ``Op`` (``app/ui/operations.py``) says which domains it changed; the context emits that
``Changes`` on one signal (``AppContext.changed``) and each screen decides for itself whether it shows
any of them and must reload (``Page.watches``). No free-text topics: a misspelt domain is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Changes:
    obligations: bool = False  # owed CAS entries: made, marked, verified, moved, recomputed
    cases: bool = False  # the case register and its events
    staff: bool = False  # persons and who holds which role
    station: bool = False  # the station's particulars
    rules: bool = False  # due-date rules
    catalogue: bool = False  # duties and roles (the station's labels)
    inspections: bool = False  # visits, findings, instructions
    handholding: bool = False  # handholding staff, attendance, training, user ids, campaigns, equipment, faults
    accounts: bool = False  # accounts, passwords, the idle-lock policy
    audit: bool = False  # the audit trail itself (beyond the row every change appends)
    backup: bool = False  # backups and their settings

    @classmethod
    def everything(cls) -> Changes:
        """Every domain (a restored backup, another person signed in): every screen reloads."""
        return cls(**{f.name: True for f in fields(cls)})

    def domains(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changes) -> Changes:
        return replace(self, **{name: True for name in other.domains()})

    def __and__(self, other: Changes) -> Changes:
        """The domains both name: ``if changes & page.watches:``."""
        return Changes(**{name: True for name in self.domains() if getattr(other, name)})


NO_CHANGES = Changes()
