"""The screens of the main window, in navigation order. Add a page by adding its entry to ``PAGES``.

An entry is light: the page's key, its class as "module:Class" and its translated title. The navigation
is built from the entries alone; a page's module is imported and the page built only when it is first
shown (``app/ui/page_host.py``), so the window opens without importing every screen. The title here
must be the page's own ``title()`` (tests/ui/test_page_host.py checks both languages).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from app.i18n import _


@dataclass(frozen=True)
class PageEntry:
    key: str
    spec: str  # "module:Class"
    title: Callable[[], str]  # the navigation label in the current language

    def load(self) -> type:
        """Import the page's module and return its class."""
        module, _sep, name = self.spec.partition(":")
        return getattr(importlib.import_module(module), name)


PAGES: tuple[PageEntry, ...] = (
    PageEntry("dashboard", "app.ui.pages.dashboard:DashboardPage", lambda: _("Today")),
    PageEntry("pending", "app.ui.pages.pending:PendingPage", lambda: _("Pending entries")),
    PageEntry("cases", "app.ui.pages.cases:CasesPage", lambda: _("Case register")),
    PageEntry("staff", "app.ui.pages.staff:StaffPage", lambda: _("Staff and roles")),
    PageEntry("catalogue", "app.ui.pages.catalogue:CataloguePage", lambda: _("Duty allocation")),
    PageEntry("rules", "app.ui.pages.rules:RulesPage", lambda: _("Due-date rules")),
    PageEntry("inspections", "app.ui.pages.inspections:InspectionsPage", lambda: _("Inspections")),
    PageEntry("equipment", "app.ui.pages.handholding_equipment:HandholdingEquipmentPage", lambda: _("Equipment and CCTV")),
    PageEntry("support", "app.ui.pages.handholding_support:HandholdingSupportPage", lambda: _("CCTNS support")),
    PageEntry("audit", "app.ui.pages.audit:AuditPage", lambda: _("Audit trail")),
)
