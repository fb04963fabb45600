"""The circle or district letter when a station enrolled but never sent a bundle (it is ranked first): the roles
keep their names and the allocation letter its reference, taken from the stations that sent data."""

from __future__ import annotations

import io

from app.services import rollup, rollup_views
from tests.services.rollup.conftest import STATIONS


def test_a_station_without_data_ranked_first_leaves_the_letter_whole(store, stations):
    for code, *_rest in STATIONS:
        rollup.enrol_station(store, stations / f"{code}.enrol.json")
    rollup.import_paths(store, [p for p in (stations / "bundles").iterdir() if not p.name.startswith("ST-01")])
    pages, data = rollup_views.write_report(store, io.BytesIO(), circle="Chhatta", lang="hi")
    assert data.rows[0].code == "ST-01" and not data.rows[0].imported
    names = {code: (hi, en) for code, hi, en, _tally in data.roles}
    assert names["sho"] != ("sho", "sho") and names["io"][1] != "io", names
    assert [code for code, *_r in data.roles][0] == "sho"  # the catalogue's order, not the codes' alphabet
    assert data.circular_number
