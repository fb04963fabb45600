"""Hostile input under property-based fuzzing: validators, the backup settings, the restore preview and
every command-line command. No crash; a refusal is a clear message with exit code 2; nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from app.services.core import validate
from app.services.core.errors import UserError
from tests.pg_store import examples

HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=300),
    st.sampled_from(["", " ", "\x00", "2026-02-30", "31/12/1899", "9" * 40, "-1", "0", "1e9", "NaN",
                     "प्रथम सूचना", "'; DROP TABLE persons; --", "../../etc/passwd", "..", "/", "\\\\?\\C:",
                     "2026-13-45 25:61", "१२", "٣", "Ⅻ", "\ufeff1", "1\u200b", "--", "-h"]),
)


@given(HOSTILE_TEXT, st.booleans(), st.integers(min_value=0, max_value=500))
def test_clean_text_returns_clean_text_or_refuses(value, required, max_len):
    try:
        out = validate.clean_text(value, "Name", required=required, max_len=max_len)
    except UserError as exc:
        assert exc.message and "Name" in exc.message
        return
    assert len(out) <= max_len and out == out.strip()
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in out)


@given(HOSTILE_TEXT)
def test_dates_times_and_numbers_parse_or_refuse_clearly(value):
    for fn in (validate.parse_date, validate.parse_datetime):
        try:
            out = fn(value, "Date")
        except UserError as exc:
            assert "Date" in exc.message
        else:
            assert 1950 <= out.year <= 2100
    try:
        n = validate.parse_int(value, "Number", minimum=-5, maximum=10**6)
    except UserError as exc:
        assert "Number" in exc.message
    else:
        assert -5 <= n <= 10**6


@given(st.dictionaries(st.sampled_from(["keep_all_hours", "daily", "weekly", "monthly", "interval_minutes",
                                        "on_close", "second_dir", "second_every_hours", "second_keep", "other"]),
                       st.one_of(HOSTILE_TEXT, st.integers(), st.booleans(), st.none(), st.floats())))
def test_backup_settings_validate_or_refuse(values):
    from app.services.storage import validated

    try:
        s = validated(**values)
    except UserError as exc:
        assert exc.message
    else:
        assert 0 <= s.daily <= 366 and s.second_keep >= 1


def test_a_stored_setting_that_cannot_be_read_gives_the_default(db):
    """Every station-wide setting goes through core.settings: text that is not a number, or a number out of
    range, falls back to the default; writing returns what was stored before (for the audit row)."""
    from app.services.core.settings import get_int, get_setting, put_setting

    with db.session() as s:
        assert get_setting(s, "test.key") is None and get_setting(s, "test.key", "x") == "x"
        assert get_int(s, "test.key", 7) == 7
        assert put_setting(s, "test.key", "seven") is None
        assert get_int(s, "test.key", 7) == 7  # not a number
        for stored, expected in (("abc", 7), ("", 7), ("61", 7), ("-1", 7), ("0", 0), ("60", 60), (" 5 ", 5)):
            assert put_setting(s, "test.key", stored) is not None
            assert get_int(s, "test.key", 7, 0, 60) == expected, stored
        assert put_setting(s, "test.key", 12) == " 5 "
    with db.engine.connect() as conn:  # a plain connection reads the same
        assert get_setting(conn, "test.key") == "12" and get_int(conn, "test.key", 7, hi=11) == 7


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=5000))
def test_restore_preview_of_any_file_is_a_message_not_a_crash(tmp_path, data):
    from app.services.storage import preview

    f = tmp_path / "backup.sqlite3"
    f.write_bytes(b"SQLite format 3\x00" + data if data[:1] == b"\x01" else data)
    try:
        info = preview(f)
    except UserError as exc:
        assert exc.message
    else:
        assert not info.integrity_ok or info.revisions == []


# --- every command-line command ------------------------------------------------------------
def _leaf_commands() -> list[tuple[tuple[str, ...], list[str], int]]:
    from app.cli import build_parser

    found = []

    def walk(parser, prefix):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        for action in subs:
            for name, sp in action.choices.items():
                walk(sp, prefix + (name,))
        if not subs and prefix:
            # (option, takes a value) for every option but the ones the test sets itself
            opts = [(a.option_strings[-1], a.nargs != 0) for a in parser._actions if a.option_strings
                    and not set(a.option_strings) & {"-h", "--help", "--db", "--lang"}]
            positional = sum(1 for a in parser._actions if not a.option_strings)
            found.append((prefix, opts, positional))

    walk(build_parser(), ())
    return found


SLOW = {("demo",), ("bench",)}  # build years of data by design; their arguments are checked by their own tests


@functools.cache
def fuzzed() -> list[tuple[tuple[str, ...], list[str], int]]:
    """Every leaf command but the slow ones; read when a test here first runs (building every command's parser
    imports every command module: ~0.4 s, paid otherwise by every worker process that only collects this file)."""
    return [c for c in _leaf_commands() if c[0] not in SLOW]


def _dump(path: Path | str) -> dict:
    if isinstance(path, str):  # a database on the PostgreSQL test server (tests/conftest.py): every table's rows
        from tests.pg_store import raw_sql  # (as XML text, in order) in one query: not 36 round trips a dump

        return dict(raw_sql(path, "select table_name, query_to_xml(format('select * from %%I order by 1', "
                                  "table_name), true, false, '')::text from information_schema.tables "
                                  "where table_schema = 'public' and table_name != 'accounts'"))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        # failed sign-in counters are the one thing a refused command may rightly write
        return {t: con.execute(f'select * from "{t}" order by rowid').fetchall() for t in tables if t != "accounts"}
    finally:
        con.close()


@pytest.fixture(scope="module")
def station_file(tmp_path_factory, _pg_databases):
    from app.services.station import open_database
    from app.services.staff import add_person
    from app.services.station import init_station

    path = tmp_path_factory.mktemp("fuzz") / "station.sqlite3"
    if _pg_databases is not None:  # on PostgreSQL: a fresh database of the module's own
        path = _pg_databases.new_database()
    db = open_database(path)
    init_station(db, "Kotwali", "Lucknow")
    add_person(db, "Ram Prakash", "SI", "9001")
    db.close()
    yield path
    if _pg_databases is not None:
        _pg_databases.drop(path)


def test_every_command_is_fuzzed():
    assert len(fuzzed()) >= 5 and (("backup",) in [c[0] for c in fuzzed()])
    assert ("--to", True) in dict((c[0], c[1]) for c in fuzzed())[("backup",)]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_cli_hostile_arguments(station_file, tmp_path, monkeypatch, data):
    from app.cli import main

    monkeypatch.chdir(tmp_path)  # any file a command is told to write lands in a scratch folder
    monkeypatch.setattr("getpass.getpass", lambda *a, **k: "")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    path, opts, positional = data.draw(st.sampled_from(fuzzed()), label="command")
    value = st.one_of(HOSTILE_TEXT, st.integers(-10, 10**12).map(str), st.sampled_from(
        ["1", "2", "io", "sho", "fir", "2026-01-15", "15-01-2026", "IIF-1", "A-1", "D-28", "-5", "0"]))
    tokens = [data.draw(value, label="positional") for _ in range(positional)]
    for option, takes_value in data.draw(st.lists(st.sampled_from(opts), max_size=5) if opts else st.just([]),
                                         label="options"):
        tokens.append(option)
        if takes_value:
            tokens.append(data.draw(value, label=option))
    if data.draw(st.booleans(), label="garbage"):
        tokens.insert(data.draw(st.integers(0, len(tokens)), label="at"), data.draw(HOSTILE_TEXT, label="junk"))
    assume(not any(t in ("--db", "--lang") for t in tokens))
    argv = [*path, *tokens, "--db", str(station_file)]
    if data.draw(st.booleans(), label="hindi"):
        argv += ["--lang", "hi"]
    before = _dump(station_file)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own refusals and --help
            code = exc.code if isinstance(exc.code, int) else 2
    event(f"exit {code}")
    assert code in (0, 1, 2), (argv, code, err.getvalue())
    if code == 2:
        assert err.getvalue().strip(), f"{argv}: refused without a message"
    if code != 0:
        assert _dump(station_file) == before, f"{argv}: refused but wrote to the database"
