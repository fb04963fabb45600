"""The default rules' Hindi basis texts use the glossary's words (i18n/GLOSSARY.md), as the catalog does:
प्राथमिकी not एफआईआर, codes (CAS, BNSS, CrPC, NCR) as codes, no nukta in borrowed words."""

from __future__ import annotations

import re

from app.services import obligations
from tests.i18n_tool import load_tool

# words the glossary replaces in the rules' texts (besides the catalog's own AVOID list)
RULES_AVOID = {
    "एफआईआर": "प्राथमिकी", "सीएएस": "CAS", "सीसीटीएनएस": "CCTNS", "बीएनएसएस": "BNSS", "सीआरपीसी": "CrPC",
    "एनसीआर": "NCR", "एमएलसी": "MLC", "रिमांड": "रिमाण्ड", "आरोप-पत्र": "आरोप पत्र",
}
NUKTA_BORROWED = re.compile(r"[फज]\u093c")  # फ़ाइल, ज़मानत: the letters write फाइल, जमानत


def test_rule_basis_texts_follow_the_glossary():
    avoid = {**load_tool().AVOID["hi"], **RULES_AVOID}
    problems = []
    for r in obligations.load_default_rules():
        for term in r["due"]:
            text = term["basis_hi"]
            for word, use in avoid.items():
                if word in text:
                    problems.append(f"{r['key']}: {word!r} (use {use!r}): {text}")
            if NUKTA_BORROWED.search(text):
                problems.append(f"{r['key']}: nukta in a borrowed word: {text}")
            if not text.rstrip().endswith("।"):
                problems.append(f"{r['key']}: a sentence ends with ।: {text}")
    assert not problems, "\n".join(problems)
