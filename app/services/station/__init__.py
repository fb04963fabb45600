"""The station: opening its database (schema and catalogue), its particulars, and setting a new one up
(particulars, staff and roles in one transaction).

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.station.identity import Identity, ensure_identity, fingerprint, get_identity, verify_signature
    from app.services.station.office import (
        KEYS as OFFICE_KEYS,
        OfficeParticulars,
        check_office_changes,
        key_label as office_key_label,
        office_particulars,
        office_particulars_in,
        parse_assignments,
        set_office_particulars,
    )
    from app.services.station.opening import open_database, open_to_read
    from app.services.station.particulars import get_station, get_station_in, init_station
    from app.services.station.setup import NewPerson, StationSetUp, set_up_station

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "identity": ("ensure_identity", "fingerprint", "get_identity", "Identity", "verify_signature"),
    "office": (
        "check_office_changes", "key_label as office_key_label", "KEYS as OFFICE_KEYS", "office_particulars",
        "office_particulars_in", "OfficeParticulars", "parse_assignments", "set_office_particulars",
    ),
    "opening": ("open_database", "open_to_read"),
    "particulars": ("get_station", "get_station_in", "init_station"),
    "setup": ("NewPerson", "set_up_station", "StationSetUp"),
})
