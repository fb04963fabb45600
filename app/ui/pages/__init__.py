"""The screens of the main window, in navigation order. Add a page by naming its class here."""

from __future__ import annotations

import importlib

# "module:Class" entries, in the order the navigation shows them.
PAGE_CLASSES = (
    "app.ui.pages.dashboard:DashboardPage",
    "app.ui.pages.pending:PendingPage",
    "app.ui.pages.cases:CasesPage",
    "app.ui.pages.staff:StaffPage",
    "app.ui.pages.catalogue:CataloguePage",
    "app.ui.pages.rules:RulesPage",
    "app.ui.pages.inspections:InspectionsPage",
    "app.ui.pages.equipment:EquipmentPage",
    "app.ui.pages.support:SupportPage",
    "app.ui.pages.audit:AuditPage",
)


def load_page_classes() -> list[type]:
    classes = []
    for spec in PAGE_CLASSES:
        module, _sep, name = spec.partition(":")
        classes.append(getattr(importlib.import_module(module), name))
    return classes
