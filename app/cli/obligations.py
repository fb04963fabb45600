"""``done``, ``na``, ``verify``, ``reopen``: an entry's status; ``reassign``: who owes it; ``catch-up``:
recurring duties; ``rules``: the due-date rules (list, change, recompute open entries) and the due-soon window."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services import obligations
from app.services.core.errors import UserError
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, open_reader, print_json, print_result, print_table


def register(sub, common) -> None:
    done = sub.add_parser("done", parents=[common], help=_("mark entries as made in CAS"))
    done.add_argument("ids", nargs="+", metavar="OBLIGATION_ID")
    done.add_argument("--cas-ref", dest="cas_ref", required=True, metavar="REF", help=_("the CAS reference"))
    done.add_argument("--by", metavar="PERSON_ID", help=_("who made the entry"))
    done.add_argument("--at", metavar="DATETIME", help=_("when (default: now)"))
    done.set_defaults(handler=run_done)

    na = sub.add_parser("na", parents=[common], help=_("mark an entry not applicable, with the reason"))
    na.add_argument("id", metavar="OBLIGATION_ID")
    na.add_argument("--reason", required=True)
    na.set_defaults(handler=run_na)

    verify = sub.add_parser("verify", parents=[common], help=_("the SHO verifies entries made in CAS (duty A-2)"))
    verify.add_argument("ids", nargs="+", metavar="OBLIGATION_ID")
    verify.add_argument("--by", metavar="PERSON_ID", help=_("the SHO (when signed in: yourself)"))
    verify.set_defaults(handler=run_verify)

    reopen = sub.add_parser("reopen", parents=[common], help=_("correct a mistaken 'done' or 'n/a': back to pending"))
    reopen.add_argument("id", metavar="OBLIGATION_ID")
    reopen.add_argument("--reason", required=True)
    reopen.set_defaults(handler=run_reopen)

    move = sub.add_parser("reassign", parents=[common],
                          help=_("give open entries to another person, or leave them unassigned"))
    move.add_argument("ids", nargs="+", metavar="OBLIGATION_ID")
    whom = move.add_mutually_exclusive_group(required=True)
    whom.add_argument("--to", metavar="PERSON_ID", help=_("the person who owes them from now on"))
    whom.add_argument("--unassigned", action="store_true", help=_("leave them with no one"))
    move.add_argument("--outside-role", dest="outside_role", action="store_true",
                      help=_("the person need not hold the entries' role (a cover); recorded in the audit"))
    move.set_defaults(handler=run_reassign)

    catch = sub.add_parser("catch-up", parents=[common], help=_("create the recurring duties up to today"))
    catch.set_defaults(handler=run_catch_up)

    rsub = command_group(sub, "rules", _("the due-date rules"))
    ls = rsub.add_parser("list", parents=[common], help=_("list the rules"))
    ls.set_defaults(handler=run_rules_list)
    st = rsub.add_parser("set", parents=[common], help=_("change a rule (applies to new entries)"))
    st.add_argument("key", metavar="KEY")
    st.add_argument("--days")
    st.add_argument("--hours")
    st.add_argument("--months")
    st.add_argument("--owner", help=_("a role code or case_io"))
    onoff = st.add_mutually_exclusive_group()
    onoff.add_argument("--enable", dest="enabled", action="store_const", const=True)
    onoff.add_argument("--disable", dest="enabled", action="store_const", const=False)
    st.set_defaults(handler=run_rules_set)
    soon = rsub.add_parser("due-soon", parents=[common],
                           help=_("how many days before its due time an entry counts as due soon"))
    soon.add_argument("days", metavar="DAYS", help=_("0 to 60; it is 2 until changed"))
    soon.set_defaults(handler=run_due_soon)
    rc = rsub.add_parser("recompute", parents=[common], help=_("bring open entries up to the changed rules"))
    rc.add_argument("--preview", action="store_true", help=_("only show what would change"))
    rc.set_defaults(handler=run_recompute)


def _ids(values) -> list[int]:
    return [parse_int(v, _("Entry id"), minimum=1) for v in values]


def _opt(value, label):
    return None if value in (None, "") else parse_int(value, label, minimum=0)


def run_done(args) -> int:
    ids = _ids(args.ids)
    by = None if args.by is None else parse_int(args.by, _("Person id"), minimum=1)
    with open_db(args) as db:
        n = obligations.mark_entered(db, ids, args.cas_ref, by_person_id=by, at=args.at, actor=cli_actor(args, db))
    return print_result(args, {"updated": n, "ids": ids},
                        ngettext("{n} entry marked as made in CAS.", "{n} entries marked as made in CAS.", n)
                        .format(n=n))


def run_na(args) -> int:
    oid = parse_int(args.id, _("Entry id"), minimum=1)
    with open_db(args) as db:
        obligations.mark_na(db, oid, args.reason, actor=cli_actor(args, db))
    return print_result(args, {"updated": 1, "id": oid}, _("Entry {id} marked not applicable.").format(id=oid))


def run_verify(args) -> int:
    ids = _ids(args.ids)
    by = None if args.by is None else parse_int(args.by, _("Person id"), minimum=1)
    with open_db(args) as db:
        actor = cli_actor(args, db)
        if by is None and actor.person_id is None:
            raise UserError(_("Say who verifies with --by PERSON_ID."))
        n = obligations.verify(db, ids, by_person_id=actor.person_id if by is None else by, actor=actor)
    return print_result(args, {"updated": n, "ids": ids},
                        ngettext("{n} entry verified.", "{n} entries verified.", n).format(n=n))


def run_reopen(args) -> int:
    oid = parse_int(args.id, _("Entry id"), minimum=1)
    with open_db(args) as db:
        obligations.reopen(db, oid, args.reason, actor=cli_actor(args, db))
    return print_result(args, {"updated": 1, "id": oid}, _("Entry {id} is pending again.").format(id=oid))


def run_reassign(args) -> int:
    ids = _ids(args.ids)
    to = None if args.unassigned else parse_int(args.to, _("Person id"), minimum=1)
    with open_db(args) as db:
        n = obligations.reassign(db, ids, to, actor=cli_actor(args, db), outside_role=args.outside_role)
    return print_result(args, {"updated": n, "ids": ids, "person_id": to},
                        ngettext("{n} entry reassigned.", "{n} entries reassigned.", n).format(n=n))


def run_catch_up(args) -> int:
    from app.services.obligations import catch_up

    with open_db(args) as db:
        result = catch_up(db, actor=cli_actor(args, db))  # the recurring entries are made by a signed-in user
    return print_result(args, {"pending": result.pending, "missed": result.missed, "by_duty": result.by_duty,
                               "problems": result.problems},
                        _("Recurring duties: {pending} new pending, {missed} missed periods recorded.").format(
                            pending=result.pending, missed=result.missed))


def run_rules_list(args) -> int:
    with open_reader(args, reads_rules=True) as db:
        found = obligations.list_rules(db)
        problems = obligations.rule_problems(db)
    if args.json:
        print_json({"rules": [r.as_dict() for r in found], "problems": problems})
        return 0

    def offset(t):
        parts = [f"{t.months}mo" if t.months else "", f"{t.days}d" if t.days else "", f"{t.hours}h" if t.hours else ""]
        return t.anchor + "+" + ("".join(parts) or "0")

    print_table([[r.key, r.trigger, r.duty_code, r.owner, " | ".join(offset(t) for t in r.terms), r.version,
                  "" if r.enabled else _("off")] for r in found],
                [_("Key"), _("Trigger"), _("Duty"), _("Owner"), _("Due"), _("Version"), _("State")])
    for p in problems:
        sys.stderr.write(_("Warning: {message}").format(message=p) + "\n")
    return 0


def run_rules_set(args) -> int:
    days, hours, months = _opt(args.days, _("Days")), _opt(args.hours, _("Hours")), _opt(args.months, _("Months"))
    if all(v is None for v in (days, hours, months, args.owner, args.enabled)):
        raise UserError(_("Say what to change: --days, --hours, --months, --owner, --enable or --disable."))
    with open_db(args) as db:
        info = obligations.update_rule(db, args.key, owner=args.owner, days=days, hours=hours, months=months,
                                        enabled=args.enabled, actor=cli_actor(args, db))
    return print_result(args, info.as_dict(),
                        _("Rule {key} is now version {version}; it applies to new entries. "
                          "Use 'rules recompute' to apply it to open ones.").format(key=info.key, version=info.version))


def run_due_soon(args) -> int:
    days = parse_int(args.days, _("Days"))
    with open_db(args) as db:
        days = obligations.set_due_soon_days(db, days, actor=cli_actor(args, db))
    return print_result(args, {"due_soon_days": days},
                        _("Entries due within {days} days now count as due soon.").format(days=days))


def run_recompute(args) -> int:
    with open_db(args) as db:
        actor = None if args.preview else cli_actor(args, db)  # who acts, before the preview seeds any rule
        items = obligations.preview_recompute(db)
        n = len(items) if args.preview else obligations.recompute(db, actor=actor)
    if args.json:
        print_json({"preview": args.preview, "count": n, "items": [
            {"id": i.obligation_id, "rule": i.rule_key, "old_due": i.old_due, "new_due": i.new_due,
             "old_person_id": i.old_person_id, "new_person_id": i.new_person_id} for i in items]})
        return 0
    print_table([[i.obligation_id, i.rule_key, f"{i.old_due:%Y-%m-%d %H:%M}", f"{i.new_due:%Y-%m-%d %H:%M}",
                  i.old_person_id or "-", i.new_person_id or "-"] for i in items],
                [_("Id"), _("Rule"), _("Due was"), _("Due now"), _("Person was"), _("Person now")])
    text = (ngettext("{n} entry would change.", "{n} entries would change.", n) if args.preview
            else ngettext("{n} entry changed.", "{n} entries changed.", n))
    sys.stdout.write(text.format(n=n) + "\n")
    return 0
