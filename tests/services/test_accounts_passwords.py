"""Password rules and the argon2id parameters."""

from __future__ import annotations

import pytest

from app.services import passwords
from app.services.errors import UserError


def test_production_defaults_meet_the_owasp_floor():
    p = passwords.DEFAULT_PARAMS
    assert p.memory_cost_kib >= 19 * 1024 and p.time_cost >= 2 and p.parallelism == 1
    passwords.use_params(None)
    assert passwords.current_params() == passwords.DEFAULT_PARAMS
    encoded = passwords.hash_password("a long enough phrase")
    assert encoded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(encoded, "a long enough phrase")
    assert not passwords.verify_password(encoded, "a long enough phrasE")


def test_cheap_hashes_are_flagged_for_rehash():
    passwords.use_params(passwords.Argon2Params(1, 8, 1))
    try:
        cheap = passwords.hash_password("a long enough phrase")
    finally:
        passwords.use_params(None)
    assert passwords.needs_rehash(cheap)
    assert passwords.verify_password(cheap, "a long enough phrase")  # still verifies, then gets upgraded
    assert not passwords.verify_password(None, "x") and not passwords.verify_password("garbage", "x")


def test_common_list_is_real_and_used():
    common = passwords.common_passwords()
    assert len(common) > 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= common
    for pw in ("password1", "Password1", "iloveyou1", "qwertyuiop", "sunshine2024!", "12345678"):
        assert passwords.problems(pw), pw


@pytest.mark.parametrize("pw", ["monsoon kite ladder", "गंगा यमुना सरस्वती", "x7#Lq2!p", "        tabs and   spaces"])
def test_no_composition_rules(pw):
    assert passwords.problems(pw) == []
    assert passwords.check_new_password(pw, pw)


def test_length_and_other_rules():
    assert "at least 8" in passwords.problems("abc123")[0]
    assert "at least 8" in passwords.problems("नमस्ते")[0]  # 6 code points
    assert passwords.problems("aaaaaaaaaa")
    assert passwords.problems("x" * 300)
    assert passwords.problems("Anupalan2024")
    assert passwords.problems("ram.prakash9", context_words=("Ram Prakash",))
    with pytest.raises(UserError, match="not the same"):
        passwords.check_new_password("monsoon kite ladder", "monsoon kite ladders")


def test_normalisation_matches_equivalent_unicode():
    passwords.use_params(passwords.Argon2Params(1, 8, 1))
    try:
        decomposed = "cafe\u0301 au lait ok"
        composed = "caf\u00e9 au lait ok"
        assert passwords.verify_password(passwords.hash_password(decomposed), composed)
    finally:
        passwords.use_params(None)


def test_strength_hint_encourages_length():
    assert "8" in passwords.strength_hint("")
    assert "more" in passwords.strength_hint("abc")
    assert "Longer" in passwords.strength_hint("abcdefghij")
    assert passwords.strength_hint("a" * 20) == "Good length."
