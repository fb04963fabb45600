"""The PostgreSQL import's COPY lines, made fast, say exactly what the plain way says: each time as
``fromisoformat(value).isoformat()`` (or refused), each text escaped for COPY's text format."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.rollup import applying

TIMES = ["2024-03-05T10:11:12", "2024-03-05T10:11:12.000000", "2024-03-05T10:11:12.123456", "2024-03-05",
         "2024-03-05 10:11:12", "2024-03-05T10:11", "2024-03-05T10:11:12+05:30", "2024-03-05T10:11+05",
         "20240305T101112", "2024-W10-2T10:11:12", "2024-W10-2T10:11:1", "2024-03-05T10:11:12Z",
         "2024-03-05t10:11:12", "2024-03-05T10:11:1२", "२०२४-03-05T10:11:12", "2024-02-29T23:59:59"]
BAD = ["2024-13-05T10:11:12", "2023-02-29T10:11:12", "2024-03-05T24:11:12", "2024-03-05T10:61:12",
       "2024-03-05T10:11:12x", "yesterday", "", "2024-03-05T10:11:12\t"]


@pytest.mark.parametrize("value", TIMES)
def test_a_time_is_sent_as_isoformat_writes_it(value):
    try:
        expected = dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        with pytest.raises(ValueError):
            applying.time_text(value)
        return
    assert applying.time_text(value) == expected


@pytest.mark.parametrize("value", BAD + [5, None, ["2024-03-05"]])
def test_a_time_that_is_not_one_is_refused(value):
    with pytest.raises((TypeError, ValueError)):
        applying.time_text(value)


def _plain_line(head, rid, h, v):
    """The line as written before it was made fast: every text through copy_text."""
    n, t = "\\N", applying.copy_text
    duty, person, case_id = v[0], v[5], v[6]
    return (f"{head}{rid}\t{n if duty is None else duty}\t{t(v[1])}\t{t(v[2])}\t{t(v[3])}\t{t(v[4])}\t"
            f"{n if person is None else person}\t{n if case_id is None else case_id}\t{v[7] or n}\t{v[8]}\t"
            f"{v[9] or n}\t{v[10] or n}\t{v[11] or n}\t{v[12] or n}\t{t(v[13])}\t{h}\n").encode("utf-8")


ODD = ["", "plain", "हिंदी", "a\tb", "a\nb", "a\rb", "a\\b", "\\N", 7]


@pytest.mark.parametrize("where", [1, 2, 3, 4, 13])
def test_an_entry_line_escapes_each_text_column_like_copy_text(where):
    base = [3, "C-4", "io", "CD", "fir", 11, None, "2024-03-05T10:11:12", "pending", None, None, None,
            "2024-03-01T00:00:00", "2024-03"]
    for odd in ODD + ([None] if where == 13 else []):
        v = list(base)
        v[where] = odd
        for period in (v[13], None, "", "x\ty"):
            if where != 13:
                v[13] = period
            line = applying._entry_line("D\tS\t", 42, "ab" * 16, tuple(v))
            assert line == _plain_line("D\tS\t", 42, "ab" * 16, tuple(v)), (where, odd, period)
            assert line.count(b"\t") == len(applying.ENTRY_COLS) - 1
