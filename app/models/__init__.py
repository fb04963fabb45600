"""Tables. Imports nothing from services or ui, and no Qt."""

from app.models.accounts import Account
from app.models.audit import AuditEntry, Setting
from app.models.base import Base
from app.models.bundles import Bundle, BundleBase, StationIdentity
from app.models.cases import Accused, Case, Event
from app.models.imports import ImportBatch, ImportItem
from app.models.inspections import OFFICER_RANKS, Inspection, InspectionFinding, InspectionInstruction
from app.models.handholding import (
    Campaign,
    CampaignItem,
    CampaignProgress,
    Equipment,
    EquipmentFault,
    FaultEscalation,
    HandholdingAttendance,
    HandholdingStaff,
    HandholdingVisit,
    TrainingAttendee,
    TrainingSession,
    UserIdRequest,
)
from app.models.catalogue import DUTY_KINDS, RECURRENCES, ROLE_CODES, Circular, Duty, Role
from app.models.obligations import STATUSES, Obligation
from app.models.rules import Rule
from app.models.staff import Person, RoleAssignment, Station

__all__ = [
    "Account", "Accused", "AuditEntry", "Base", "Bundle", "BundleBase", "Case", "Circular", "DUTY_KINDS", "Duty", "Event",
    "ImportBatch", "ImportItem",
    "Obligation", "Person", "RECURRENCES", "ROLE_CODES", "Role", "RoleAssignment", "Rule", "STATUSES",
    "Setting", "Station", "StationIdentity",
]
