"""How the window names a person: "राम सिंह (उपनिरीक्षक)" / "Ram Singh (Sub-Inspector)" — the rank written out in
the window's language (``core.officers``; a rank it does not know is shown as typed), so a Hindi window shows
no English ranks."""

from __future__ import annotations

from app.i18n import _, current_language
from app.services.core import officers


def rank_label(rank: str | None) -> str:
    return officers.rank_text(rank, current_language(), full=True)


def person_label(name: str, rank: str | None) -> str:
    shown = rank_label(rank)
    return _("{name} ({rank})").format(name=name, rank=shown) if shown else name
