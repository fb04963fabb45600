"""Page-break rules every document follows: a heading is never left alone at a page foot.

``build_pdf`` passes its story through ``keep_headings``: each paragraph in the "title" or "heading"
style (or any flowable marked with ``keep_with_next``), and each short paragraph right before a table (a
caption: "Held by: …", a person's name over his list), with the headings, short paragraphs and spacers
right after it, is bound to the flowable that follows. The group moves to the next page unless the heading and the *start*
of what follows fit where it is: a table's header rows and first ``START_ROWS`` body rows (the rest may
split as usual), or the whole of anything else up to half a page (a longer block: its first inch).
"""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import FrameBreak

HEADING_STYLES = ("title", "heading")
START_ROWS = 2  # body rows of a table that must follow its heading onto the same page


def keep_with_next(flowable: Flowable) -> Flowable:
    """Mark ``flowable`` to be kept with the one after it (``build_pdf`` does the rest); returns it."""
    flowable.keep_with_next = True
    return flowable


def is_heading(flowable: Flowable) -> bool:
    if getattr(flowable, "keep_with_next", False):
        return True
    if isinstance(flowable, Paragraph):
        return flowable.style.name.split(":")[0] in HEADING_STYLES
    return False


SHORT_TEXT = 400  # characters: a paragraph this short before a table is its caption or introduction


def _is_short_paragraph(f: Flowable) -> bool:
    return isinstance(f, Paragraph) and len(getattr(f, "text", "")) <= SHORT_TEXT


def _next_solid(story: list[Flowable], j: int) -> Flowable | None:
    while j < len(story) and isinstance(story[j], Spacer):
        j += 1
    return story[j] if j < len(story) else None


def _is_break(f: Flowable) -> bool:
    return type(f).__name__ in ("PageBreak", "FrameBreak", "CondPageBreak", "SlowPageBreak", "PageBreakIfNotEmpty")


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """``story`` with each heading, and each short paragraph right before a table (its caption), bound
    with the headings, short paragraphs and spacers after it to the flowable that follows them."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        f = story[i]
        if not (is_heading(f) or (_is_short_paragraph(f) and isinstance(_next_solid(story, i + 1), Table))):
            out.append(f)
            i += 1
            continue
        lead = [f]
        j = i + 1
        while j < len(story) and (is_heading(story[j]) or isinstance(story[j], Spacer)
                                  or _is_short_paragraph(story[j])):
            lead.append(story[j])
            j += 1
        if j >= len(story) or _is_break(story[j]):
            out.extend(lead)  # nothing to keep with (end of the story, or a break follows)
            i = j
            continue
        out.append(HeadingWithNext(lead, story[j]))
        i = j + 1
    return out


def _height(f: Flowable, aw: float, ah: float, canv) -> float:
    _, h = f.wrapOn(canv, aw, ah)
    if isinstance(f, KeepTogether):
        return f._H
    return h + f.getSpaceBefore() + f.getSpaceAfter()


def start_height(f: Flowable, aw: float, frame_h: float, canv) -> float:
    """The height of what must follow a heading onto its page: a table's header and first rows, a block
    up to half a page whole, the first inch of a longer one."""
    if isinstance(f, Table):
        f.wrapOn(canv, aw, frame_h)
        rows = f._rowHeights[: (f.repeatRows if isinstance(f.repeatRows, int) else len(f.repeatRows))
                             + START_ROWS]
        return sum(rows) + f.getSpaceBefore()
    if isinstance(f, HeadingWithNext):
        return f.needed(aw, frame_h, canv)
    h = _height(f, aw, frame_h, canv)
    return h if h <= frame_h / 2 else inch


class HeadingWithNext(Flowable):
    """Headings (``lead``) kept with the start of the flowable after them (see the module's docstring)."""

    def __init__(self, lead: list[Flowable], following: Flowable) -> None:
        super().__init__()
        self.lead = lead
        self.following = following

    def __repr__(self) -> str:
        return f"HeadingWithNext({self.lead!r}, {self.following!r})"

    def needed(self, aw: float, frame_h: float, canv) -> float:
        return (sum(_height(f, aw, frame_h, canv) for f in self.lead)
                + start_height(self.following, aw, frame_h, canv))

    def wrap(self, aw: float, ah: float):
        return aw, 0xFFFFFF  # always split: the frame then places the parts one by one

    def split(self, aw: float, ah: float):
        frame = getattr(self, "_frame", None)
        frame_h = frame._height if frame is not None else ah
        parts = [*self.lead, self.following]
        at_top = frame is None or getattr(frame, "_atTop", 0)
        if not at_top and self.needed(aw, frame_h, self.canv) > ah:
            return [FrameBreak(), *parts]
        return parts


def heading(text: str, style_name: str = "heading") -> Paragraph:
    """A paragraph (``para``) kept with what follows it, in any style."""
    from app.services.pdf.text import para

    return keep_with_next(para(text, style_name))
