"""Obligations (CAS entries owed): the engine that makes them, the due-date rules, recurring duties, queries, status changes and counts.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.obligations.appearance import apply_appearance, settle_due
    from app.services.obligations.case_class import follow_punishment_class
    from app.services.obligations.statuses import OPEN_STATUSES
    from app.services.obligations.counts import Counts, dashboard_counts, dashboard_statements, scores, weekly_history
    from app.services.obligations.custody import (
        CHUNK as CLOCKS_CHUNK,
        CUSTODY_STARTS,
        REMAND_KINDS,
        AccusedClock,
        ClockDue,
        accused_clocks,
        case_bail_days,
        clock_due,
        clocks_by_case,
        custody_end,
        earliest_clock,
    )
    from app.services.obligations.engine import (
        DutyCache,
        EngineContext,
        anchors_for,
        clock_warning,
        create_for,
        period_end_moment,
        period_of,
        period_start_from_key,
        reassign_case_io,
        redate_case,
    )
    from app.services.obligations.history import CLOSED_ENTERED, in_status_at, is_live, open_at, overdue_at, status_at
    from app.services.obligations.moments import DUE_SOON_SETTING, as_of_moment, due_soon_days, set_due_soon_days
    from app.services.obligations.moments import check_not_future, is_past
    from app.services.obligations.owners import owners_at, roles_held_on
    from app.services.obligations.queries import (
        FirstIds,
        ORDERS,
        ObligationFilter,
        ObligationRow,
        count,
        first_ids,
        get,
        ids,
        query,
        rows,
        rows_in_session,
    )
    from app.services.obligations.recurring import CatchUpResult, catch_up, catch_up_due
    from app.services.obligations.report_queries import (
        DutyFlow,
        DutyPendency,
        FormStats,
        PersonOverdue,
        PersonPending,
        RoleHolders,
        duty_pendency,
        overdue_by_person,
        pendency,
        pending_for_person,
        role_form_stats,
        role_holders,
        snapshot,
    )
    from app.services.obligations.rule_recompute import preview_recompute, recompute, redate_after_upgrade, redate_due
    from app.services.obligations.rules import (
        RuleInfo,
        list_rules,
        load_default_rules,
        load_rules,
        parse_rule,
        pick_due,
        pick_term,
        rule_problems,
        rules_stored,
        update_rule,
    )
    from app.services.obligations.status import (
        STATUS_LABELS,
        enter_each,
        entry_moment,
        mark_entered,
        mark_na,
        reassign,
        reopen,
        verify,
    )
    from app.services.obligations.status import entry_name

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "appearance": ("apply_appearance", "settle_due"),
    "case_class": ("follow_punishment_class",),
    "counts": ("Counts", "dashboard_counts", "dashboard_statements", "scores", "weekly_history"),
    "custody": (
        "accused_clocks", "AccusedClock", "case_bail_days", "CHUNK as CLOCKS_CHUNK", "clock_due", "ClockDue",
        "clocks_by_case", "custody_end", "CUSTODY_STARTS", "earliest_clock", "REMAND_KINDS",
    ),
    "engine": (
        "anchors_for", "clock_warning", "create_for", "DutyCache", "EngineContext",
        "period_end_moment", "period_of", "period_start_from_key", "reassign_case_io", "redate_case",
    ),
    "statuses": ("OPEN_STATUSES",),
    "history": ("CLOSED_ENTERED", "in_status_at", "is_live", "open_at", "overdue_at", "status_at"),
    "moments": (
        "as_of_moment", "check_not_future", "due_soon_days", "DUE_SOON_SETTING", "is_past", "set_due_soon_days",
    ),
    "owners": ("owners_at", "roles_held_on"),
    "queries": (
        "count", "first_ids", "FirstIds", "get", "ids", "ObligationFilter", "ObligationRow", "ORDERS", "query",
        "rows", "rows_in_session",
    ),
    "recurring": ("catch_up", "catch_up_due", "CatchUpResult"),
    "report_queries": (
        "duty_pendency", "DutyFlow", "DutyPendency", "FormStats", "overdue_by_person", "pendency",
        "pending_for_person", "PersonOverdue", "PersonPending", "role_form_stats", "role_holders", "RoleHolders",
        "snapshot",
    ),
    "rule_recompute": ("preview_recompute", "recompute", "redate_after_upgrade", "redate_due"),
    "rules": (
        "list_rules", "load_default_rules", "load_rules", "parse_rule", "pick_due", "pick_term", "rule_problems",
        "RuleInfo", "rules_stored",
        "update_rule",
    ),
    "status": (
        "enter_each", "entry_moment", "entry_name", "mark_entered", "mark_na", "reassign", "reopen", "STATUS_LABELS",
        "verify",
    ),
})
