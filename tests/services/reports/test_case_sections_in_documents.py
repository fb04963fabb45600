"""Documents name an FIR as officers write it, with its sections: the report queries carry act and sections
(issue 17)."""

from __future__ import annotations

import datetime as dt

from app.services import obligations
from app.services.reports import DocLang

from tests.services.report_seed import seed_station


def _fir_labels(labels):
    return [label for label in labels if getattr(label, "kind", None) == "fir"]


def test_report_queries_carry_act_and_sections(db):
    seeded = seed_station(db, obligations=300)
    with db.session() as s:
        person = next(iter(seeded.ids.values()))
        labels = []
        for pid in seeded.ids.values():
            labels += [i.case_label for i in obligations.pending_for_person(s, pid)[1]]
        labels += [d.oldest.case_label for d in obligations.duty_pendency(s) if d.oldest]
        for as_of in (None, dt.datetime(2026, 9, 1, 12, 0)):
            for p in obligations.overdue_by_person(s, as_of, per_person_limit=None):
                labels += [i.case_label for i in p.items]
    firs = _fir_labels(labels)
    assert len(firs) > 20 and person
    assert all(label.act == "BNS" and label.sections == "303(2)" for label in firs)
    one = firs[0]
    assert DocLang("hi").case(one) == f"मु0अ0सं0 {one.number}/{one.year} धारा 303(2) BNS"
    assert DocLang("en").case(one) == f"Case Crime No. {one.number}/{one.year} u/s 303(2) BNS"
