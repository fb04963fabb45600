"""Issue 18: one spelling of "operator" in the window (ऑपरेटर). New stations get it from the catalogue; a station
seeded with the old shipped name (आपरेटर) gets the new one when it is opened; a name the station chose stays."""

from __future__ import annotations

from app.models.catalogue import Role
from app.services import catalogue


def names(db):
    return {r.code: r.name_hi for r in catalogue.list_roles(db)}


def test_a_new_station_spells_operator_one_way(station_db):
    assert names(station_db)["operator"] == "कम्प्यूटर ऑपरेटर"


def test_an_old_station_is_respelt_when_opened(station_db):
    with station_db.session() as s:
        s.get(Role, "operator").name_hi = "कम्प्यूटर आपरेटर"
    catalogue.ensure_catalogue(station_db)
    assert names(station_db)["operator"] == "कम्प्यूटर ऑपरेटर"


def test_a_name_the_station_chose_is_kept(station_db):
    with station_db.session() as s:
        s.get(Role, "operator").name_hi = "डाटा एंट्री ऑपरेटर"
    catalogue.ensure_catalogue(station_db)
    assert names(station_db)["operator"] == "डाटा एंट्री ऑपरेटर"
