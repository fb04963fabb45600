"""The commands' JSON (``print_json``): the list of records written field by field is byte for byte what
``json.dumps(value, ensure_ascii=False, indent=2, default=str)`` writes, for any value."""

from __future__ import annotations

import datetime as dt
import enum
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli.common import json_text


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Kind(enum.IntEnum):
    ONE = 1


class Text(str):
    pass


scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.text(max_size=30),
                    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.just(Kind.ONE),
                    st.just(Text("x")))
records = st.dictionaries(st.one_of(st.text(max_size=10), st.integers(0, 5), st.booleans()), scalars, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(records, max_size=5))
def test_a_list_of_records_is_written_as_json_dumps_writes_it(value):
    assert json_text(value) == _dumps(value)


@settings(max_examples=100, deadline=None)
@given(st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                       max_size=3), max_leaves=8))
def test_any_value_is_written_as_json_dumps_writes_it(value):
    assert json_text(value) == _dumps(value)


def test_the_plain_records_of_a_list_take_the_direct_way():
    rows = [{"id": 1, "person": "जितेन्द्र \"मौर्य\"\n\\", "overdue": True, "cas_ref": None, "x": -3},
            {"due": "2021-12-09 06:41:00", "unassigned": False}]
    assert json_text(rows) == _dumps(rows)
    assert json_text([]) == "[]" and json_text([{}]) == _dumps([{}])
    mixed = [{"a": 1}, {"b": dt.date(2026, 12, 5)}, {"c": [1, 2]}]
    assert json_text(mixed) == _dumps(mixed)
