"""Accounts: sign-in, lockout and password resets, the administrator's account management, password rules.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.accounts.admin import create_account, create_first_admin, set_flags, start_reset, unlock
    from app.services.accounts.countersign import confirm_person
    from app.services.accounts.passwords import (
        Argon2Params,
        DEFAULT_PARAMS,
        check_new_password,
        common_passwords,
        current_params,
        hash_password,
        needs_rehash,
        problems,
        strength_hint,
        use_params,
        verify_password,
    )
    from app.services.accounts.signin import (
        AccountInfo,
        AccountPolicy,
        DEFAULT_IDLE_LOCK_MINUTES,
        MAX_LOCK,
        PasswordSetupRequired,
        SignInFailed,
        SignedIn,
        actor_for,
        change_password,
        check_username,
        get_account,
        get_policy,
        has_accounts,
        list_accounts,
        lock_delay,
        record_session_event,
        set_first_password,
        set_idle_lock_minutes,
        sign_in,
        username_key,
    )
    from app.services.accounts.usernames import suggest_username

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "admin": ("create_account", "create_first_admin", "set_flags", "start_reset", "unlock"),
    "countersign": ("confirm_person",),
    "passwords": (
        "Argon2Params", "check_new_password", "common_passwords", "current_params", "DEFAULT_PARAMS",
        "hash_password", "needs_rehash", "problems", "strength_hint", "use_params", "verify_password",
    ),
    "signin": (
        "AccountInfo", "AccountPolicy", "actor_for", "change_password", "check_username",
        "DEFAULT_IDLE_LOCK_MINUTES", "get_account", "get_policy", "has_accounts", "list_accounts", "lock_delay",
        "MAX_LOCK", "PasswordSetupRequired", "record_session_event", "set_first_password", "set_idle_lock_minutes",
        "sign_in", "SignedIn", "SignInFailed", "username_key",
    ),
    "usernames": ("suggest_username",),
})
