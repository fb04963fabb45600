"""``accounts``: the first administrator, accounts for staff, resets, unlocking, own password."""

from __future__ import annotations

import sys

from app.i18n import _
from app.services import accounts
from app.services.core.errors import UserError
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor, env_text, read_password, requested_user
from app.cli.common import command_group, open_db, open_reader, print_json, print_result, print_table

NEW_PASSWORD_ENV = "ANUPALAN_NEW_PASSWORD"
CODE_ENV = "ANUPALAN_ONE_TIME_CODE"


def register(sub, common) -> None:
    asub = command_group(sub, "accounts", _("sign-in accounts of the station's people"))

    ls = asub.add_parser("list", parents=[common], help=_("list the accounts"))
    ls.set_defaults(handler=run_list)

    first = asub.add_parser("first-admin", parents=[common],
                            help=_("create the first administrator account (only while there is none)"))
    first.add_argument("--username", required=True)
    first.add_argument("--person-id", dest="person_id", help=_("a person already on the staff list"))
    first.add_argument("--name", help=_("your name, to add you to the staff list"))
    first.add_argument("--rank")
    first.add_argument("--pno", help=_("personal number (PNO)"))
    first.add_argument("--no-operator-role", dest="operator_role", action="store_false",
                       help=_("do not give the computer operator role from today"))
    first.set_defaults(handler=run_first_admin)

    add = asub.add_parser("add", parents=[common], help=_("give a person an account; they set the password"))
    add.add_argument("person_id", metavar="PERSON_ID")
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--admin", action="store_true", help=_("may manage accounts and the station's setup"))
    add.add_argument("--inspector", action="store_true", help=_("an inspecting officer: reads and records findings"))
    add.set_defaults(handler=run_add)

    for name, help_text, handler in (
        ("reset", _("start a password reset: the person sets a new password at next sign-in"), run_reset),
        ("unlock", _("lift a lock after too many wrong passwords"), run_unlock),
    ):
        c = asub.add_parser(name, parents=[common], help=help_text)
        c.add_argument("account", metavar="ACCOUNT", help=_("user name or account id"))
        c.set_defaults(handler=handler)

    st = asub.add_parser("set", parents=[common], help=_("change an account's flags or switch it off"))
    st.add_argument("account", metavar="ACCOUNT", help=_("user name or account id"))
    for flag in ("admin", "inspector", "active"):
        st.add_argument(f"--{flag}", choices=("yes", "no"))
    st.set_defaults(handler=run_set)

    sp = asub.add_parser("set-password", parents=[common],
                         help=_("set your password on a new or reset account with the administrator's one-time "
                                "code (the password asked twice, or ANUPALAN_NEW_PASSWORD)"))
    sp.add_argument("--code", metavar="CODE",
                    help=_("the one-time code from the administrator (asked when not given; or {env})")
                    .format(env=CODE_ENV))
    sp.set_defaults(handler=run_set_password)

    pw = asub.add_parser("passwd", parents=[common], help=_("change your own password"))
    pw.set_defaults(handler=run_passwd)

    idle = asub.add_parser("idle-lock", parents=[common], help=_("lock the window after this many idle minutes"))
    idle.add_argument("minutes", metavar="MINUTES")
    idle.set_defaults(handler=run_idle_lock)


def _new_password() -> tuple[str, str]:
    value = env_text(NEW_PASSWORD_ENV)
    if value is not None:
        return value, value
    first = read_password(_("New password: "), NEW_PASSWORD_ENV)
    return first, read_password(_("The new password again: "), NEW_PASSWORD_ENV)


def _resolve(db, ref: str) -> accounts.AccountInfo:
    ref = (ref or "").strip()
    found = [a for a in accounts.list_accounts(db)
             if (ref.isdigit() and a.id == int(ref)) or a.username == accounts.username_key(ref)]
    if not found:
        raise UserError(_("There is no account '{ref}'.").format(ref=ref))
    return found[0]


def _print_account(args, a: accounts.AccountInfo, message: str) -> None:
    if args.json:
        print_json(a.as_dict())
    else:
        sys.stdout.write(message + "\n")


def run_list(args) -> int:
    with open_reader(args) as db:
        rows = accounts.list_accounts(db)
    if args.json:
        print_json([a.as_dict() for a in rows])
        return 0
    def state(a):
        if not a.active:
            return _("switched off")
        if a.password_pending:
            return _("password to be set")
        if a.locked_until is not None:
            return _("locked until {time} UTC").format(time=a.locked_until)
        return _("active")
    print_table([[a.id, a.username, a.display, ", ".join(f for f, on in ((_("admin"), a.admin),
                                                                        (_("inspector"), a.inspector)) if on),
                  state(a)] for a in rows],
                [_("Id"), _("User name"), _("Person"), _("Flags"), _("State")])
    return 0


def run_first_admin(args) -> int:
    person_id = parse_int(args.person_id, _("Person id"), minimum=1) if args.person_id else None
    with open_db(args) as db:
        if accounts.has_accounts(db):
            raise UserError(_("An administrator account already exists. Sign in, or ask the administrator."))
        pw, confirm = _new_password()
        signed = accounts.create_first_admin(db, username=args.username, password=pw, confirm=confirm,
                                             person_id=person_id, name=args.name, rank=args.rank, pno=args.pno,
                                             hold_operator_role=args.operator_role)
    _print_account(args, signed.account, _("Administrator account {username} created for {person}.").format(
        username=signed.account.username, person=signed.account.display))
    return 0


def run_add(args) -> int:
    person_id = parse_int(args.person_id, _("Person id"), minimum=1)
    with open_db(args) as db:
        actor = cli_actor(args, db)
        a = accounts.create_account(db, person_id, args.username, admin=args.admin, inspector=args.inspector,
                                    actor=actor)
    _print_account(args, a, _("Account {username} created for {person}. They set their password at their first "
                              "sign-in.").format(username=a.username, person=a.display) + "\n" + _code_text(a))
    return 0


def _code_text(a: accounts.AccountInfo) -> str:
    return _("One-time code (shown only now; valid until {until} UTC, once): {code}\n"
             "Give it to {person} yourself. With it they set their password: in the window, or with "
             "accounts set-password --user {username}.").format(
        code=a.setup_code, until=a.setup_code_expires_at.strftime("%Y-%m-%d %H:%M") if a.setup_code_expires_at else "?",
        person=a.display, username=a.username)


def run_reset(args) -> int:
    with open_db(args) as db:
        actor = cli_actor(args, db)
        a = accounts.start_reset(db, _resolve(db, args.account).id, actor=actor)
    _print_account(args, a, _("Password reset started for {username}: the old password no longer works; "
                              "{person} sets a new one at the next sign-in.").format(username=a.username,
                                                                                    person=a.display)
                   + "\n" + _code_text(a))
    return 0


def run_unlock(args) -> int:
    with open_db(args) as db:
        actor = cli_actor(args, db)
        a = accounts.unlock(db, _resolve(db, args.account).id, actor=actor)
    _print_account(args, a, _("{username} is unlocked.").format(username=a.username))
    return 0


def run_set(args) -> int:
    flags = {k: (getattr(args, k) == "yes") for k in ("admin", "inspector", "active") if getattr(args, k)}
    if not flags:
        raise UserError(_("Say what to change: --admin, --inspector or --active, each yes or no."))
    with open_db(args) as db:
        actor = cli_actor(args, db)
        a = accounts.set_flags(db, _resolve(db, args.account).id, actor=actor, **flags)
    _print_account(args, a, _("{username} updated.").format(username=a.username))
    return 0


def run_set_password(args) -> int:
    user = requested_user(args)
    if user is None:
        raise UserError(_("Say whose password with --user NAME."))
    with open_db(args) as db:
        code = args.code if args.code is not None else read_password(_("One-time code: "), CODE_ENV)
        pw, confirm = _new_password()
        signed = accounts.set_first_password(db, user, pw, confirm, code=code)
    _print_account(args, signed.account, _("Password set for {username}.").format(username=signed.account.username))
    return 0


def run_passwd(args) -> int:
    with open_db(args) as db:
        actor = cli_actor(args, db)
        if actor.person_id is None:
            raise UserError(_("Say whose password with --user NAME."))
        own = [a for a in accounts.list_accounts(db) if a.person_id == actor.person_id][0]
        pw, confirm = _new_password()
        a = accounts.change_password(db, own.id, _current_password(), pw, confirm, actor=actor)
    _print_account(args, a, _("Password changed for {username}.").format(username=a.username))
    return 0


def _current_password() -> str:
    # cli_actor has just checked it (from ANUPALAN_PASSWORD or a prompt); ask again only at a terminal.
    value = env_text("ANUPALAN_PASSWORD")
    return value if value is not None else read_password(_("Current password, once more: "))


def run_idle_lock(args) -> int:
    with open_db(args) as db:
        actor = cli_actor(args, db)
        policy = accounts.set_idle_lock_minutes(db, args.minutes, actor=actor)
    return print_result(args, {"idle_lock_minutes": policy.idle_lock_minutes},
                        _("The window locks after {n} idle minutes.").format(n=policy.idle_lock_minutes))
