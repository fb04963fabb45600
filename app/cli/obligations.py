"""``done``, ``na``, ``verify``, ``reopen``: an entry's status; ``catch-up``: recurring duties;
``rules``: the due-date rules (list, change, recompute open entries)."""

from __future__ import annotations

import sys

from ..i18n import _, ngettext
from ..services import obligations as ob
from ..services import rules as rule_service
from ..services.errors import UserError
from ..services.validate import parse_int
from .common import cli_actor, open_db, print_json, print_table


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
    verify.add_argument("--by", required=True, metavar="PERSON_ID", help=_("the SHO"))
    verify.set_defaults(handler=run_verify)

    reopen = sub.add_parser("reopen", parents=[common], help=_("correct a mistaken 'done' or 'n/a': back to pending"))
    reopen.add_argument("id", metavar="OBLIGATION_ID")
    reopen.add_argument("--reason", required=True)
    reopen.set_defaults(handler=run_reopen)

    catch = sub.add_parser("catch-up", parents=[common], help=_("create the recurring duties up to today"))
    catch.set_defaults(handler=run_catch_up)

    rules = sub.add_parser("rules", help=_("the due-date rules"))
    rsub = rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=type(rules))
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
    rc = rsub.add_parser("recompute", parents=[common], help=_("bring open entries up to the changed rules"))
    rc.add_argument("--preview", action="store_true", help=_("only show what would change"))
    rc.set_defaults(handler=run_recompute)
    rules.set_defaults(handler=lambda args: (rules.print_help(sys.stderr), 2)[1])


def _ids(values) -> list[int]:
    return [parse_int(v, _("Entry id"), minimum=1) for v in values]


def _opt(value, label):
    return None if value in (None, "") else parse_int(value, label, minimum=0)


def run_done(args) -> int:
    ids = _ids(args.ids)
    by = None if args.by is None else parse_int(args.by, _("Person id"), minimum=1)
    with open_db(args) as db:
        n = ob.mark_entered(db, ids, args.cas_ref, by_person_id=by, at=args.at, actor=cli_actor(args, db))
    if args.json:
        print_json({"updated": n, "ids": ids})
    else:
        sys.stdout.write(ngettext("{n} entry marked as made in CAS.", "{n} entries marked as made in CAS.", n)
                         .format(n=n) + "\n")
    return 0


def run_na(args) -> int:
    oid = parse_int(args.id, _("Entry id"), minimum=1)
    with open_db(args) as db:
        ob.mark_na(db, oid, args.reason, actor=cli_actor(args, db))
    if args.json:
        print_json({"updated": 1, "id": oid})
    else:
        sys.stdout.write(_("Entry {id} marked not applicable.").format(id=oid) + "\n")
    return 0


def run_verify(args) -> int:
    ids = _ids(args.ids)
    by = parse_int(args.by, _("Person id"), minimum=1)
    with open_db(args) as db:
        n = ob.verify(db, ids, by_person_id=by, actor=cli_actor(args, db))
    if args.json:
        print_json({"updated": n, "ids": ids})
    else:
        sys.stdout.write(ngettext("{n} entry verified.", "{n} entries verified.", n).format(n=n) + "\n")
    return 0


def run_reopen(args) -> int:
    oid = parse_int(args.id, _("Entry id"), minimum=1)
    with open_db(args) as db:
        ob.reopen(db, oid, args.reason, actor=cli_actor(args, db))
    if args.json:
        print_json({"updated": 1, "id": oid})
    else:
        sys.stdout.write(_("Entry {id} is pending again.").format(id=oid) + "\n")
    return 0


def run_catch_up(args) -> int:
    from ..services.recurring import catch_up

    with open_db(args) as db:
        result = catch_up(db)
    if args.json:
        print_json({"pending": result.pending, "missed": result.missed, "by_duty": result.by_duty,
                    "problems": result.problems})
    else:
        sys.stdout.write(_("Recurring duties: {pending} new pending, {missed} missed periods recorded.").format(
            pending=result.pending, missed=result.missed) + "\n")
    return 0


def run_rules_list(args) -> int:
    with open_db(args) as db:
        found = rule_service.list_rules(db)
        problems = rule_service.rule_problems(db)
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
        info = rule_service.update_rule(db, args.key, owner=args.owner, days=days, hours=hours, months=months,
                                        enabled=args.enabled, actor=cli_actor(args, db))
    if args.json:
        print_json(info.as_dict())
    else:
        sys.stdout.write(_("Rule {key} is now version {version}; it applies to new entries. "
                           "Use 'rules recompute' to apply it to open ones.").format(key=info.key, version=info.version)
                         + "\n")
    return 0


def run_recompute(args) -> int:
    with open_db(args) as db:
        actor = None if args.preview else cli_actor(args, db)  # who acts, before the preview seeds any rule
        items = rule_service.preview_recompute(db)
        n = len(items) if args.preview else rule_service.recompute(db, actor=actor)
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
