"""The station: opening its database (schema and catalogue), its particulars, and setting a new one up
(particulars, staff and roles in one transaction).

This module is the package's one public import path."""


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
from app.services.station.identity import Identity, ensure_identity, fingerprint, get_identity, verify_signature
from app.services.station.opening import open_database, open_to_read
from app.services.station.particulars import get_station, get_station_in, init_station
from app.services.station.setup import NewPerson, StationSetUp, set_up_station

__all__ = [
    "Identity",
    "ensure_identity",
    "fingerprint",
    "get_identity",
    "verify_signature",
    "OFFICE_KEYS",
    "NewPerson",
    "OfficeParticulars",
    "StationSetUp",
    "get_station",
    "get_station_in",
    "check_office_changes",
    "init_station",
    "office_key_label",
    "office_particulars",
    "office_particulars_in",
    "open_database",
    "open_to_read",
    "parse_assignments",
    "set_office_particulars",
    "set_up_station",
]
