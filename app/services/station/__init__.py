"""The station: opening its database (schema and catalogue) and its particulars.

This module is the package's one public import path."""


from app.services.station.opening import open_database
from app.services.station.particulars import get_station, init_station

__all__ = [
    "get_station",
    "init_station",
    "open_database",
]
