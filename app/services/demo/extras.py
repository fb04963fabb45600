"""The demo station's other registers, so every screen has something to show: equipment and CCTV with
open and fixed faults, handholding staff with attendance and visits, trainings, CCTNS user ids,
campaigns, two past inspections with findings and instructions (some complied with, some not), and an
account for each station role with one documented demo password.

Everything goes through the services a user's clicks would use (each change audited as usual), after
the bulk-built cases and entries exist. The draws come from a generator of their own, so the cases and
entries of a seed are the same as before these registers were added.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from app.services import accounts, handholding, inspections, obligations
from app.services.storage import Database

# One documented password for every demo account (README, the window's demo banner, the sign-in dialog).
# It is public on purpose: the demo holds made-up data only.
DEMO_PASSWORD = "demo-thana-2026"
DEMO_SETTING = "demo.station"  # present in a demo station's settings: the window shows the demo banner
# user name → (role held now, administrator); each is a person who holds that role today
DEMO_ACCOUNTS = (
    ("operator", "operator", True),
    ("sho", "sho", False),
    ("mohrir", "mohrir", False),
    ("io1", "io", False),
    ("io2", "io", False),
    ("court", "court", False),
)

EQUIPMENT = (  # kind, name, make and model, location
    ("computer", "CCTNS कंप्यूटर 1", "HP ProDesk 400 G7", "कार्यालय"),
    ("computer", "CCTNS कंप्यूटर 2", "HP ProDesk 400 G7", "कार्यालय"),
    ("computer", "CCTNS कंप्यूटर 3", "Dell OptiPlex 3080", "मुंशी कक्ष"),
    ("printer", "लेज़र प्रिंटर", "HP LaserJet M1136", "कार्यालय"),
    ("printer", "प्रिंटर (मुंशी कक्ष)", "Canon LBP2900", "मुंशी कक्ष"),
    ("scanner", "स्कैनर", "Canon LiDE 300", "कार्यालय"),
    ("ups", "UPS 1 kVA", "APC BX1100C", "कार्यालय"),
    ("battery", "UPS बैटरी", "Exide 12V 42Ah", "कार्यालय"),
    ("network_switch", "नेटवर्क स्विच", "D-Link DES-1008", "कार्यालय"),
    ("connectivity", "BSNL लीज़्ड लाइन", "BSNL MPLS 2 Mbps", "कार्यालय"),
    ("cctv_recorder", "CCTV NVR", "Hikvision DS-7608NI", "थानाध्यक्ष कक्ष"),
    ("cctv_camera", "कैमरा 1: मुख्य द्वार", "Hikvision 2 MP bullet", "मुख्य द्वार"),
    ("cctv_camera", "कैमरा 2: हवालात", "Hikvision 2 MP dome", "हवालात"),
    ("cctv_camera", "कैमरा 3: मालखाना", "Hikvision 2 MP dome", "मालखाना"),
    ("cctv_camera", "कैमरा 4: महिला हेल्प डेस्क", "CP Plus 2 MP dome", "महिला हेल्प डेस्क"),
    ("cctv_camera", "कैमरा 5: कार्यालय", "CP Plus 2 MP dome", "कार्यालय"),
    ("cctv_camera", "कैमरा 6: पिछला गेट", "Hikvision 2 MP bullet", "पिछला गेट"),
)
FAULTS = {  # kind → (what was wrong, how it was fixed)
    "computer": (("कंप्यूटर चालू नहीं हो रहा", "SMPS बदला गया"), ("CAS लॉगिन पर स्क्रीन रुक जाती है", "ब्राउज़र सेटिंग ठीक की गई"),
                 ("हार्ड डिस्क में खराबी", "हार्ड डिस्क बदली गई")),
    "printer": (("प्रिंट धुंधला आ रहा है", "टोनर कार्ट्रिज बदला गया"), ("कागज़ फँस रहा है", "रोलर साफ़ किया गया")),
    "scanner": (("स्कैनर कंप्यूटर में नहीं दिख रहा", "ड्राइवर दोबारा लगाया गया"),),
    "ups": (("UPS बीप कर रहा है, बैकअप नहीं", "UPS की मरम्मत की गई"),),
    "battery": (("बैटरी 5 मिनट भी नहीं चलती", "बैटरी बदली गई"),),
    "network_switch": (("स्विच की बत्ती बंद", "एडाप्टर बदला गया"),),
    "connectivity": (("CCTNS नेटवर्क बंद (BSNL लाइन)", "BSNL ने लाइन ठीक की"), ("नेटवर्क बहुत धीमा", "राउटर रीसेट किया गया")),
    "cctv_recorder": (("NVR रिकॉर्डिंग नहीं कर रहा", "हार्ड डिस्क फॉर्मेट कर दोबारा लगाई गई"),),
    "cctv_camera": (("कैमरा की तस्वीर नहीं आ रही", "केबल का कनेक्टर बदला गया"), ("रात में तस्वीर काली", "IR LED वाला कैमरा बदला गया"),
                    ("कैमरा हिल गया है, गेट नहीं दिखता", "कैमरा फिर से लगाया गया")),
}
VISIT_PURPOSES = ("मासिक भ्रमण: CAS प्रविष्टियों की जाँच", "स्टाफ को CCTNS प्रशिक्षण", "उपकरण की खराबी देखने",
                  "अभियान की प्रगति देखने")


@dataclass
class ExtrasCounts:
    equipment: int = 0
    faults: int = 0
    open_faults: int = 0
    support_staff: int = 0
    attendance_days: int = 0
    visits: int = 0
    trainings: int = 0
    user_ids: int = 0
    user_id_requests: int = 0
    campaigns: int = 0
    inspections: int = 0
    instructions: int = 0
    accounts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def add_extras(db: Database, *, seed: int, now: dt.datetime, start: dt.date,
               current: dict[str, list[int]], since: dict[int, dt.date]) -> ExtrasCounts:
    """Fill the registers. ``current``: role → the persons who hold it today (first the longest in post);
    ``since``: when each of them took the role."""
    rng = random.Random(f"extras-{seed}")
    out = ExtrasCounts()
    fault_ids = _equipment(db, rng, now, start, out)
    staff_id = _support_staff(db, rng, now, start, fault_ids, out)
    _trainings(db, rng, now, current, since, staff_id, out)
    _user_ids(db, rng, now, current, since, out)
    _campaigns(db, now, out)
    _inspections(db, rng, now, current, since, out)
    _accounts(db, current, out)
    return out


def _at(day: dt.date, rng: random.Random, first: int = 9, last: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(first, last), rng.randint(0, 59)))


def _equipment(db: Database, rng: random.Random, now: dt.datetime, start: dt.date, out: ExtrasCounts) -> list[int]:
    """The register, and faults over the years: most fixed within days, a few still open (two of them past
    the station's limit of days, so the flag shows)."""
    fault_ids: list[int] = []
    today = now.date()
    installed_first = max(start, today - dt.timedelta(days=900))
    items = []
    for n, (kind, name, model, where) in enumerate(EQUIPMENT):
        installed = installed_first + dt.timedelta(days=rng.randint(0, 60))
        info = handholding.add_equipment(db, kind, name, make_model=model, serial_no=f"SN{seed_digits(rng)}{n:02d}",
                                         location=where, installed_on=installed)
        items.append((info.id, kind, installed))
        out.equipment += 1
    # fixed faults spread over the time since installation; the last few stay open
    open_plan = {items[12][0]: 9, items[9][0]: 5, items[4][0]: 1, items[15][0]: 0}  # camera, link, printer, camera
    for eid, kind, installed in items:
        span = (today - installed).days
        for _k in range(rng.randint(1, 3) if kind != "cctv_camera" else rng.randint(0, 2)):
            reported = _at(installed + dt.timedelta(days=rng.randint(10, max(11, span - 20))), rng)
            what, fix = rng.choice(FAULTS[kind])
            row = handholding.report_fault(db, eid, what, reported_at=reported, reported_by="मुंशी")
            hours = rng.choice((3, 20, 26, 50, 75, 140))
            fixed = min(now - dt.timedelta(hours=1), reported + dt.timedelta(hours=hours))
            if hours > 48:
                handholding.escalate_fault(db, row.id, "जनपद CCTNS हेल्पडेस्क",
                                           escalated_at=reported + dt.timedelta(hours=30),
                                           note="दो दिन में ठीक नहीं हुआ")
            handholding.resolve_fault(db, row.id, fix, resolved_at=fixed, resolved_by="हैंडहोल्डिंग इंजीनियर")
            fault_ids.append(row.id)
            out.faults += 1
    for eid, kind, _installed in items:
        if eid not in open_plan:
            continue
        what, _fix = FAULTS[kind][0]
        reported = _at(today - dt.timedelta(days=open_plan[eid]), rng, 9, 11)
        reported = min(reported, now - dt.timedelta(minutes=30))
        row = handholding.report_fault(db, eid, what, reported_at=reported, reported_by="थाना कंप्यूटर ऑपरेटर")
        if open_plan[eid] >= 5:
            handholding.escalate_fault(db, row.id, "जनपद CCTNS हेल्पडेस्क",
                                       escalated_at=reported + dt.timedelta(days=2), note="अभी तक ठीक नहीं")
        fault_ids.append(row.id)
        out.faults += 1
        out.open_faults += 1
    return fault_ids


def seed_digits(rng: random.Random) -> str:
    return str(rng.randint(100000, 999999))


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if handholding.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _support_staff(db: Database, rng: random.Random, now: dt.datetime, start: dt.date, fault_ids: list[int],
                   out: ExtrasCounts) -> int:
    """The handholding engineer who served the station before, and the one now (attendance for this month
    and the three before, with the odd absence and leave; a visit about once a week)."""
    today = now.date()
    first = max(start, today - dt.timedelta(days=700))
    switch = today - dt.timedelta(days=160)
    old = handholding.add_support_staff(db, "अमित कुमार", "circle", "सर्किल सदर", vendor="सी-डैक हैंडहोल्डिंग",
                                        phone="9450000101", from_date=first)
    handholding.end_support_staff(db, old.id, switch - dt.timedelta(days=1), note="दूसरे सर्किल में भेजे गए")
    new = handholding.add_support_staff(db, "Priya Verma", "district_hq", "जनपद मुख्यालय सीतापुर",
                                        vendor="सी-डैक हैंडहोल्डिंग", phone="9450000202", from_date=switch)
    out.support_staff = 2
    month_first = (today.replace(day=1) - dt.timedelta(days=95)).replace(day=1)
    days = [d for d in _working_days(max(month_first, switch), today) if d < today or now.hour >= 10]
    marks: dict[str, list[tuple[int, dt.date]]] = {"present": [], "absent": [], "leave": []}
    for d in days:
        r = rng.random()
        marks["absent" if r < 0.04 else "leave" if r < 0.08 else "present"].append((new.id, d))
    for status, cells in marks.items():
        if cells:
            out.attendance_days += handholding.mark_days(db, cells, status).done
    for who, lo, hi in ((old, max(first, switch - dt.timedelta(days=120)), switch - dt.timedelta(days=1)),
                        (new, switch, today)):
        day = lo + dt.timedelta(days=rng.randint(1, 5))
        while day < hi:
            if handholding.is_working_day(day):
                arrived = _at(day, rng, 10, 13)
                purpose = rng.choice(VISIT_PURPOSES)
                fault = rng.choice(fault_ids) if fault_ids and purpose == VISIT_PURPOSES[2] else None
                handholding.record_visit(db, who.id, arrived, left_at=arrived + dt.timedelta(hours=rng.randint(1, 4)),
                                         purpose=purpose, work_done="प्रविष्टियाँ जाँचीं, स्टाफ की समस्याएँ सुलझाईं",
                                         fault_id=fault)
                out.visits += 1
            day += dt.timedelta(days=rng.randint(6, 10))
    return new.id


def _trainings(db: Database, rng: random.Random, now: dt.datetime, current: dict[str, list[int]],
               since: dict[int, dt.date], staff_id: int, out: ExtrasCounts) -> None:
    """Four trainings; the IO who came last has had none yet (the untrained list shows him)."""
    today = now.date()
    people = [p for role in ("sho", "mohrir", "io", "operator", "court") for p in current.get(role, [])]
    newest = max(people, key=lambda p: (since[p], p))
    topics = ("CAS में IIF-1 से IIF-5 भरना", "CCTNS में सामान्य दैनिकी (GD)", "ई-साक्ष्य और ई-समन ऐप",
              "CCTNS सर्च और रिपोर्ट")
    for n, topic in enumerate(topics):
        held = today - dt.timedelta(days=400 - n * 110)
        attendees = [p for p in people if p != newest and since[p] <= held and rng.random() < 0.7]
        if not attendees:
            attendees = [p for p in people if p != newest][:1]
        handholding.add_training(db, held, "", topic, attendees, place="थाना सभा कक्ष", trainer_staff_id=staff_id)
        out.trainings += 1


def _user_ids(db: Database, rng: random.Random, now: dt.datetime, current: dict[str, list[int]],
              since: dict[int, dt.date], out: ExtrasCounts) -> None:
    """Most of today's staff have a CCTNS user id; the two who came last have asked for one, and one has not."""
    people = sorted({p for ps in current.values() for p in ps}, key=lambda p: (since[p], p))
    waiting, missing = people[-2:], people[-3:-2]
    for n, pid in enumerate(people):
        if pid in missing:
            continue
        asked = min(now.date(), since[pid] + dt.timedelta(days=rng.randint(1, 5)))
        if pid in waiting:
            handholding.request_user_id(db, pid, requested_on=asked, reference=f"पत्र सं. CCTNS/{asked.year}/{n + 11}")
            out.user_id_requests += 1
        else:
            made = min(now.date(), asked + dt.timedelta(days=rng.randint(3, 20)))
            handholding.request_user_id(db, pid, requested_on=asked, reference=f"पत्र सं. CCTNS/{asked.year}/{n + 11}")
            handholding.record_user_id(db, pid, f"UPSPR{10400 + n}", created_on=made)
            out.user_ids += 1


def _campaigns(db: Database, now: dt.datetime, out: ExtrasCounts) -> None:
    """A finished drive (a count target) and one under way on the old case diaries still owed."""
    today = now.date()
    done = handholding.add_campaign(db, "GD अपलोड अभियान", today - dt.timedelta(days=60),
                                    started_on=today - dt.timedelta(days=90), target_count=300,
                                    description="पुरानी सामान्य दैनिकी CCTNS पर चढ़ाना")
    for k, n in enumerate((120, 110, 90)):
        handholding.record_progress(db, done.id, n, on=today - dt.timedelta(days=85 - k * 12))
    running = handholding.add_campaign(db, "लंबित केस डायरी अभियान", today + dt.timedelta(days=20),
                                       started_on=today - dt.timedelta(days=10), form="CD", role="io",
                                       due_to=today - dt.timedelta(days=30),
                                       description="30 दिन से पुरानी लंबित केस डायरी CAS में दर्ज करना")
    entries = handholding.campaign_entries(db, running.id)
    by_owner: dict[int | None, list[int]] = {}
    for row in obligations.rows(db, entries[: len(entries) // 4]):
        by_owner.setdefault(row.person_id, []).append(row.id)
    for k, (owner, ids) in enumerate(sorted(by_owner.items(), key=lambda kv: kv[0] or 0)):
        if owner is not None:  # a quarter done in the campaign's first days, by their owners
            obligations.mark_entered(db, ids, f"CD/अभियान/{k + 1}", by_person_id=owner,
                                     at=dt.datetime.combine(today - dt.timedelta(days=3), dt.time(15, 0)))
    out.campaigns = 2


def _inspections(db: Database, rng: random.Random, now: dt.datetime, current: dict[str, list[int]],
                 since: dict[int, dt.date], out: ExtrasCounts) -> None:
    """The CO's visit 75 days ago (instructions due since: two complied with, two not, now overdue) and the
    SP's 12 days ago (one complied, the rest still within time)."""
    today = now.date()
    plan = (
        (75, "श्री राजीव कुमार सिंह", "co", False, "थाने का वार्षिक निरीक्षण; CCTNS प्रविष्टियों पर विशेष ध्यान।", (
            ("mohrir", "B-1", "सामान्य दैनिकी समय से अपलोड नहीं हो रही।", "प्रतिदिन GD अपलोड करें; पिछले सप्ताह की GD दो दिन में।", 10, True),
            ("io", "C-5", "कई मुकदमों में केस डायरी CAS में लंबित।", "अपने सभी लंबित केस डायरी 15 दिन में दर्ज करें।", 15, False),
            ("operator", "D-21", "कैमरा 2 (हवालात) की रिकॉर्डिंग बंद मिली।", "हेल्पडेस्क से कैमरा ठीक कराएँ, टिकट नंबर रजिस्टर में।", 7, True),
            ("sho", "A-2", "CCTNS डेटा की गुणवत्ता जाँच का रजिस्टर नहीं।", "साप्ताहिक गुणवत्ता जाँच का अभिलेख रखें।", 20, False),
        )),
        (12, "श्रीमती अंजलि मिश्रा", "sp", True, "आकस्मिक निरीक्षण।", (
            ("io", "C-1", "IIF-2 समय से नहीं भरे जा रहे।", "पिछले माह के सभी IIF-2 इस सप्ताह भरें।", 5, True),
            ("court", "E-2", "न्यायालय के आदेश CAS में देर से।", "न्यायालय के आदेश उसी दिन दर्ज करें।", 30, False),
            ("operator", "D-22", "दो नए कर्मियों की CCTNS आईडी नहीं बनी।", "नए कर्मियों की आईडी बनवाएँ।", 20, False),
        )),
    )
    for days_ago, officer, rank, surprise, notes, items in plan:
        visit = today - dt.timedelta(days=days_ago)
        info = inspections.record_inspection(db, visit_date=visit, officer_name=officer, officer_rank=rank,
                                             surprise=surprise, notes=notes)
        out.inspections += 1
        inspections.add_finding(db, info.id, text="थाने की साफ़-सफ़ाई और अभिलेख संतोषजनक।", role="sho", satisfactory=True)
        for role, duty, finding, instruction, due_in, complied in items:
            person = next((p for p in current.get(role, []) if since[p] <= visit), None)
            if person is None:
                continue
            f = inspections.add_finding(db, info.id, text=finding, role=role, duty_code=duty)
            ins = inspections.add_instruction(db, info.id, person_id=person, text=instruction,
                                              due=visit + dt.timedelta(days=due_in), finding_id=f.id,
                                              duty_code=duty)
            out.instructions += 1
            if complied:
                done_at = dt.datetime.combine(visit + dt.timedelta(days=max(1, due_in - rng.randint(1, 4))),
                                              dt.time(16, 30))
                obligations.mark_entered(db, [ins.obligation_id], f"निरीक्षण अनुपालन {visit:%d.%m.%Y}",
                                         by_person_id=person, at=min(done_at, now - dt.timedelta(minutes=5)))


def _accounts(db: Database, current: dict[str, list[int]], out: ExtrasCounts) -> None:
    """The operator is the administrator; every other account gets its password the way a new user does
    (the administrator's one-time code), so the trail reads as a real station's."""
    made: set[int] = set()
    for username, role, admin in DEMO_ACCOUNTS:
        person = next((p for p in current.get(role, []) if p not in made), None)
        if person is None:
            continue
        made.add(person)
        if admin:
            accounts.create_first_admin(db, username=username, password=DEMO_PASSWORD, confirm=DEMO_PASSWORD,
                                        person_id=person, hold_operator_role=False)
        else:
            info = accounts.create_account(db, person, username)
            accounts.set_first_password(db, username, DEMO_PASSWORD, DEMO_PASSWORD, code=info.setup_code)
        out.accounts.append(username)


@dataclass(frozen=True)
class DemoSignIn:
    """What the window says on a demo station: the one password and the demo accounts' user names."""
    password: str
    usernames: tuple[str, ...]


def demo_sign_in(db: Database) -> DemoSignIn | None:
    """The demo accounts of a demo station (None for a real station, or a demo without its accounts)."""
    from sqlalchemy import select

    from app.models.accounts import Account
    from app.services.core.settings import get_setting

    with db.session() as s:
        if get_setting(s, DEMO_SETTING) != "1":
            return None
        names = set(s.scalars(select(Account.username).where(Account.active.is_(True))))
    found = tuple(u for u, _role, _admin in DEMO_ACCOUNTS if u in names)
    return DemoSignIn(DEMO_PASSWORD, found) if found else None
