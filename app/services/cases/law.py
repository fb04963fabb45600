"""The law a case is registered under: the act(s) and sections of an FIR, checked against the date the
old criminal laws gave way to the new ones (IPC → BNS for the offence, CrPC → BNSS for procedure, from
1 July 2024). The punishment class the sections give is in ``punishment.py``."""

from __future__ import annotations

import datetime as dt
import re

from app.i18n import _
from app.services.cases.punishment import acts_named_in_sections
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.services.core.formatting import as_typed


NEW_LAWS_FROM = dt.date(2024, 7, 1)
OLD_SUBSTANTIVE, NEW_SUBSTANTIVE = "IPC", "BNS"
OLD_PROCEDURE, NEW_PROCEDURE = "CRPC", "BNSS"
_ACT_SPLIT = re.compile(r"\s*[,;+/&]\s*")
_CANONICAL_ACTS = {"IPC": "IPC", "CRPC": "CrPC", "BNS": "BNS", "BNSS": "BNSS", "BSA": "BSA", "NDPS": "NDPS",
                   "POCSO": "POCSO"}


def _check_act_date(upper: str, offence_date: dt.date, registered: dt.date) -> None:
    """Refuse IPC/BNS for the wrong side of 1 July 2024 by the offence date, CrPC/BNSS by the FIR date."""
    if upper == OLD_SUBSTANTIVE and offence_date >= NEW_LAWS_FROM:
        raise UserError(_(
            "The offence date {date} is on or after 1 July 2024, when the BNS replaced the IPC: "
            "write the BNS sections (act BNS)."
        ).format(date=as_typed(offence_date)))
    if upper == NEW_SUBSTANTIVE and offence_date < NEW_LAWS_FROM:
        raise UserError(_(
            "The offence date {date} is before 1 July 2024: the IPC applies to it even if the FIR is "
            "later (Allahabad High Court, Deepu v. State of UP, 2024). Write the IPC sections (act IPC)."
        ).format(date=as_typed(offence_date)))
    if upper == OLD_PROCEDURE and registered >= NEW_LAWS_FROM:
        raise UserError(_("The FIR is dated {date}, on or after 1 July 2024: procedure is under the BNSS, not the CrPC.")
                        .format(date=as_typed(registered)))
    if upper == NEW_PROCEDURE and registered < NEW_LAWS_FROM:
        raise UserError(_("The FIR is dated {date}, before 1 July 2024: procedure is under the CrPC, not the BNSS.")
                        .format(date=as_typed(registered)))


def check_law(act: str, sections: str, offence_date: dt.date, registered: dt.date) -> tuple[str, str]:
    """Normalise the act(s) and check IPC/BNS against the date of offence and CrPC/BNSS against the
    FIR date (1 July 2024; Allahabad HC, Deepu v. State of UP, 2024)."""
    act = clean_text(act, _("Act"), max_len=40)
    sections = clean_text(sections, _("Sections"), max_len=200)
    if sections and not act:
        raise UserError(_("Say which act the sections {sections} are of (e.g. BNS or IPC).").format(sections=sections))
    tokens = [t for t in _ACT_SPLIT.split(act) if t]
    names = []
    for token in tokens:
        upper = token.upper().replace(".", "").replace(" ", "")
        names.append(_CANONICAL_ACTS.get(upper, token))
        _check_act_date(upper, offence_date, registered)
    for upper in acts_named_in_sections(sections):  # "302 IPC", "BNS 103(1)": the same rule as the act field
        _check_act_date(upper, offence_date, registered)
    # written back as "A, B": longer than typed when typed "A,B", so checked again (a server refuses over-long text)
    return clean_text(", ".join(names), _("Act"), max_len=40), sections
