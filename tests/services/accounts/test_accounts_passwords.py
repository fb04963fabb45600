"""Password rules and the argon2id parameters."""

from __future__ import annotations

import pytest

from app.services import accounts
from app.services.core.errors import UserError


def test_production_defaults_meet_the_owasp_floor():
    p = accounts.DEFAULT_PARAMS
    assert p.memory_cost_kib >= 19 * 1024 and p.time_cost >= 2 and p.parallelism == 1
    accounts.use_params(None)
    assert accounts.current_params() == accounts.DEFAULT_PARAMS
    encoded = accounts.hash_password("a long enough phrase")
    assert encoded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert accounts.verify_password(encoded, "a long enough phrase")
    assert not accounts.verify_password(encoded, "a long enough phrasE")


def test_cheap_hashes_are_flagged_for_rehash():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        cheap = accounts.hash_password("a long enough phrase")
    finally:
        accounts.use_params(None)
    assert accounts.needs_rehash(cheap)
    assert accounts.verify_password(cheap, "a long enough phrase")  # still verifies, then gets upgraded
    assert not accounts.verify_password(None, "x") and not accounts.verify_password("garbage", "x")


def test_common_list_is_real_and_used():
    common = accounts.common_passwords()
    assert len(common) > 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= common
    for pw in ("password1", "Password1", "iloveyou1", "qwertyuiop", "sunshine2024!", "12345678"):
        assert accounts.problems(pw), pw


@pytest.mark.parametrize("pw", ["monsoon kite ladder", "गंगा यमुना सरस्वती", "x7#Lq2!p", "        tabs and   spaces"])
def test_no_composition_rules(pw):
    assert accounts.problems(pw) == []
    assert accounts.check_new_password(pw, pw)


def test_length_and_other_rules():
    assert "at least 8" in accounts.problems("abc123")[0]
    assert "at least 8" in accounts.problems("नमस्ते")[0]  # 6 code points
    assert accounts.problems("aaaaaaaaaa")
    assert accounts.problems("x" * 300)
    assert accounts.problems("Anupalan2024")
    assert accounts.problems("ram.prakash9", context_words=("Ram Prakash",))
    with pytest.raises(UserError, match="not the same"):
        accounts.check_new_password("monsoon kite ladder", "monsoon kite ladders")


def test_normalisation_matches_equivalent_unicode():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        decomposed = "cafe\u0301 au lait ok"
        composed = "caf\u00e9 au lait ok"
        assert accounts.verify_password(accounts.hash_password(decomposed), composed)
    finally:
        accounts.use_params(None)


def test_strength_hint_encourages_length():
    assert "8" in accounts.strength_hint("")
    assert "more" in accounts.strength_hint("abc")
    assert "Longer" in accounts.strength_hint("abcdefghij")
    assert accounts.strength_hint("a" * 20) == "Good length."
