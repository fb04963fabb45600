"""The plain values the inspection services return: a visit, its findings and instructions, and the
officers' ranks they are printed with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.i18n import N_


RANK_LABELS = {
    "co": N_("Circle Officer (CO)"),
    "asp": N_("Additional Superintendent of Police (ASP)"),
    "sp": N_("Superintendent of Police (SP/SSP)"),
    "other": N_("Other officer"),
}
RANK_SHORT = {"co": "CO", "asp": "ASP", "sp": "SP"}
RANK_SHORT_HI = {"co": "क्षेत्राधिकारी", "asp": "अपर पुलिस अधीक्षक", "sp": "पुलिस अधीक्षक"}


def rank_text(rank: str, other: str, lang: str = "en") -> str:
    """The inspecting officer's rank as printed: its short form in ``lang``, or the rank written out for
    "other"."""
    return other if rank == "other" else (RANK_SHORT_HI if lang == "hi" else RANK_SHORT)[rank]


@dataclass(frozen=True)
class InspectionInfo:
    id: int
    visit_date: dt.date
    officer_name: str
    officer_rank: str
    officer_rank_other: str
    surprise: bool
    notes: str
    snapshot_at: dt.datetime
    findings: int = 0
    instructions: int = 0
    instructions_open: int = 0
    sample_kept: bool = False  # its checklist's CAS sample is kept (printed at least once)

    def officer(self, lang: str = "en") -> str:
        """"Name, rank" as printed (rank in the given language)."""
        rank = rank_text(self.officer_rank, self.officer_rank_other, lang)
        return f"{self.officer_name}, {rank}" if rank else self.officer_name

    def as_dict(self) -> dict:
        return {"id": self.id, "visit_date": self.visit_date.isoformat(), "officer_name": self.officer_name,
                "officer_rank": self.officer_rank, "officer_rank_other": self.officer_rank_other,
                "surprise": self.surprise, "notes": self.notes, "snapshot_at": self.snapshot_at.isoformat(),
                "findings": self.findings, "instructions": self.instructions,
                "instructions_open": self.instructions_open, "sample_kept": self.sample_kept}


@dataclass(frozen=True)
class FindingInfo:
    id: int
    inspection_id: int
    role: str
    duty_code: str | None
    duty_name_hi: str | None
    duty_name_en: str | None
    satisfactory: bool
    text: str

    def as_dict(self) -> dict:
        return {"id": self.id, "inspection_id": self.inspection_id, "role": self.role,
                "duty": self.duty_code, "satisfactory": self.satisfactory, "text": self.text}


@dataclass(frozen=True)
class InstructionInfo:
    id: int
    inspection_id: int
    finding_id: int | None
    person_id: int
    person: str
    rank: str
    role: str
    duty_code: str
    duty_name_hi: str
    duty_name_en: str
    text: str
    due_at: dt.datetime
    obligation_id: int
    status: str  # the obligation's status: pending, entered, verified, na, missed
    overdue: bool  # still pending after its due time
    done_at: dt.datetime | None

    @property
    def complied(self) -> bool:
        return self.status in ("entered", "verified")

    def as_dict(self) -> dict:
        return {"id": self.id, "inspection_id": self.inspection_id, "finding_id": self.finding_id,
                "person_id": self.person_id, "person": self.person, "role": self.role,
                "duty": self.duty_code, "text": self.text, "due_at": self.due_at.isoformat(),
                "obligation_id": self.obligation_id, "status": self.status, "overdue": self.overdue,
                "done_at": self.done_at.isoformat() if self.done_at else None}


@dataclass(frozen=True)
class InspectionDetail:
    info: InspectionInfo
    snapshot: dict
    findings: list[FindingInfo] = field(default_factory=list)
    instructions: list[InstructionInfo] = field(default_factory=list)
    previous: InspectionInfo | None = None
    previous_instructions: list[InstructionInfo] = field(default_factory=list)  # current status
