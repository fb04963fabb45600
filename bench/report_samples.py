"""Render every printed document (checklist, slips, compliance, pendency) in Hindi, English and both
to PNG (pdftoppm -r 110) under screenshots/reports/, on a seeded station, to look at the Hindi:
conjuncts (प्र, क्ष, त्र), the ि matra, nothing cut off, tables readable in black and white.

    .venv/bin/python bench/report_samples.py
"""
import pathlib
import subprocess
import sys
import tempfile
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.services.station import open_database
from tests.services.report_seed import seed_station
from app.services import inspections
from app.services.reports import build_checklist
from app.services.reports import build_slips
from app.services.reports import build_compliance
from app.services.reports import build_pendency
out = ROOT / "screenshots" / "reports"; out.mkdir(parents=True, exist_ok=True)
tmp = pathlib.Path(tempfile.mkdtemp())
db = open_database(tmp / "s.sqlite3")
sd = seed_station(db, obligations=600)
v1 = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="क्षमा त्रिपाठी", officer_rank="co", surprise=True)
f = inspections.add_finding(db, v1.id, text="जनरल डायरी पर तीन दिन से टिप्पणी नहीं की गयी", duty_code="A-1")
inspections.add_instruction(db, v1.id, person_id=sd.ids["Rajesh Kumar Tripathi"], text="प्रतिदिन जनरल डायरी पर टिप्पणी करें", due="2026-10-20", finding_id=f.id)
inspections.add_instruction(db, v1.id, person_id=sd.ids["Shyam Lal"], text="अपराध रजिस्टर अद्यतन करें (क्षेत्राधिकारी के निर्देश)", due="2026-10-25")
v2 = inspections.record_inspection(db, visit_date="2026-11-20", officer_name="Ajay Pratap Singh", officer_rank="asp")
for lang in ("hi", "en", "both"):
    docs = {
        "checklist": build_checklist(db, tmp / f"checklist_{lang}.pdf", lang=lang, inspection_id=v2.id),
        "slip": build_slips(db, tmp / f"slip_{lang}.pdf", [sd.ids["Priya Mishra"], sd.ids["Kshitij Prakash"]], lang=lang),
        "compliance": build_compliance(db, tmp / f"compliance_{lang}.pdf", date_from="2026-10-01", date_to="2026-10-31", lang=lang),
        "pendency": build_pendency(db, tmp / f"pendency_{lang}.pdf", date_from="2026-10-01", date_to="2026-10-31", lang=lang),
    }
    for name, r in docs.items():
        for old in out.glob(f"{name}_{lang}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "110", "-png", str(r.path), str(out / f"{name}_{lang}")], check=True)
        print(name, lang, r.pages)
