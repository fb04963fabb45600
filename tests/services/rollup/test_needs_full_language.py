"""Finding 9 of the attack review: the reason a full bundle is asked is stored language-neutral and shown in the
reader's language (``rollup ack``'s refusal, ``rollup stations``), whoever ran the import."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text, update

from app.i18n import language_scope
from app.services import obligations, rollup, rollup_views
from app.services.core.errors import UserError
from app.services.rollup import schema
from tests.services.report_seed import seed_station
from tests.services.rollup.conftest import enrol_file
from tests.services.rollup.test_import import edit_manifest, export, resign

COMMAND = "python -m app bundle export --full"
LATIN = re.compile(r"[A-Za-z]{2,}")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture
def asked_full(store, db, tmp_path, request):
    """A rollup that asks the station for a full bundle, the import run in ``request.param``."""
    seed_station(db, obligations=30)
    rollup.enrol_station(store, enrol_file(db, tmp_path / "enrol.json"))
    rollup.import_paths(store, [export(db, tmp_path, full=True)])
    with db.session() as s:
        first = s.execute(text("select id from obligations where status = 'pending' order by id")).scalars().first()
    obligations.mark_entered(db, [first], "CAS-1")
    delta = export(db, tmp_path, folder="d2")
    bad = resign(db, delta, tmp_path / "bad.anb", edit_manifest(lambda m: m.update(prev_bundle_sha256="0" * 64)))
    with language_scope(request.param):
        report = rollup.import_paths(store, [bad])
    assert report.rejected and not report.imported
    return store


def _shown(store) -> list[str]:
    state = rollup.list_stations(store)[0]
    assert state.needs_full
    _scope, rows = rollup_views.ranked_stations(store)
    with pytest.raises(UserError) as refused:
        rollup.make_rollup_ack(store, state.code)
    return [state.needs_full_reason, state.as_json()["needs_full_reason"], rows[0].needs_full_reason,
            refused.value.message]


@pytest.mark.parametrize("asked_full", ["en"], indirect=True)
def test_imported_in_english_read_in_hindi(asked_full):
    with language_scope("hi"):
        shown = _shown(asked_full)
    for text_ in shown:
        assert DEVANAGARI.search(text_), text_
        assert not LATIN.search(text_.replace(COMMAND, "").replace("LKO-01", "")), text_
        assert ".।" not in text_ and text_.count(COMMAND) <= 1
    with language_scope("en"):
        assert "does not follow bundle 1" in _shown(asked_full)[0]


@pytest.mark.parametrize("asked_full", ["hi"], indirect=True)
def test_imported_in_hindi_read_in_english(asked_full):
    with language_scope("en"):
        shown = _shown(asked_full)
    for text_ in shown:
        assert not DEVANAGARI.search(text_), text_
        assert "went back" in text_ and text_.count(COMMAND) <= 1, text_


@pytest.mark.parametrize("asked_full", ["en"], indirect=True)
def test_a_reason_stored_as_text_before_is_shown_as_it_is(asked_full):
    st = schema.stations
    with asked_full.begin() as conn:
        conn.execute(update(st).values(needs_full_reason="after bundle 4 the office's copy differs"))
    with language_scope("hi"):
        assert rollup.list_stations(asked_full)[0].needs_full_reason == "after bundle 4 the office's copy differs"
