"""User names suggested from a person's name: Devanagari in Latin letters as Hindi names are written (the
inherent a dropped where Hindi drops it), never with vowel signs lost (नीरज → "नरज" reached the sign-in
list and the audit trail); names in other scripts kept whole; every suggestion is a valid user name."""

from __future__ import annotations

import pytest

from app.services.accounts import check_username, suggest_username


@pytest.mark.parametrize("name, expected", [
    ("नीरज गुप्ता", "neeraj"), ("शालिनी तिवारी", "shalini"), ("सुनील", "suneel"), ("कमला", "kamla"),
    ("राजेश कुमार", "rajesh"), ("अमरनाथ", "amarnath"), ("संजय", "sanjay"), ("जितेन्द्र", "jitendra"),
    ("सत्य प्रकाश", "satya"), ("पूनम", "poonam"), ("ज़ाकिर", "zakir"), ("अनुराधा", "anuradha"),
    ("Ajay Mishra", "ajay"), ("  Vijay  ", "vijay"),
])
def test_suggested_names(name, expected):
    assert suggest_username(name) == expected
    assert check_username(suggest_username(name)) == expected


def test_another_script_is_kept_whole_with_its_vowel_signs():
    suggestion = suggest_username("ਹਰਪ੍ਰੀਤ Singh")
    assert suggestion == "ਹਰਪ੍ਰੀਤ"
    assert check_username(suggestion) == suggestion


def test_a_devanagari_user_name_typed_by_hand_is_accepted_whole():
    assert check_username("नीरज") == "नीरज"
    assert check_username("शालिनी.t") == "शालिनी.t"


@pytest.mark.parametrize("bad", ["ab", "a b c", "\u093fabc", "x" * 41, ""])
def test_bad_user_names_are_still_refused(bad):
    from app.services.core.errors import UserError

    with pytest.raises(UserError):
        check_username(bad)


def test_nothing_to_suggest():
    assert suggest_username("") == "" and suggest_username("   ") == ""


@pytest.mark.parametrize("name, expected", [
    ("ओम प्रकाश", "om.prakash"), ("Om Prakash Verma", "om.prakash"), ("ओम", ""), ("Jo", ""),
])
def test_a_first_name_too_short_takes_the_next_word_or_suggests_nothing(name, expected):
    """"ओम" gave "ओम" (2 letters), which the Add-account form then refused as its own suggestion."""
    assert suggest_username(name) == expected
    if expected:
        assert check_username(expected) == expected
