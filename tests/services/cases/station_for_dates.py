"""A station for the date-bound, correction and missing-person scenarios: an SHO, a head mohrir, an IO, an
operator and a court pairokar, all serving since 2024; the PC's clock on 10 March 2025, 12:00."""

from __future__ import annotations

import datetime as dt

from app.services import staff
from app.services.core import clock
from app.services.station import init_station

NOW = dt.datetime(2025, 3, 10, 12, 0)


def set_up(db) -> dict[str, int]:
    clock.pin(NOW)
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for key, name, role in (("sho", "Vikram Singh", "sho"), ("mohrir", "राम प्रकाश यादव", "mohrir"),
                            ("io", "Sunita Yadav", "io"), ("operator", "Amit Kumar", "operator"),
                            ("court", "श्याम लाल", "court")):
        p = staff.add_person(db, name, "SI")
        staff.assign_role(db, p.id, role, dt.date(2024, 1, 1))
        people[key] = p.id
    return people
