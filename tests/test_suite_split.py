"""How ./test.sh splits the tests: the PostgreSQL run leaves the tests that never reach a test database to the
SQLite run (tests/conftest.py, ANUPALAN_TEST_PG_DB_ONLY): what counts as reaching it; and the order in which the
workers take the files (the long ones first)."""

from __future__ import annotations

from types import SimpleNamespace

from tests.conftest import _long_files_first, reaches_the_test_database


class Item(SimpleNamespace):
    def get_closest_marker(self, name):
        return self.markers.get(name)


def item(fixturenames=("tmp_path",), markers=None, module=None, nodeid="tests/test_x.py::test_x"):
    return Item(fixturenames=list(fixturenames), markers=markers or {}, module=module or SimpleNamespace(),
                nodeid=nodeid)


def test_the_windows_files_come_first_then_the_others_the_slow_ones_first_in_each_each_file_whole():
    slow = {"slow": object()}
    ids = ["tests/cli/test_a.py::test_1", "tests/cli/test_a.py::test_2", "tests/services/test_b.py::test_1",
           "tests/ui/test_c.py::test_1", "tests/ui/test_d.py::test_1", "tests/ui/test_d.py::test_2",
           "tests/test_e.py::test_1", "tests/test_e.py::test_2"]
    marked = {"tests/services/test_b.py::test_1", "tests/ui/test_d.py::test_1", "tests/ui/test_d.py::test_2",
              "tests/test_e.py::test_2"}  # one test of a file marked is enough: the file goes with it
    items = [item(nodeid=i, markers=slow if i in marked else None) for i in ids]
    _long_files_first(items)
    assert [i.nodeid for i in items] == [
        "tests/ui/test_d.py::test_1", "tests/ui/test_d.py::test_2", "tests/ui/test_c.py::test_1",
        "tests/services/test_b.py::test_1", "tests/test_e.py::test_1", "tests/test_e.py::test_2",
        "tests/cli/test_a.py::test_1", "tests/cli/test_a.py::test_2"]


def test_a_test_without_the_database_fixtures_is_left_to_the_sqlite_run():
    assert not reaches_the_test_database(item())
    assert not reaches_the_test_database(item(module=SimpleNamespace(PG_URL=None)))  # the SQLite run's value


def test_the_fixtures_a_marker_or_a_module_that_branches_on_the_store_keep_it():
    assert reaches_the_test_database(item(("tmp_path", "db_path", "_pg_databases")))
    assert reaches_the_test_database(item(markers={"postgresql_only": object()}))
    assert reaches_the_test_database(item(module=SimpleNamespace(PG_URL="postgresql+psycopg://u@h:1/d")))


def test_every_database_fixture_reaches_the_server(station_db, request):
    """``db``, ``station_db`` and ``db_path`` are what tests ask for: each must depend on ``_pg_databases``,
    or a test of the database would be left out of the PostgreSQL run."""
    assert "_pg_databases" in request.fixturenames


class _Factory:
    """What ``built_once`` uses of pytest's tmp_path_factory, for one worker of a split run."""

    def __init__(self, base):
        self.base = base

    def getbasetemp(self):
        return self.base

    def mktemp(self, name):
        raise AssertionError("a worker of a split run builds in the shared folder")


def test_a_split_runs_workers_build_a_session_file_once_and_share_it(tmp_path, monkeypatch):
    from tests.conftest import built_once

    calls = []

    def build(folder):
        calls.append(folder)
        (folder / "made.txt").write_text("x")
        return {"path": folder / "made.txt"}

    (tmp_path / "built-once" / "demo").mkdir(parents=True)  # what a worker killed mid-build left
    (tmp_path / "built-once" / "demo" / "half.txt").write_text("half")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    first = built_once(_Factory(tmp_path / "popen-gw0"), "demo", build)
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    second = built_once(_Factory(tmp_path / "popen-gw1"), "demo", build)
    assert len(calls) == 1 and first == second and first["path"].read_text() == "x"
    assert not (tmp_path / "built-once" / "demo" / "half.txt").exists()
