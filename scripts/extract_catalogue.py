"""Build resources/catalogue/allocation_2018.json from the seed circular.

The Hindi text of every duty is taken programmatically from
resources/circulars/up_ts_cctns_35_2010_allocation_2018.txt (the 19 Nov 2018
letter, sections (a)-(e)); only the English names, form codes and kinds below
are written by hand.  Re-run after editing the annotations:

    python scripts/extract_catalogue.py            # writes the JSON
    python scripts/extract_catalogue.py --check    # exits 1 if the JSON is stale
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_REL = "resources/circulars/up_ts_cctns_35_2010_allocation_2018.txt"
SEED = ROOT / SEED_REL
OUT = ROOT / "resources" / "catalogue" / "allocation_2018.json"

SECTIONS = "abcde"
EXPECTED_COUNTS = {"a": 8, "b": 18, "c": 6, "d": 28, "e": 9}

# The seed file holds two letters: the Feb 2019 reminder first, then the
# 19 Nov 2018 letter itself.  The allocation lists start after this dateline.
LETTER_2018_MARK = "नवम्बर 19, 2018"

_HEADER_RE = re.compile(r"^\(([a-e])\)\s")
_ITEM_RE = re.compile(r"^\s*(\d+)\.\s*(.*?)\s*$")


def extract_sections(text: str) -> dict[str, list[tuple[int, str]]]:
    """Return {section letter: [(number, verbatim Hindi text), ...]}.

    Within a section, numbered lines are taken while the numbers run 1, 2, 3…;
    the first out-of-sequence number (e.g. the letter's closing "2." after
    (e) 9) ends the section.
    """
    start = text.index(LETTER_2018_MARK)
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    closed = False
    for line in text[start:].splitlines():
        header = _HEADER_RE.match(line)
        if header:
            current = header.group(1)
            if current in sections:
                raise ValueError(f"section ({current}) appears twice")
            sections[current] = []
            closed = False
            continue
        if current is None or closed:
            continue
        item = _ITEM_RE.match(line)
        if not item:
            continue
        number, body = int(item.group(1)), item.group(2)
        if number != len(sections[current]) + 1:
            closed = True
            continue
        sections[current].append((number, body))
    return sections


ROLES = [
    {"code": "sho", "section": "a", "sort": 1, "name_hi": "थाना प्रभारी",
     "name_en": "Station in-charge (SHO/SO)"},
    {"code": "mohrir", "section": "b", "sort": 2, "name_hi": "कान्स० मोहर्रिर / हेड मोहर्रिर",
     "name_en": "Constable / head constable mohrir"},
    {"code": "io", "section": "c", "sort": 3, "name_hi": "विवेचक",
     "name_en": "Investigating officer (IO)"},
    {"code": "operator", "section": "d", "sort": 4, "name_hi": "कम्प्यूटर ऑपरेटर",
     "name_en": "Computer operator"},
    {"code": "court", "section": "e", "sort": 5, "name_hi": "डाक मुंशी / कोर्ट पैरोकार",
     "name_en": "Dak munshi / court pairokar"},
]

# code: (name_en, form, kind, recurrence, note_en)
E, R, S = "event", "recurring", "standing"
ANNOTATIONS: dict[str, tuple[str, str | None, str, str | None, str]] = {
    # (a) SHO
    "A-1": ("Comment on the General Diary (GD)", "GD", R, "daily",
            "The GD is written every day, so the SHO's comment is a daily duty. 'GD' marks the "
            "General Diary module of CAS, not an IIF form."),
    "A-2": ("Check the quality of all data fed into CCTNS (personally or through staff)", None, S, None,
            "A continuing supervisory responsibility over every entry; no entry of its own."),
    "A-3": ("Transfer of FIR as directed", None, E, None,
            "Once per FIR transferred to another station on orders; the receiving station "
            "re-registers it (D-3)."),
    "A-4": ("Complaints: transfer, appoint enquiry officer, review enquiry report and dispose", None, E, None,
            "Once per complaint (complaints are entered by the mohrir, B-10)."),
    "A-5": ("Citizen-service requests: appoint enquiry officer, review enquiry report, dispose on time",
            None, E, None,
            "Once per citizen-service request received on CCTNS; the letter asks for disposal "
            "within a time limit (समयबद्ध) but does not state it."),
    "A-6": ("Monitor the UPCOP and UPPolice PMS mobile apps", None, R, "daily",
            "The letter gives no period. Requests reach the station through these apps all the "
            "time, so a daily check is our reading; the station can change it."),
    "A-7": ("Get summons and warrants served, and monitor their service", None, E, None,
            "Once per summons or warrant received (their details are entered by the court "
            "pairokar, E-2)."),
    "A-8": ("Any other unallocated work", None, S, None,
            "Catch-all: whatever CAS work the letter does not allot to anyone falls to the SHO."),
    # (b) mohrir
    "B-1": ("Enter General Diary (GD) details and upload required files", "GD", R, "daily",
            "GD entries are made every day; the day's GD must be complete and uploaded. 'GD' marks "
            "the General Diary module of CAS, not an IIF form."),
    "B-2": ("FIR registration (IIF-1)", "IIF-1", E, None, "Once per FIR."),
    "B-3": ("Non-cognizable report (NCR) registration", "NCR", E, None, "Once per NCR."),
    "B-4": ("Medico-legal case (MLC) registration", "MLC", E, None, "Once per MLC."),
    "B-5": ("Missing person registration (IIF-8)", "IIF-8", E, None, "Once per missing person reported."),
    "B-6": ("Lost property registration", None, E, None, "Once per report of lost property."),
    "B-7": ("Missing cattle registration", None, E, None, "Once per report of missing cattle."),
    "B-8": ("Unidentified person registration (IIF-9)", "IIF-9", E, None,
            "Once per unidentified (living) person found."),
    "B-9": ("Fire accident registration", None, E, None, "Once per fire incident."),
    "B-10": ("Enter details of a new complaint", None, E, None,
             "Once per complaint received; the SHO then handles it (A-4)."),
    "B-11": ("Details of a citizen assisting the police with information (wording unclear in the letter)",
             None, E, None,
             "Literally 'assisting-citizen details for police information'; the CAS screen it "
             "mirrors is not identified. Taken as one entry per such citizen."),
    "B-12": ("Person matching (missing persons / unidentified dead bodies)", None, E, None,
             "Once per missing-person or unidentified-dead-body record to be matched in CAS "
             "(links B-5, B-8 and D-1)."),
    "B-13": ("Send all reports asked for by higher offices", None, S, None,
             "Reports are called for irregularly; the duty is to answer each one."),
    "B-14": ("Check Qmail", None, R, "daily",
             "Qmail is the police mail system through which orders and reports move; it must be "
             "read every day."),
    "B-15": ("Monitor citizen services available on CCTNS", None, R, "daily",
             "The letter gives no period. Citizen-service requests carry time limits (see A-5), so "
             "a daily check is our reading; the station can change it."),
    "B-16": ("Upkeep of the station's registers", None, R, "weekly",
             "The letter gives no period. Registers are written as events happen; a weekly check "
             "that they are up to date is our reading; the station can change it."),
    "B-17": ("Head constable mohrir to ensure all the above work is done", None, S, None,
             "Supervisory: the HC mohrir answers for B-1 to B-16 being done."),
    "B-18": ("Other work allotted by the SHO", None, S, None, "Catch-all for the mohrir."),
    # (c) IO
    "C-1": ("Crime details form (IIF-2)", "IIF-2", E, None, "Once per case under investigation."),
    "C-2": ("Arrest / court surrender memo with photo (IIF-3)", "IIF-3", E, None,
            "Once per arrest or court surrender."),
    "C-3": ("Property seizure memo (IIF-4)", "IIF-4", E, None, "Once per seizure."),
    "C-4": ("Final report form: chargesheet or final report (IIF-5)", "IIF-5", E, None,
            "Once per case when investigation ends."),
    "C-5": ("Case diary", "CD", E, None,
            "One entry per day of investigation (BNSS 192 / CrPC 172). 'CD' marks the case diary, "
            "not an IIF form."),
    "C-6": ("Interrogation form", None, E, None, "Once per person interrogated."),
    # (d) computer operator
    "D-1": ("Unidentified dead body / unnatural death registration (IIF-10, IIF-11)", "IIF-10/11", E, None,
            "Once per body / unnatural death. The letter names both forms without saying which is "
            "which."),
    "D-2": ("Preventive action registration", None, E, None, "Once per preventive action taken."),
    "D-3": ("Re-registration of an FIR transferred to this station", None, E, None,
            "Once per FIR received by transfer from another station (the sending SHO's side is A-3)."),
    "D-4": ("Externment (district-bar) registration", None, E, None, "Once per externment order."),
    "D-5": ("Preparation of the stranger roll", None, E, None,
            "Taken as one entry per stranger recorded; 'preparation' could also be read as a "
            "periodic roll, which the letter does not specify."),
    "D-6": ("Registration of dead animal / carcass ('लोथ' may also mean a human corpse; as the letter says)",
            None, E, None,
            "Once per report. 'लोथ' usually means a corpse; whether the CAS screen covers human "
            "bodies is unclear (unidentified human bodies are D-1)."),
    "D-7": ("Registration of 'डिन सिन' (unclear in the letter; likely a CAS data-bank form)", None, E, None,
            "No reading of 'डिन सिन' was found; it is probably a transliteration of a CAS menu "
            "name. Taken as one entry per record."),
    "D-8": ("Registration of a criminal with a declared reward", None, E, None,
            "Once per criminal on whom a reward is declared."),
    "D-9": ("Enter arms licence details", None, E, None, "Once per licence."),
    "D-10": ("Enter details of firing / lathi-charge", None, E, None,
             "Once per incident of police firing or lathi-charge."),
    "D-11": ("Add senior citizen information (data bank)", None, E, None, "Once per senior citizen registered."),
    "D-12": ("Add single woman information (data bank)", None, E, None, "Once per woman registered."),
    "D-13": ("Enter drug peddler information (data bank of registered drug cases)", None, E, None,
             "'दवा गप्पी' is a machine-translation artefact of CAS for 'drug peddler'; the letter's "
             "own bracket explains it as entering registered drug cases in the data bank. Once per "
             "case / person."),
    "D-14": ("Enter sex offender information (data bank)", None, E, None, "Once per offender."),
    "D-15": ("Gang profile form (OCIS-1)", "OCIS-1", E, None, "Once per gang."),
    "D-16": ("Gang / organisation criminal activity details (OCIS-2)", "OCIS-2", E, None,
             "Once per criminal activity of a registered gang."),
    "D-17": ("Gang member details form (OCIS-3)", "OCIS-3", E, None, "Once per gang member."),
    "D-18": ("Daily duty management", None, R, "daily",
             "The letter itself says daily (डेली): the day's duty roster is entered in CCTNS."),
    "D-19": ("Solve staff's CCTNS problems and give training", None, S, None,
             "Continuing support role; meets the handholding SOP."),
    "D-20": ("Maintain CCTNS equipment; get faults fixed through the helpdesk / police office", None, S, None,
             "Continuing; individual faults may be logged as they occur."),
    "D-21": ("Maintain CCTV; get faults fixed through the helpdesk / police office", None, S, None,
             "Continuing; individual faults may be logged as they occur."),
    "D-22": ("Create (or get created) CCTNS IDs for newly posted officers and staff", None, S, None,
             "Continuing; arises whenever staff join the station."),
    "D-23": ("Reconcile the station's actions with CCTNS to ensure 100% feeding", None, R, "weekly",
             "The letter gives no period. A weekly reconciliation of the station's work against "
             "CCTNS entries is our reading; the station can change it."),
    "D-24": ("Complete CCTNS campaigns (drives) within the set time", None, S, None,
             "Campaigns are announced from above from time to time, each with its own deadline."),
    "D-25": ("Act on the SHO's role in CCTNS on the SHO's orders", None, S, None,
             "The operator may work under the SHO's CAS role when so ordered."),
    "D-26": ("Do (or get done) all other necessary CCTNS work", None, S, None, "Catch-all for the operator."),
    "D-27": ("Support the dak munshi, court pairokars and IOs in their CCTNS work", None, S, None,
             "Support role; the entries remain the duty of those roles."),
    "D-28": ("Help IOs fill the IIF-2, IIF-3, IIF-4 and IIF-5 forms", None, S, None,
             "Support role for C-1 to C-4; the forms remain the IO's duty."),
    # (e) dak munshi / court pairokar
    "E-1": ("Remand papers", None, E, None, "Once per remand sought."),
    "E-2": ("Details of orders issued by the court, such as summons and warrants", None, E, None,
            "Once per court process received (the SHO sees to service, A-7)."),
    "E-3": ("Bail request", None, E, None, "Once per bail application."),
    "E-4": ("Enter the court case number", None, E, None, "Once per case after the chargesheet is filed."),
    "E-5": ("Court disposal (IIF-6)", "IIF-6", E, None, "Once per case decided by the court."),
    "E-6": ("Result of appeal (IIF-7)", "IIF-7", E, None, "Once per appeal decided."),
    "E-7": ("Enter court trial details", None, E, None, "Per trial / hearing of a case."),
    "E-8": ("Add jail details", None, E, None, "Once per accused sent to jail."),
    "E-9": ("Enter prisoner details", None, E, None, "Once per prisoner."),
}

CIRCULAR = {
    "key": "up-2018-11-19",
    "number": "टीएस-सीसीटीएनएस-35/2010",
    "date": "2018-11-19",
    "issued_by_hi": "मुख्यालय उत्तर प्रदेश पुलिस तकनीकी सेवायें (ओ०पी० सिंह, पुलिस महानिदेशक, उत्तर प्रदेश)",
    "issued_by_en": "Headquarters, UP Police Technical Services (O.P. Singh, Director General of Police, "
                    "Uttar Pradesh)",
    "subject_hi": None,  # filled from the seed file
    "subject_en": "Allocation at police-station level of all police forms and other important regular "
                  "work and responsibilities being entered / uploaded on the CCTNS portal through the "
                  "Core Application Software (CAS) version 4.5",
    "reinforced_by": [{
        "number": "टीएस-सीसीटीएनएस-35/2010",
        "date": "2019-02",
        "summary_en": "DGP's reminder of February 2019 (same file number; the day is illegible in the "
                      "copy): SSPs/SPs, ASPs and COs were not visiting stations to review the 19 Nov "
                      "2018 allocation. SSPs/SPs must have the work done under close supervision, "
                      "direct ASPs, COs and SHOs to comply, and enforce it during surprise inspections. "
                      "It also records that CAS carries 24 forms, 16 other forms and 11 data bank "
                      "services.",
        "summary_hi": "फरवरी 2019 का अनुस्मारक पत्र (समसंख्यक; प्रति में दिनांक अपठनीय): दिनांक "
                      "19.11.2018 के निर्देशों की जनपदीय वरिष्ठ पुलिस अधीक्षक/पुलिस अधीक्षक/अपर पुलिस "
                      "अधीक्षक/क्षेत्राधिकारी द्वारा थानों में जाकर समीक्षा नहीं की जा रही है; अतः उक्त "
                      "कार्य निकट पर्यवेक्षण में कराये जायें, अपर पुलिस अधीक्षक/क्षेत्राधिकारी/थानाध्यक्ष "
                      "को अनुपालन हेतु निर्देशित किया जाये तथा औचक निरीक्षण के समय इसका अनुपालन "
                      "कराया जाये। CAS में 24 फार्म, 16 अन्य फार्म एवं 11 डाटा बैंक सर्विसेज दर्ज की "
                      "जा रही हैं।",
    }],
    "source_file": SEED_REL,
}


def extract_subject(text: str) -> str:
    letter = text[text.index(LETTER_2018_MARK):]
    m = re.search(r"^विषय-\s*(.+?)\s*$", letter, re.MULTILINE)
    if not m:
        raise ValueError("subject line of the 2018 letter not found")
    return m.group(1)


def build() -> dict:
    text = SEED.read_text(encoding="utf-8")
    sections = extract_sections(text)
    counts = {s: len(sections.get(s, [])) for s in SECTIONS}
    assert counts == EXPECTED_COUNTS, counts

    role_by_section = {r["section"]: r["code"] for r in ROLES}
    duties = []
    for s in SECTIONS:
        for number, text_hi in sections[s]:
            code = f"{s.upper()}-{number}"
            name_en, form, kind, recurrence, note_en = ANNOTATIONS[code]
            assert (kind == "recurring") == (recurrence is not None), code
            duties.append({
                "code": code,
                "role": role_by_section[s],
                "number": number,
                "text_hi": text_hi,
                "name_en": name_en,
                "form": form,
                "kind": kind,
                "recurrence": recurrence,
                "note_en": note_en,
            })
    assert len(duties) == 69 and len(ANNOTATIONS) == 69
    circular = dict(CIRCULAR, subject_hi=extract_subject(text))
    return {"circular": circular, "roles": ROLES, "duties": duties}


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    out = render(build())
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != out:
            print(f"{OUT.relative_to(ROOT)} is stale; run scripts/extract_catalogue.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(out, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
