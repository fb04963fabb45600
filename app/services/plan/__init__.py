"""Today's plan: for one person, the entries to make first (statutory clocks, then the oldest overdue) and what
making them does to the station's figures.

This module is the package's one public import path."""


from app.services.plan.today import (
    CLOCK_WITHIN_DAYS,
    DEFAULT_SIZE,
    WINDOW_DAYS,
    CountChange,
    PlanItem,
    ShareChange,
    TodayPlan,
    reason_text,
    summary_lines,
    today_plan,
)

__all__ = [
    "CLOCK_WITHIN_DAYS",
    "CountChange",
    "DEFAULT_SIZE",
    "PlanItem",
    "ShareChange",
    "TodayPlan",
    "WINDOW_DAYS",
    "reason_text",
    "summary_lines",
    "today_plan",
]
