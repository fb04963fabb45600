"""The rollup's tests run on a SQLite file and, under scripts/test_pg.sh, on an empty PostgreSQL database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import PG_URL


def _empty_rollup(tmp_path, databases):
    """An empty rollup's URL (a file not yet made on SQLite; an empty database on PostgreSQL), given back after."""
    if databases is None:
        yield str(tmp_path / "rollup.sqlite3")
        return
    url = databases.empty_database()
    yield url
    databases.drop(url)


_STARTS: dict[str, str] = {}  # a store_starting_from fixture's name -> its made store's fixture
_READ_ONLY = "_read_only"  # the suffix of its read-only twin's name


@pytest.fixture
def rollup_url(tmp_path, _pg_databases, request):
    """An empty rollup; for a test that asks for a ``store_starting_from`` fixture, a copy of what it made (or,
    for its read-only twin, the made store itself)."""
    for name, made_name in _STARTS.items():
        read_only = name + _READ_ONLY in request.fixturenames
        if not read_only and name not in request.fixturenames:
            continue
        try:
            made = request.getfixturevalue(made_name)
        except pytest.FixtureLookupError:  # another module's fixture of that name, not one of these
            continue
        if read_only:
            yield made.url
            return
        url = made.copy(tmp_path)
        yield url
        made.give_back(url)
        return
    yield from _empty_rollup(tmp_path, _pg_databases)


def _digest(url: str) -> str:
    """Every table's columns and rows (in a fixed order) of the rollup at ``url``, hashed."""
    import hashlib

    from sqlalchemy import inspect, text

    from app.services import rollup

    h = hashlib.sha256()
    with rollup.open_rollup(url) as store, store.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            h.update(repr((table, list(result.keys()), sorted(repr(tuple(r)) for r in result))).encode())
    return h.hexdigest()


class StoreOnce:
    """A rollup store made once (``store_starting_from``); ``copy(tmp_path)`` is a test's own copy of it."""

    def __init__(self, url: str, databases):
        self.url = url
        self.databases = databases

    def copy(self, tmp_path) -> str:
        if self.databases is None:
            source = Path(self.url)
            for src in source.parent.glob(source.name + "*"):  # a closed WAL store is one file; any -wal with it
                shutil.copyfile(src, tmp_path / src.name)
            return str(tmp_path / source.name)
        self.databases.end_connections(self.url)  # what a read-only test left open: a copy needs its source free
        return self.databases.copy_of(self.url)

    def give_back(self, url: str) -> None:
        if self.databases is not None:
            self.databases.drop(url)


def store_starting_from(fixture: str, build):
    """Three fixtures, ``made_<fixture>``, ``fixture`` and ``<fixture>_read_only``: ``build(url, fixture_value)``
    run once per module on a new rollup of its own (it makes the store and closes it; ``fixture_value(name)``
    gives another fixture, e.g. ``made_stations``). A test that asks for ``fixture`` gets its own copy of what it
    made, open (its ``rollup_url`` is the copy's); one that only reads asks for ``<fixture>_read_only``: the made
    store itself, open, shared by the module's readers; at the module's end the made store must be as it was
    made (every table's columns and rows), or the module's last test fails. Any other test gets an empty rollup
    as before. Making the store (init, enrol, import) costs a quarter second of CPU; a copy milliseconds on
    SQLite, about as much on PostgreSQL (CREATE DATABASE … TEMPLATE); a reader nothing. In a module::

        made_visited, visited, visited_read_only = store_starting_from("visited", _visit)
    """
    made_name = f"made_{fixture}"
    _STARTS[fixture] = made_name

    @pytest.fixture(scope="module", name=made_name)
    def made_store(tmp_path_factory, _pg_databases, request):
        from app.services.core import clock

        folder = tmp_path_factory.mktemp(made_name)
        made = _empty_rollup(folder, _pg_databases)
        url = next(made)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ANUPALAN_DATA_DIR", str(folder / "data"))
            clock.pin(None)
            try:
                build(url, request.getfixturevalue)
            finally:
                clock.pin(None)
        as_made = _digest(url)
        yield StoreOnce(url, _pg_databases)
        if _pg_databases is not None:
            _pg_databases.end_connections(url)
        assert _digest(url) == as_made, f"a test of {request.module.__name__} that asked for {fixture}{_READ_ONLY} " \
                                        f"changed the shared store: it must ask for {fixture} (its own copy)"
        next(made, None)

    @pytest.fixture(name=fixture)
    def opened(rollup_url):
        from app.services import rollup

        with rollup.open_rollup(rollup_url) as s:
            yield s

    @pytest.fixture(name=fixture + _READ_ONLY)
    def shared(rollup_url):
        from app.services import rollup

        with rollup.open_rollup(rollup_url) as s:
            yield s

    return made_store, opened, shared


# code, circle, entries, seed, missed: small stations of two circles, each a different draw
STATIONS = [("ST-01", "Chhatta", 140, 11, 3), ("ST-02", "Chhatta", 190, 12, 0), ("ST-03", "Sadar", 160, 13, 5)]


def make_station(folder: Path, code: str, circle: str, entries: int, seed: int, missed: int) -> Path:
    """A seeded station file in ``folder`` with its enrol file, and its first (full) bundle in ``folder/bundles``."""
    from sqlalchemy import select, update

    from app.models.obligations import Obligation
    from app.models.staff import Station
    from app.services import bundle
    from app.services.station import open_database, set_office_particulars
    from tests.services.report_seed import seed_station

    path = folder / f"{code}.sqlite3"
    db = open_database(path)
    try:
        seed_station(db, obligations=entries, seed=seed)
        with db.session() as s:
            s.execute(update(Station).values(name=f"Thana {code}", code=code))
            if missed:  # a few recurring periods that lapsed
                ids = s.scalars(select(Obligation.id).where(Obligation.status == "pending")
                                .order_by(Obligation.due_at).limit(missed)).all()
                s.execute(update(Obligation).where(Obligation.id.in_(ids)).values(status="missed"))
        set_office_particulars(db, {"circle": circle})
        bundle.write_enrol_file(db, folder / f"{code}.enrol.json")
        bundle.export_bundle(db, folder / "bundles", full=True)
    finally:
        db.close()
    return path


@pytest.fixture(scope="session")
def made_stations(tmp_path_factory):
    """The STATIONS' files, enrol files and first (full) bundles, made once per test run with the clock at TODAY
    (read only: a test changes its copy, ``stations``)."""
    from app.services.core import clock
    from tests.conftest import built_once
    from tests.services.report_seed import TODAY

    def build(folder: Path) -> Path:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ANUPALAN_DATA_DIR", str(folder / "data"))
            clock.pin(TODAY)
            try:
                for spec in STATIONS:
                    make_station(folder, *spec)
            finally:
                clock.pin(None)
        return folder

    return built_once(tmp_path_factory, "rollup-stations", build)


@pytest.fixture
def stations(made_stations, tmp_path):
    """A copy of the made stations (a test may change them)."""
    folder = tmp_path / "stations"
    shutil.copytree(made_stations, folder, ignore=shutil.ignore_patterns("data"))
    return folder


def enrol_all(store, stations: Path) -> None:
    from app.services import rollup

    for code, *_rest in STATIONS:
        rollup.enrol_station(store, stations / f"{code}.enrol.json")


def _fill(url: str, fixture_value) -> None:
    """The three stations enrolled and their first bundles imported."""
    from app.services import rollup

    stations = fixture_value("made_stations")
    rollup.init_store(url, "Circle office Chhatta")
    with rollup.open_rollup(url) as store:
        enrol_all(store, stations)
        report = rollup.import_paths(store, [stations / "bundles"])
    assert len(report.imported) == len(STATIONS) and not report.rejected


made_filled, filled, filled_read_only = store_starting_from("filled", _fill)


@pytest.fixture
def store(rollup_url):
    from app.services import rollup

    rollup.init_store(rollup_url, "Circle office Chhatta")
    with rollup.open_rollup(rollup_url) as s:
        yield s


def enrol_file(db, path, **changes):
    """The station's enrol file, as ``station enrol-file`` writes it (``changes`` edit it)."""
    from app.services import bundle

    record = bundle.write_enrol_file(db, path)
    if changes:
        record.update(changes)
        path.write_text(json.dumps(record), encoding="utf-8")
    return path


__all__ = ["PG_URL", "STATIONS", "enrol_all", "enrol_file", "make_station", "store_starting_from"]
