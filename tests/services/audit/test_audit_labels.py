"""Every action and entity code the services record in the audit trail has a human label, and the
labels (and the system actor) come in the user's language."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest

from app.i18n import set_language
from app.services import accounts, audit
from app.services import cases
from app.services.core import clock

APP = Path(__file__).resolve().parents[3] / "app"


def _recorded_codes() -> tuple[dict[str, str], dict[str, str]]:
    """(action → where, entity → where) for every ``record(session, actor, "action", "entity", …)`` call
    with literal codes, and every ``record_session_event`` action the accounts service accepts."""
    actions: dict[str, str] = {}
    entities: dict[str, str] = {}
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "record(" not in text:  # no call of record in the file: no syntax tree needed
            continue
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name != "record" or len(node.args) < 4:
                continue
            where = f"{path.relative_to(APP.parent)}:{node.lineno}"
            action, entity = node.args[2], node.args[3]
            if isinstance(action, ast.Constant) and isinstance(action.value, str):
                actions.setdefault(action.value, where)
            if isinstance(entity, ast.Constant) and isinstance(entity.value, str):
                entities.setdefault(entity.value, where)
    return actions, entities


def test_every_recorded_code_has_a_label():
    actions, entities = _recorded_codes()
    assert len(actions) > 40 and "case.add" in actions and "obligation.enter" in actions  # the scan works
    source = inspect.getsource(accounts.record_session_event)
    for code in ("session.sign_out", "session.lock", "session.switch"):
        assert code in source
        actions.setdefault(code, "accounts.record_session_event")
    missing = [f"action {code} ({where})" for code, where in actions.items() if code not in audit.ACTION_LABELS]
    missing += [f"entity {code} ({where})" for code, where in entities.items()
                if code not in audit.ENTITY_LABELS]
    assert not missing, "audit codes without a label in app/services/audit_labels.py:\n" + "\n".join(missing)


@pytest.fixture
def hindi():
    set_language("hi")
    yield
    set_language("en")


def test_labels_in_hindi(hindi):
    assert audit.action_label("case.add") == "मुकदमा दर्ज किया गया"
    assert audit.action_label("obligation.enter") == "CAS में दर्ज चिह्नित"
    assert audit.actor_label("system") == "प्रणाली"
    assert audit.actor_label("sign-in: ramp") == "साइन इन का प्रयास: ramp"
    assert audit.actor_label("Ram Prakash") == "Ram Prakash"  # a person's name is data
    assert audit.subject_label("case", "12") == "मुकदमा 12"
    assert audit.action_label("future.thing") == "future.thing"  # unknown: shown, not hidden
    for code in audit.ACTION_LABELS:
        label = audit.action_label(code)
        assert label != audit.ACTION_LABELS[code], f"{code}: {label!r} not translated"


def test_labels_in_english():
    set_language("en")
    assert audit.action_label("case.add") == "Case registered"
    assert audit.actor_label("system") == "System"
    assert audit.subject_label("session", None) == "Session"


def test_rows_read_from_the_trail_get_labels(station_db, hindi):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    try:
        cases.add_case(station_db, "missing", registered_at=dt.datetime(2026, 3, 10, 10, 0))
    finally:
        clock.pin(None)
    rows = audit.list_entries(station_db)
    case_row = next(r for r in rows if r.action == "case.add")
    assert audit.action_label(case_row.action) == "मुकदमा दर्ज किया गया"
    assert audit.actor_label(case_row.actor) == "प्रणाली"
