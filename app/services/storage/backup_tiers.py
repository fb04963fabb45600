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
            weekly: int, monthly: int, newest: int = ALWAYS_KEEP_NEWEST) -> set[int]:
    """The sequence numbers to keep among good copies (all others may be pruned): the ``newest`` by
    sequence, every copy of the last ``keep_all_hours``, the newest of each of ``daily`` days, ``weekly``
    weeks and ``monthly`` months, and always the newest copy of an earlier day than today (so many quick
    copies in one day never push out every older generation)."""
    items = sorted(candidates, key=lambda c: c.seq, reverse=True)
    keep: set[int] = {c.seq for c in items[:max(1, newest)]}
    earlier = [c for c in items if c.created_at.date() < now.date()]
    if earlier:
        keep.add(max(earlier, key=lambda c: (c.created_at, c.seq)).seq)
    recent_from = now - dt.timedelta(hours=keep_all_hours)
    # every copy of the last hours, and copies stamped in the "future" (a clock set back) whatever the hours
    keep.update(c.seq for c in items if c.created_at >= recent_from and (keep_all_hours > 0 or c.created_at > now))
    # the rest, by day, week and month: with no recent hours kept that is every copy up to now (a copy made in the
    # same second as ``now`` too: the clock counts whole seconds, and such a copy is the day's newest)
    older = sorted((c for c in items if (c.created_at < recent_from if keep_all_hours > 0 else c.created_at <= now)),
                   key=lambda c: c.created_at, reverse=True)
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
