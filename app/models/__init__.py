"""Tables. Imports nothing from services or ui, and no Qt.

The package is lazy (``app/lazy.py``): a command that reads the entries declares only their tables (and the
tables their foreign keys name: each model module imports those models). ``Base.metadata`` holds only the
tables declared so far: whatever walks every table (migrations, the bundles, the imports' undo) asks
``full_metadata()``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:
    from sqlalchemy import MetaData

    from app.models.accounts import Account
    from app.models.audit import AuditEntry, Setting
    from app.models.base import Base
    from app.models.bundles import Bundle, BundleBase, StationIdentity
    from app.models.cases import Accused, Case, Event
    from app.models.catalogue import DUTY_KINDS, RECURRENCES, ROLE_CODES, Circular, Duty, Role
    from app.models.imports import ImportBatch, ImportItem
    from app.models.obligations import STATUSES, Obligation
    from app.models.rules import Rule
    from app.models.staff import Person, RoleAssignment, Station

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "accounts": ("Account",),
    "audit": ("AuditEntry", "Setting"),
    "base": ("Base",),
    "bundles": ("Bundle", "BundleBase", "StationIdentity"),
    "cases": ("Accused", "Case", "Event"),
    "catalogue": ("DUTY_KINDS", "RECURRENCES", "ROLE_CODES", "Circular", "Duty", "Role"),
    "imports": ("ImportBatch", "ImportItem"),
    "obligations": ("STATUSES", "Obligation"),
    "rules": ("Rule",),
    "staff": ("Person", "RoleAssignment", "Station"),
})

# every module that declares tables (tests/test_architecture.py checks the list is whole)
MODEL_MODULES = ("accounts", "audit", "bundles", "cases", "catalogue", "handholding", "imports", "inspections",
                 "obligations", "rules", "staff")


def full_metadata() -> MetaData:
    """``Base.metadata`` with every table of the station's schema declared."""
    for name in MODEL_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return importlib.import_module(f"{__name__}.base").Base.metadata
