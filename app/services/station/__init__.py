"""The station: opening its database (schema and catalogue), its particulars, and setting a new one up
(particulars, staff and roles in one transaction).

This module is the package's one public import path."""


from app.services.station.opening import open_database
from app.services.station.particulars import get_station, init_station
from app.services.station.setup import NewPerson, StationSetUp, set_up_station

__all__ = [
    "NewPerson",
    "StationSetUp",
    "get_station",
    "init_station",
    "open_database",
    "set_up_station",
]
