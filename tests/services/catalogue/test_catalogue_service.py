from app.services.catalogue import list_duties, list_roles


def test_catalogue_seeded_in_letter_order(db):
    roles = list_roles(db)
    assert [r.code for r in roles] == ["sho", "mohrir", "io", "operator", "court"]
    duties = list_duties(db)
    assert len(duties) == 69
    counts = {r.code: sum(1 for d in duties if d.role == r.code) for r in roles}
    assert counts == {"sho": 8, "mohrir": 18, "io": 6, "operator": 28, "court": 9}
    assert duties[0].code == "A-1" and duties[-1].code == "E-9"
    fir = next(d for d in duties if d.code == "B-2")
    assert fir.form == "IIF-1" and fir.text_hi == "प्रथम सूचना रिपोर्ट का पंजीकरण। (IIF-1)"


def test_seeding_is_idempotent(db_path):
    from app.services.station import open_database

    for _ in range(2):
        db = open_database(db_path)
        assert len(list_duties(db)) == 69
        db.close()
