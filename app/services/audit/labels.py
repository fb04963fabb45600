"""Human labels for the audit trail's codes: actions (``case.add``), entities (``case``) and the
system actor. The trail stores the codes (they are the record and never change with the language);
the screen and the exports show these labels in the user's language through ``_()``.

A new action or entity code needs a label here: ``tests/services/test_audit_labels.py`` scans the
services for every code they record. An unknown code is shown as it is rather than hidden.
"""

from __future__ import annotations

from app.i18n import N_, _
from app.services.access import SYSTEM

ACTION_LABELS = {
    "account.create": N_("Account created"),
    "account.create_first_admin": N_("First administrator account created"),
    "account.password_change": N_("Password changed"),
    "account.password_change_refused": N_("Password change refused"),
    "account.password_set": N_("Password set"),
    "account.password_upgrade": N_("Password hash renewed with stronger settings"),
    "account.password_set_refused": N_("Password setting refused (wrong one-time code)"),
    "account.reset_start": N_("Password reset started"),
    "account.unlock": N_("Account unlocked"),
    "account.update": N_("Account changed"),
    "accused.add": N_("Accused added to a case"),
    "accused.update": N_("Accused's custody or name recorded"),
    "audit.export": N_("Audit trail exported"),
    "backup.restore": N_("Restored from a backup"),
    "database.accept": N_("Database accepted as it is after it lost committed work"),
    "bundle.ack": N_("Bundle acknowledged by the supervising office"),
    "bundle.export": N_("Bundle written for the supervising office"),
    "campaign.add": N_("Campaign added"),
    "campaign.progress": N_("Campaign progress recorded"),
    "case.add": N_("Case registered"),
    "case.event": N_("Event added to a case"),
    "case.correct": N_("Case corrected (with a reason)"),
    "case.match": N_("Missing person matched with a person or body (B-12)"),
    "case.update": N_("Case particulars corrected"),
    "case.void": N_("Case voided"),
    "demo.build": N_("Demo station built"),
    "duty.label": N_("Duty name changed"),
    "event.correct": N_("Event's date corrected (with a reason)"),
    "event.void": N_("Event voided"),
    "equipment.add": N_("Equipment added"),
    "equipment.retire": N_("Equipment taken out of use"),
    "fault.escalate": N_("Fault escalated"),
    "fault.report": N_("Fault reported"),
    "fault.resolve": N_("Fault put right"),
    "hh_attendance.mark": N_("Handholding attendance marked"),
    "hh_staff.add": N_("Handholding staff member added"),
    "hh_staff.end": N_("Handholding staff member's posting ended"),
    "hh_visit.add": N_("Handholding staff visit recorded"),
    "inspection.add": N_("Inspection recorded"),
    "inspection.cas_sample": N_("Checklist's sample for verification in CAS kept with the visit"),
    "inspection.finding": N_("Inspection finding recorded"),
    "inspection.instruction": N_("Inspection instruction recorded"),
    "inspection.update": N_("Inspection changed"),
    "obligation.add": N_("Entry added"),
    "obligation.enter": N_("Marked entered in CAS"),
    "import.batch": N_("Spreadsheet imported"),
    "import.void": N_("Spreadsheet import voided"),
    "obligation.reconcile": N_("Marked entered in CAS from a CAS list (reconciliation)"),
    "obligation.na": N_("Marked not applicable"),
    "obligation.reassign": N_("Entry reassigned"),
    "obligation.reopen": N_("Entry reopened"),
    "obligation.verify": N_("Entry verified"),
    "person.add": N_("Person added"),
    "person.update": N_("Person's details changed"),
    "recurring.catch_up": N_("Missed recurring entries made"),
    "role.assign": N_("Role assigned"),
    "role.end": N_("Role assignment ended"),
    "rule.recompute": N_("Due dates worked out again"),
    "rule.update": N_("Due-date rule changed"),
    "session.lock": N_("Locked"),
    "session.sign_out": N_("Signed out"),
    "session.switch": N_("User switched"),
    "setting.update": N_("Setting changed"),
    "signin.fail": N_("Sign-in failed"),
    "signin.confirm": N_("Confirmed with his own password at another's window"),
    "signin.ok": N_("Signed in"),
    "signin.refused": N_("Sign-in refused"),
    "signin.setup": N_("Sign-in: password to be set"),
    "staff.end_role_handover": N_("Entries of an ended role handed over"),
    "staff.take_backlog": N_("A role's unassigned entries handed to its holder"),
    "staff.transfer": N_("Pending work handed over"),
    "station.init": N_("Station set up"),
    "training.add": N_("Training recorded"),
    "user_id.cancel": N_("CCTNS user id request cancelled"),
    "user_id.created": N_("CCTNS user id created"),
    "user_id.request": N_("CCTNS user id requested"),
}

ENTITY_LABELS = {
    "account": N_("Account"),
    "accused": N_("Accused"),
    "audit": N_("Audit trail"),
    "bundle": N_("Bundle"),
    "campaign": N_("Campaign"),
    "case": N_("Case"),
    "cctns_id_request": N_("CCTNS user id request"),
    "database": N_("Database"),
    "duty": N_("Duty"),
    "equipment": N_("Equipment"),
    "equipment_fault": N_("Fault"),
    "event": N_("Event"),
    "hh_attendance": N_("Attendance"),
    "hh_staff": N_("Handholding staff"),
    "hh_visit": N_("Handholding staff visit"),
    "import_batch": N_("Import batch"),
    "inspection": N_("Inspection"),
    "inspection_finding": N_("Finding"),
    "inspection_instruction": N_("Instruction"),
    "obligation": N_("Entry"),
    "person": N_("Person"),
    "role_assignment": N_("Role assignment"),
    "rule": N_("Rule"),
    "session": N_("Session"),
    "setting": N_("Setting"),
    "station": N_("Station"),
    "training": N_("Training"),
}

SIGN_IN_PREFIX = "sign-in: "  # app/services/accounts._claimant: someone typing a user name at the sign-in box


def action_label(code: str) -> str:
    """``case.add`` → "Case registered" in the current language; an unknown code as it is."""
    label = ACTION_LABELS.get(code)
    return _(ACTION_LABELS[code]) if label is not None else code


def entity_label(code: str) -> str:
    label = ENTITY_LABELS.get(code)
    return _(ENTITY_LABELS[code]) if label is not None else code


def subject_label(entity: str, entity_id: str | None) -> str:
    """What a row is about: "Case 12", or only "Session" when there is no id."""
    if not entity_id:
        return entity_label(entity)
    return _("{what} {id}").format(what=entity_label(entity), id=entity_id)


def actor_label(label: str) -> str:
    """The stored actor label as shown: "system" and "sign-in: NAME" in the current language; a
    person's name as it is."""
    if label == SYSTEM.label:
        return _("System")
    if label.startswith(SIGN_IN_PREFIX):
        return _("Sign-in attempt: {name}").format(name=label[len(SIGN_IN_PREFIX):])
    return label
