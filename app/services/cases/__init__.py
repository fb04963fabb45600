"""The case register: cases and their events (each creating the CAS entries it owes) and the IPC/BNS law checks.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
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

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "accused": (
        "ACCUSED_EVENTS", "CUSTODY_STATES", "AccusedInfo", "accused_label", "bail_accused", "custody_label",
        "extend_period", "get_accused", "list_accused", "name_accused", "release_accused",
    ),
    "accused_add": ("add_accused",),
    "bounds": ("NeedsConfirmation", "check_event_moment", "first_event_after_offence"),
    "clocks": (
        "CHARGESHEET_DUTY", "INVESTIGATION_ENDS", "ClockRow", "ProduceRow", "awaiting_production", "statutory_clocks",
    ),
    "corrections": (
        "CorrectionResult", "edit_case", "edit_event", "void_case", "void_case_in", "void_event", "void_event_in",
    ),
    "law": ("check_law",),
    "missing": ("event_kinds_for", "match_cases"),
    "event_order": ("court_order_problem", "event_outcome", "remand_order_problem"),
    "punishment": ("BAIL_DAYS", "Classification", "classify_punishment"),
    "register": (
        "FINAL_REPORT_OUTCOMES", "FIR_ONLY_EVENTS", "PUNISHMENT_CLASSES", "CaseFields", "add_case", "add_case_in",
        "add_event", "add_event_in", "check_case", "shared_engine", "check_event_kind", "check_kind", "get_case",
        "list_cases", "sexual_fir_note", "update_case",
    ),
})
