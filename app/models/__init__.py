"""Tables. Imports nothing from services or ui, and no Qt."""

from .accounts import Account
from .audit import AuditEntry, Setting
from .base import Base
from .cases import Case, Event
from .inspections import OFFICER_RANKS, Inspection, InspectionFinding, InspectionInstruction
from .handholding import (
    Campaign, CampaignItem, CampaignProgress, Equipment, EquipmentFault, FaultEscalation, HandholdingAttendance,
    HandholdingStaff, HandholdingVisit, TrainingAttendee, TrainingSession, UserIdRequest,
)
from .catalogue import DUTY_KINDS, RECURRENCES, ROLE_CODES, Circular, Duty, Role
from .obligations import OPEN_STATUSES, STATUSES, Obligation
from .rules import Rule
from .staff import Person, RoleAssignment, Station

__all__ = [
    "Account", "AuditEntry", "Base", "Case", "Circular", "DUTY_KINDS", "Duty", "Event", "OPEN_STATUSES",
    "Obligation", "Person", "RECURRENCES", "ROLE_CODES", "Role", "RoleAssignment", "Rule", "STATUSES",
    "Setting", "Station",
]
