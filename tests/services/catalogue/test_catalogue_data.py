"""Checks on resources/catalogue/allocation_2018.json against the seed circular.

No Qt, no database.  The seed text is parsed here on its own (not through
scripts/extract_catalogue.py), so a wrong or retyped text_hi fails.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "resources" / "catalogue" / "allocation_2018.json"
SEED = ROOT / "resources" / "circulars" / "up_ts_cctns_35_2010_allocation_2018.txt"

SECTION_ORDER = ["a", "b", "c", "d", "e"]
ROLE_ORDER = ["sho", "mohrir", "io", "operator", "court"]
COUNTS = {"sho": 8, "mohrir": 18, "io": 6, "operator": 28, "court": 9}
KINDS = {"event", "recurring", "standing"}
RECURRENCES = {None, "daily", "weekly", "fortnightly", "monthly"}
FORMS = {None, *(f"IIF-{n}" for n in range(1, 12)), "IIF-10/11", "NCR", "MLC",
         "OCIS-1", "OCIS-2", "OCIS-3", "GD", "CD"}


@pytest.fixture(scope="module")
def data() -> dict:
    raw = CATALOGUE.read_bytes()
    return json.loads(raw.decode("utf-8"))


@pytest.fixture(scope="module")
def seed_sections() -> dict[str, str]:
    """The 2018 letter's sections (a)..(e) as raw text chunks."""
    text = SEED.read_text(encoding="utf-8")
    letter = text[text.index("दिनांक:लखनऊ:नवम्बर 19, 2018"):]
    heads = list(re.finditer(r"(?m)^\(([a-e])\)", letter))
    assert [m.group(1) for m in heads] == SECTION_ORDER
    chunks = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(letter)
        chunk = letter[m.end():end]
        if m.group(1) == "e":
            # the letter resumes its own numbering ("2. समस्त जनपदीय …") after (e) 9
            chunk = chunk[: re.search(r"(?m)^2\. समस्त जनपदीय", chunk).start()]
        chunks[m.group(1)] = chunk
    return chunks


def test_json_is_utf8_pretty_not_ascii_escaped():
    raw = CATALOGUE.read_text(encoding="utf-8")
    assert "\\u09" not in raw, "write with ensure_ascii=False"
    assert "थाना प्रभारी" in raw
    assert raw.startswith("{\n  ")


def test_top_level_shape(data):
    assert set(data) == {"circular", "roles", "duties"}
    c = data["circular"]
    assert c["key"] == "up-2018-11-19"
    assert c["date"] == "2018-11-19"
    assert c["number"] == "टीएस-सीसीटीएनएस-35/2010"
    assert (ROOT / c["source_file"]).resolve() == SEED.resolve()
    for k in ("issued_by_hi", "issued_by_en", "subject_hi", "subject_en"):
        assert isinstance(c[k], str) and c[k].strip(), k
    assert c["subject_hi"] in SEED.read_text(encoding="utf-8")
    for r in c["reinforced_by"]:
        assert {"number", "date", "summary_en", "summary_hi"} <= set(r)


def test_roles(data):
    roles = data["roles"]
    assert [r["code"] for r in roles] == ROLE_ORDER
    assert [r["section"] for r in roles] == SECTION_ORDER
    assert [r["sort"] for r in roles] == [1, 2, 3, 4, 5]
    for r in roles:
        assert r["name_hi"].strip() and r["name_en"].strip()


def test_duty_counts_and_order(data):
    duties = data["duties"]
    assert len(duties) == 69
    roles = [d["role"] for d in duties]
    # grouped in the letter's order, with the letter's counts
    expected = [code for code in ROLE_ORDER for _ in range(COUNTS[code])]
    assert roles == expected


def test_codes_unique_and_contiguous(data):
    codes = [d["code"] for d in data["duties"]]
    assert len(set(codes)) == len(codes)
    section_of = {r["code"]: r["section"] for r in data["roles"]}
    for role in ROLE_ORDER:
        mine = [d for d in data["duties"] if d["role"] == role]
        letter = section_of[role].upper()
        assert [d["number"] for d in mine] == list(range(1, COUNTS[role] + 1))
        assert [d["code"] for d in mine] == [f"{letter}-{n}" for n in range(1, COUNTS[role] + 1)]


def test_text_hi_verbatim_in_own_section(data, seed_sections):
    section_of = {r["code"]: r["section"] for r in data["roles"]}
    for d in data["duties"]:
        chunk = seed_sections[section_of[d["role"]]]
        t = d["text_hi"]
        assert t == t.strip() and t, d["code"]
        assert not re.match(r"\d+\.", t), f"{d['code']}: leading number not stripped"
        line = re.compile(rf"(?m)^[ \t]*{d['number']}\.[ \t]*{re.escape(t)}[ \t]*$")
        assert line.search(chunk), f"{d['code']}: text_hi not found as item {d['number']} of its section"


def test_every_seed_item_is_catalogued(data, seed_sections):
    """Independent count of the numbered items in each section of the seed."""
    for role, section in zip(ROLE_ORDER, SECTION_ORDER):
        items = re.findall(r"(?m)^[ \t]*(\d+)\.[ \t]*(\S.*?)[ \t]*$", seed_sections[section])
        assert [int(n) for n, _ in items] == list(range(1, COUNTS[role] + 1)), section
        ours = [d["text_hi"] for d in data["duties"] if d["role"] == role]
        assert ours == [body for _, body in items], section


def test_spot_checks_odd_spellings_kept(data):
    by_code = {d["code"]: d for d in data["duties"]}
    assert by_code["D-13"]["text_hi"] == \
        "दवा गप्पी सूचना भरें (ड्रग से सम्बन्धित पंजीकृत अभियोग का डेटा बैंक में भरा जाना)"
    assert "मानिटारिंग" in by_code["A-6"]["text_hi"]
    assert "रख-रखावा" in by_code["B-16"]["text_hi"]
    assert by_code["B-2"]["text_hi"].endswith("। (IIF-1)")
    assert by_code["E-1"]["text_hi"] == "रिमाण्ड प्रपत्र"


def test_field_values_valid(data):
    for d in data["duties"]:
        code = d["code"]
        assert d["role"] in ROLE_ORDER, code
        assert d["kind"] in KINDS, code
        assert d["recurrence"] in RECURRENCES, code
        assert d["form"] in FORMS, code
        assert isinstance(d["name_en"], str) and d["name_en"].strip(), code
        assert d.get("note_en") is None or isinstance(d["note_en"], str), code
        if d["kind"] == "recurring":
            assert d["recurrence"] is not None, f"{code}: recurring without recurrence"
        else:
            assert d["recurrence"] is None, f"{code}: recurrence on a non-recurring duty"


def test_forms_named_in_letter(data):
    by_code = {d["code"]: d["form"] for d in data["duties"]}
    expected = {"B-2": "IIF-1", "B-3": "NCR", "B-4": "MLC", "B-5": "IIF-8", "B-8": "IIF-9",
                "C-1": "IIF-2", "C-2": "IIF-3", "C-3": "IIF-4", "C-4": "IIF-5",
                "D-1": "IIF-10/11", "D-15": "OCIS-1", "D-16": "OCIS-2", "D-17": "OCIS-3",
                "E-5": "IIF-6", "E-6": "IIF-7"}
    for code, form in expected.items():
        assert by_code[code] == form, code
    # no IIF/OCIS form attached where the letter names none
    named = set(expected)
    for code, form in by_code.items():
        if code not in named:
            assert form in (None, "GD", "CD"), code


def test_json_matches_extraction_script():
    """The committed JSON is what scripts/extract_catalogue.py produces (not stale)."""
    path = ROOT / "scripts" / "extract_catalogue.py"
    if not path.exists():
        pytest.skip("extraction script not present")
    spec = importlib.util.spec_from_file_location("extract_catalogue", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.render(mod.build()) == CATALOGUE.read_text(encoding="utf-8")
