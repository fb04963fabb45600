"""Shared fixtures: a fresh database per test, English pinned, the data folder in a temp dir.

With ``ANUPALAN_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST:PORT/DB`` set, ``db_path``, ``db`` and
``station_db`` are a fresh database on that PostgreSQL server instead (``db_path`` is then its URL), and
tests marked ``sqlite_only`` are skipped with their reason; ``postgresql_only`` tests run only then.
``scripts/test_pg.sh`` starts a throwaway server, runs the tests against it and stops it.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings as hypothesis_settings

from app.i18n import set_language
from app.services.core import clock
from tests.pg_store import PgTestDatabases, keep_app_connections, server_url, stop_keeping_app_connections

PG_URL = server_url()

# The property tests draw the same examples on every run (the suite is deterministic: a run that fails in CI fails
# on the developer's PC too); ANUPALAN_HYPOTHESIS=explore draws new ones, to look for what a fixed seed misses.
hypothesis_settings.register_profile("fixed", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile("explore" if os.environ.get("ANUPALAN_HYPOTHESIS") == "explore" else "fixed")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "i18n_complete: the Hindi catalog covers every string in app/ (deselect with "
        "-m 'not i18n_complete' while strings are being added; scripts/i18n.py missing lists the gaps)")
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about the SQLite file itself (backups, restore, recovery, migrations of "
        "saved files, the instance lock, raw edits of the file); skipped when the tests run on PostgreSQL")
    config.addinivalue_line(
        "markers", "postgresql_only(reason): needs a PostgreSQL server (ANUPALAN_TEST_DATABASE_URL); skipped on SQLite")
    config.addinivalue_line(
        "markers", "real_migrations: a new station file made in this test runs every migration itself (tests of "
        "the migrations); elsewhere it is a copy of what they made the first time (tests/conftest.py)")


def pytest_collection_modifyitems(config, items):
    _long_files_first(items)
    for item in items:
        marker = item.get_closest_marker("sqlite_only" if PG_URL else "postgresql_only")
        if marker is not None:
            why = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            where = "SQLite only" if PG_URL else "PostgreSQL only (set ANUPALAN_TEST_DATABASE_URL)"
            item.add_marker(pytest.mark.skip(reason=f"{where}: {why}" if why else where))
    if PG_URL and os.environ.get(PG_DB_ONLY_ENV) == "1":
        _leave_the_store_free_tests_to_the_sqlite_run(config, items)


def _long_files_first(items) -> None:
    """The test files in the order the workers should take them (./test.sh gives each worker a whole file, the
    next in this order, as it finishes one: pytest-xdist's ``--dist loadfile --no-loadscope-reorder``): the
    window's first (they wait on worker threads, timers and processes: while the PostgreSQL run and the bundle
    build still run beside them, those runs use the waits, where at the end a core would stand idle), then the
    others; in each, the files marked ``slow`` first (seconds each: one taken last would run alone at the end).
    A file's tests stay together and in their order; otherwise the collection's order is kept."""
    rank: dict[str, tuple[bool, bool]] = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        mine = (not path.startswith("tests/ui/"), item.get_closest_marker("slow") is None)
        rank[path] = min(mine, rank.get(path, mine))
    items.sort(key=lambda item: rank[item.nodeid.split("::")[0]])  # stable: the collection's order within


# ./test.sh runs the SQLite run and the PostgreSQL run side by side and sets this for the second: a test that never
# reaches the test database (no ``db_path``/``db``/``station_db``/``rollup_url`` … fixture, no module-level
# ``PG_URL`` test) runs exactly the same code in both runs (the app never reads ANUPALAN_TEST_DATABASE_URL), so
# the PostgreSQL run leaves it to the SQLite run. Run alone (scripts/test_pg.sh, or the variable unset) every
# test runs.
PG_DB_ONLY_ENV = "ANUPALAN_TEST_PG_DB_ONLY"


def reaches_the_test_database(item) -> bool:
    return ("_pg_databases" in getattr(item, "fixturenames", ())
            or item.get_closest_marker("postgresql_only") is not None
            or getattr(getattr(item, "module", None), "PG_URL", None) is not None)


def _leave_the_store_free_tests_to_the_sqlite_run(config, items):
    kept = [item for item in items if reaches_the_test_database(item)]
    left = [item for item in items if not reaches_the_test_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
        config._anupalan_left_to_sqlite = len(left)


_PG_RESETS: list = []  # the session's PgTestDatabases, for the summary line


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for databases in _PG_RESETS:
        terminalreporter.write_line(f"PostgreSQL: each test's database reset by {databases.fresh_by!r}; the work "
                                    f"database made again {databases.remade} time(s) (after DDL or a drop)")
    left = getattr(config, "_anupalan_left_to_sqlite", 0)
    if left:
        terminalreporter.write_line(
            f"{left} deselected: tests that use no test database run only in the SQLite run ({PG_DB_ONLY_ENV}=1)")


# A test process holds a million or so objects that live as long as it does (the app, SQLAlchemy, Qt, every test
# module); each of the collector's full passes walked them all again (~0.1 s each, a tenth of the CPU of a
# service test file). After collection they are frozen (never scanned again: gc.freeze, what the command line
# does after its imports), and a full pass comes after 100 passes of the middle generation instead of 10: young
# garbage is still collected at once, and a test that needs everything collected calls gc.collect(). A test of
# what the app leaks (tests/ui/test_no_leaks.py) counts objects made after that point, as before.
FULL_COLLECTION_EVERY = 100


def pytest_collection_finish(session):
    import gc

    gc.collect()
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def pytest_report_header(config):
    return f"database: PostgreSQL {PgTestDatabases(PG_URL).url.render_as_string()}" if PG_URL else "database: SQLite"


def pytest_sessionstart(session):
    """Compiled catalogs (.mo) are built, never committed: compile them when missing or older than the .po."""
    from tests.i18n_tool import load_tool

    tool = load_tool()
    if any(tool.mo_is_stale(lang) for lang in tool.LANGS):
        tool.compile_catalogs()


def built_once(tmp_path_factory, name: str, build):
    """``build(folder)`` run once per test run, its return value given to every caller: a session fixture's
    costly file (the migrated template, a demo station) made once even when the run is split over worker
    processes (pytest-xdist), which share the run's base temp folder. The first worker to ask builds it
    under a lock while the others wait; the value crosses processes pickled. Callers only read what was
    built (they copy files before changing them)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return build(tmp_path_factory.mktemp(name))
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp().parent / "built-once"
    root.mkdir(exist_ok=True)
    done = root / f"{name}.pickle"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            folder = root / name
            shutil.rmtree(folder, ignore_errors=True)  # what a worker killed mid-build left
            folder.mkdir()
            made = build(folder)
            part = root / f"{name}.pickle.part"
            part.write_bytes(pickle.dumps(made))
            part.replace(done)
        return pickle.loads(done.read_bytes())


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, request):
    monkeypatch.setenv("ANUPALAN_DATA_DIR", str(tmp_path / "data"))
    set_language("en")
    clock.pin(None)
    _first_migration.real = request.node.get_closest_marker("real_migrations") is not None
    yield
    set_language("en")
    clock.pin(None)
    _first_migration.real = False


class _FirstMigration:
    """A new station file is made by running every migration on an empty file (``storage.database
    ._create_new``): about 0.4 s of CPU, and the tests make hundreds of new files (each ``init`` of the
    command line, each test opening a path not yet there). The result is the same file every time, so in
    this process the migrations run once for real, on an empty file as the app makes it, and each later
    empty file made in a test gets those bytes (under its own name and its own permissions). Only the case
    of an empty file brought to the head is replaced; every other upgrade, and every upgrade in a test
    marked ``real_migrations`` (the migrations' own tests), runs the migrations."""

    def __init__(self):
        self.real = False
        self.migrated: bytes | None = None
        self.wrapped = None

    def install(self) -> None:
        from app.services.storage import migrate

        if self.wrapped is None:
            self.wrapped = migrate.upgrade
            migrate.upgrade = self.upgrade

    def upgrade(self, path, target: str = "heads", *, backup_first: bool = True) -> None:
        empty = (not self.real and target == "heads" and not backup_first
                 and os.path.isfile(path) and os.path.getsize(path) == 0)
        if not empty:
            return self.wrapped(path, target, backup_first=backup_first)
        if self.migrated is None:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                first = Path(folder) / "first.sqlite3"
                first.touch()
                self.wrapped(first, target, backup_first=False)
                if any(Path(f"{first}{suffix}").exists() for suffix in ("-wal", "-journal")):
                    return self.wrapped(path, target, backup_first=backup_first)  # not one whole file: no shortcut
                self.migrated = first.read_bytes()
        with open(path, "r+b") as out:
            out.write(self.migrated)


_first_migration = _FirstMigration()
_first_migration.install()


@pytest.fixture(scope="session")
def _pg_databases():
    """On PostgreSQL: a template database migrated and seeded once; each test gets its state again."""
    if not PG_URL:
        yield None
        return
    keep_app_connections()  # the app's closed connections are handed to its next engine (tests/pg_store.py)
    databases = PgTestDatabases(PG_URL)
    databases.create_template()
    _PG_RESETS.append(databases)
    yield databases
    databases.close()
    stop_keeping_app_connections()


@pytest.fixture
def db_path(tmp_path, _pg_databases):
    """Where the test's database lives: a file not yet created on SQLite; on PostgreSQL the URL of a database
    in the migrated template's state (what a new file becomes once opened; tests/pg_store.py)."""
    if _pg_databases is None:
        yield tmp_path / "station.sqlite3"
        return
    url = _pg_databases.fresh()
    yield url
    _pg_databases.release(url)


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory):
    """One database migrated to head and seeded, made once; each test gets its own copy.

    Migrating a fresh file costs most of a second (DDL with fsync); copying a finished one costs
    milliseconds. Tests of migrations themselves open fresh files directly.
    """
    from app.services.station import open_database

    def build(folder: Path) -> Path:
        open_database(folder / "template.sqlite3").close()
        return folder / "template.sqlite3"

    return built_once(tmp_path_factory, "template", build)


class MadeOnce:
    """A database state made once (``made_once``); ``fresh(tmp_path)`` gives a test its own database in it."""

    def __init__(self, source, databases, value=None):
        self.source = source  # the file on SQLite; on PostgreSQL the work database's snapshot
        self.databases = databases
        self.value = value  # what build returned (ids, say; never an open database)

    def fresh(self, tmp_path: Path):
        if self.databases is not None:  # the work database put back (only the tables written since)
            return self.databases.fresh(self.source)
        return copy_station(self.source, tmp_path / self.source.name)


def copy_station(source: Path, target: Path) -> Path:
    """``target``: a byte-for-byte copy of the station file ``source`` with what lies beside it under its name
    (its committed mark), renamed after ``target``; what a test then changes is its own copy."""
    for src in source.parent.glob(source.name + "*"):  # with its permissions: the app makes them private (0600)
        shutil.copy(src, target.parent / src.name.replace(source.name, target.name, 1))
    return target


def initialised_station(template: Path, path: Path, station: str = "S", district: str = "D") -> Path:
    """``path``: a station file as ``init --station STATION --district DISTRICT`` leaves it, made from the migrated
    ``template`` (``_template_db``) in this process, for tests whose subject is not the ``init`` command's own
    process."""
    from app.services.station import init_station, open_database

    db = open_database(copy_station(template, path))
    try:
        init_station(db, station, district)
    finally:
        db.close()
    return path


def starting_from(fixture: str, make):
    """A module's ``made`` and ``db_path`` fixtures: ``make(made_once)`` (a ``MadeOnce``, or anything with its
    ``fresh``) run once for the module, and each test that asks for ``fixture`` starting from what it made (a
    copy; on PostgreSQL the work database put back); any other test from the empty template. In a module::

        made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))
    """

    @pytest.fixture(scope="module")
    def made(made_once):
        return make(made_once)

    @pytest.fixture
    def db_path(db_path, tmp_path, request, made):
        return made.fresh(tmp_path) if fixture in request.fixturenames else db_path

    return made, db_path


def build_with_db(setup):
    """A ``made_once`` build that opens the database, runs ``setup(db)`` and closes it (the clock unpinned after);
    ``.value`` is what ``setup`` returned."""

    def build(path):
        from app.services.station import open_database

        db = open_database(path)
        try:
            return setup(db)
        finally:
            db.close()
            clock.pin(None)

    return build


@pytest.fixture(scope="session")
def made_once(tmp_path_factory, _pg_databases):
    """``made_once(build)``: ``build(db_path)`` run once on a database of its own (a new file on SQLite, the
    work database's URL on PostgreSQL); ``.fresh(tmp_path)`` of what it returns is, for each test, a database
    in the state ``build`` left (a copy of the file; on PostgreSQL the work database put back in it), and
    ``.value`` what ``build`` returned. Use it in a module fixture, e.g. a module's own ``db_path``:
    ``return made.fresh(tmp_path)``."""

    def make(build) -> MadeOnce:
        folder = tmp_path_factory.mktemp("made")
        with pytest.MonkeyPatch.context() as patch:  # before any test's own: the data folder is the build's
            patch.setenv("ANUPALAN_DATA_DIR", str(folder / "data"))
            if _pg_databases is None:
                value = build(folder / "station.sqlite3")
                return MadeOnce(folder / "station.sqlite3", None, value)
            value = build(_pg_databases.fresh())
            return MadeOnce(_pg_databases.snapshot(), _pg_databases, value)

    return make


@pytest.fixture
def db(db_path, request):
    from app.services.station import open_database

    if not PG_URL and not Path(db_path).exists():  # on PostgreSQL ``db_path`` is already in the template's
        # state; a module's own may be made. The template's bytes with its committed mark, as made_once's
        # copies are (the app's verified backup copy, copy_database, is tested with the backups)
        copy_station(request.getfixturevalue("_template_db"), Path(db_path))
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def station_db(db):
    from app.services.station import init_station

    init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")
    return db


@pytest.fixture(scope="session")
def one_year_demo(tmp_path_factory):
    """Shared by every test module that reads a one-year demo station (a build costs seconds, a copy milliseconds).

    ``one_year_demo(seed, now)``: the path of a fresh copy (with its committed mark) of a one-year demo built
    with ``seed`` while the clock reads ``now``; each (seed, now) is built once per test run.
    ``one_year_demo.build(seed, now)``: what that build returned and the progress fractions it reported."""
    built: dict[tuple[int, dt.datetime], Path] = {}
    records: dict[tuple[int, dt.datetime], tuple] = {}

    def make(seed: int, now: dt.datetime) -> Path:
        if (seed, now) not in built:
            from app.services.demo import build_demo

            def build_it(folder: Path) -> tuple:
                seen: list[float] = []
                clock.pin(now)
                try:
                    result = build_demo(folder / "demo.sqlite3", years=1, seed=seed,
                                        progress=lambda f, _m: seen.append(f))
                finally:
                    clock.pin(None)
                return result, seen

            records[seed, now] = built_once(tmp_path_factory, f"demo{seed}_{now:%Y%m%dT%H%M%S}", build_it)
            built[seed, now] = records[seed, now][0].path
        source = built[seed, now]
        return copy_station(source, tmp_path_factory.mktemp(f"demo{seed}_copy") / source.name)

    def build(seed: int, now: dt.datetime) -> tuple:
        make(seed, now)
        return records[seed, now]

    make.build = build
    return make
