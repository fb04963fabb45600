"""Which backups to keep: every copy from the last hours, then one per day, week and month.

Pure and clock-safe: the PC's clock may have been reset, so the newest copies by sequence are kept
whatever their timestamps say, copies stamped in the "future" are never pruned, and nothing is
pruned at all unless a kept copy remains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ALWAYS_KEEP_NEWEST = 3


@dataclass(frozen=True)
class Candidate:
    seq: int
    created_at: dt.datetime


def to_keep(candidates: Iterable[Candidate], now: dt.datetime, *, keep_all_hours: int, daily: int,
            weekly: int, monthly: int) -> set[int]:
    """The sequence numbers to keep among good copies (all others may be pruned)."""
    items = sorted(candidates, key=lambda c: c.seq, reverse=True)
    keep: set[int] = {c.seq for c in items[:ALWAYS_KEEP_NEWEST]}
    recent_from = now - dt.timedelta(hours=keep_all_hours)
    keep.update(c.seq for c in items if c.created_at >= recent_from)  # includes "future" stamps
    older = sorted((c for c in items if c.created_at < recent_from), key=lambda c: c.created_at, reverse=True)
    for count, bucket in ((daily, lambda t: t.date()),
                          (weekly, lambda t: tuple(t.isocalendar())[:2]),
                          (monthly, lambda t: (t.year, t.month))):
        seen: list = []
        for c in older:  # newest first: the first of each bucket is that bucket's newest copy
            key = bucket(c.created_at)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(c.seq)
    return keep
