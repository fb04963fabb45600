"""What the window and the domain services ask a storage, for a file and for a server."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.engine import make_url

from app.services.storage import FileStorage, ServerStorage, explain_error


def test_a_file_names_itself_and_offers_the_file_actions(tmp_path):
    s = FileStorage(tmp_path / "station.sqlite3")
    assert (s.kind, s.has_file, s.title, s.location) == ("sqlite", True, "station.sqlite3",
                                                          str(tmp_path / "station.sqlite3"))
    assert s.not_applicable() is None and s.path == tmp_path / "station.sqlite3"


def test_a_server_hides_its_password_and_says_why_file_actions_are_missing():
    s = ServerStorage(make_url("postgresql+psycopg://anu:secret@db.example:5433/thana"))
    assert (s.kind, s.has_file, s.path) == ("postgresql", False, None)
    assert "secret" not in s.location and "secret" not in s.title and "thana" in s.title
    assert "pg_dump" in s.not_applicable()
    assert s.before_bulk_change("transfer") is None


@pytest.mark.parametrize("error, words", [
    (sqlite3.OperationalError("database is locked"), "busy in another window"),
    (sqlite3.OperationalError("database or disk is full"), "disk is full"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
    (Exception("could not extend file \"base/1/2\": No space left on device"), "server's disk is full"),
    (Exception("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused"), "cannot be reached"),
    (Exception("cannot execute INSERT in a read-only transaction"), "read-only"),
])
def test_storage_errors_are_said_in_the_operators_words(error, words):
    assert words in explain_error(error)


def test_other_errors_are_left_to_the_caller():
    assert explain_error(ValueError("something else")) is None
