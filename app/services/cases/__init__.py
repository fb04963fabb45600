"""The case register: cases and their events (each creating the CAS entries it owes) and the IPC/BNS law checks.

This module is the package's one public import path."""


from app.services.cases.accused import (
    ACCUSED_EVENTS,
    CUSTODY_STATES,
    AccusedInfo,
    accused_label,
    bail_accused,
    custody_label,
    extend_period,
    get_accused,
    list_accused,
    name_accused,
    release_accused,
)
from app.services.cases.accused_add import add_accused
from app.services.cases.bounds import NeedsConfirmation, check_event_moment, first_event_after_offence
from app.services.cases.clocks import (
    CHARGESHEET_DUTY,
    INVESTIGATION_ENDS,
    ClockRow,
    ProduceRow,
    awaiting_production,
    statutory_clocks,
)
from app.services.cases.corrections import (CorrectionResult, edit_case, edit_event, void_case, void_case_in, void_event,
                                           void_event_in)
from app.services.cases.law import check_law
from app.services.cases.missing import event_kinds_for, match_cases
from app.services.cases.event_order import court_order_problem, event_outcome, remand_order_problem
from app.services.cases.punishment import BAIL_DAYS, Classification, classify_punishment
from app.services.cases.register import (
    FINAL_REPORT_OUTCOMES,
    FIR_ONLY_EVENTS,
    PUNISHMENT_CLASSES,
    CaseFields,
    add_case,
    add_case_in,
    add_event,
    add_event_in,
    check_case,
    shared_engine,
    check_event_kind,
    check_kind,
    get_case,
    list_cases,
    sexual_fir_note,
    update_case,
)

__all__ = [
    "ACCUSED_EVENTS",
    "AccusedInfo",
    "CUSTODY_STATES",
    "ClockRow",
    "ProduceRow",
    "awaiting_production",
    "accused_label",
    "add_accused",
    "bail_accused",
    "custody_label",
    "extend_period",
    "get_accused",
    "list_accused",
    "name_accused",
    "release_accused",
    "statutory_clocks",
    "BAIL_DAYS",
    "CHARGESHEET_DUTY",
    "INVESTIGATION_ENDS",
    "court_order_problem",
    "event_outcome",
    "remand_order_problem",
    "Classification",
    "FINAL_REPORT_OUTCOMES",
    "sexual_fir_note",
    "FIR_ONLY_EVENTS",
    "NeedsConfirmation",
    "check_event_moment",
    "first_event_after_offence",
    "PUNISHMENT_CLASSES",
    "CorrectionResult",
    "CaseFields",
    "add_case",
    "add_case_in",
    "add_event",
    "add_event_in",
    "check_case",
    "shared_engine",
    "check_event_kind",
    "check_kind",
    "check_law",
    "edit_case",
    "edit_event",
    "event_kinds_for",
    "classify_punishment",
    "get_case",
    "list_cases",
    "match_cases",
    "update_case",
    "void_case",
    "void_case_in",
    "void_event",
    "void_event_in",
]
