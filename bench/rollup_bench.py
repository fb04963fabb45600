"""The rollup part of the benchmark (issue 19): stations' full bundles imported into a PostgreSQL rollup against a
raw COPY of the same rows, and the same bundle again.

    python -m app bench --only rollup [--rollup-stations N] [--years Y]
    .venv/bin/python -m bench.rollup_bench --stations N --years Y [--url POSTGRESQL_URL]

Beside the wall times: the import's CPU, in Python and in the server (the server's processes read from /proc,
when the server runs on this machine), and the COPY's server CPU; the machine is shared, its CPU times are not.
Stations are the demo stations of seeds 1..N (built once and cached like the other parts' demo), each exported
once as a full bundle (cached beside it). Without ``--url`` (or ``ANUPALAN_BENCH_PG_URL``) a throwaway PostgreSQL
server is started (scripts/pg_test_server.py) and stopped after. Figures, per station and in total:
- import: ``rollup.import_paths`` of the station's full bundle into a store holding the stations before it
  (signature, inflating, hashing every row for the state digest, the upsert by COPY, the precomputed rows);
- floor: a plain COPY of exactly the rows the import stored (dumped first with COPY TO, then loaded with COPY FROM
  into the same tables: the district's partitions with all their keys and indexes, under another station uid, in a
  transaction rolled back after), in the same run.
  Goal: import ≤ 2× floor.
- again: the same file imported again (0 rows changed). Goal ≤ 10 % of the floor.
- again_new_file: the same rows in a new full bundle (the manifest's time changed and signed again with the
  station's key): every row is read and hashed, 0 rows changed.
- delta: a week's delta made from it (3,000 pending entries entered; chained, its state digest computed, signed
  with the station's key), imported: the rows upserted and the station's precomputed rows refreshed.
At the issue's scale (40 five-year stations, ≈10M entries): ``--stations 40 --years 5``. The missing demos are built
two at a time at the lowest priority (a five-year demo takes 3-9 minutes to build and export, by the machine's
load); the first 8 stations are measured in full, the others imported and timed, and the district views are
measured at 8, 20 and 40 stations on the way (the SQLite circle takes the first 8).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"rollup_import_ratio": 2.0, "rollup_again_ratio": 0.10}


def log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def cached_bundle(years: int, seed: int) -> tuple[Path, Path, Path]:
    """(station file, enrol file, full bundle) for the demo of (years, seed), made once."""
    import shutil
    import tempfile

    from app.services.storage import head_revisions
    from bench.run import cached_demo, cache_dir

    heads = "+".join(sorted(head_revisions()))
    folder = cache_dir() / f"rollup-demo-y{years}-s{seed}-{heads}"  # checked before the demo: it may be gone
    bundles = sorted(folder.glob("*.anb")) if folder.exists() else []
    if (folder / "enrol.json").exists() and bundles:
        return folder / "station.sqlite3", folder / "enrol.json", bundles[0]
    demo = cached_demo(years, seed)
    from app.services import bundle
    from app.services.station import open_database

    log(f"exporting the full bundle of {demo.name} once …")
    # made in a private folder and moved into place whole: another bench run may be making the same one
    building = Path(tempfile.mkdtemp(prefix=f"building-{os.getpid()}-", dir=folder.parent))
    station = building / "station.sqlite3"
    shutil.copyfile(demo, station)
    db = open_database(station)
    try:
        record = bundle.write_enrol_file(db, building / "enrol.json")
        # each seed's demo has the same code: the bench gives each its own, as a district would
        record["code"] = f"{record['code'] or 'DEMO'}-S{seed}"
        (building / "enrol.json").write_text(json.dumps(record), encoding="utf-8")
        bundle.export_bundle(db, building, full=True)
    finally:
        db.close()
    if folder.exists() and not (folder / "enrol.json").exists():
        shutil.rmtree(folder, ignore_errors=True)  # a half-made one (an older bench that stopped midway)
    try:
        os.replace(building, folder)
    except OSError:  # another run put its own there first: use that one
        shutil.rmtree(building, ignore_errors=True)
    return folder / "station.sqlite3", folder / "enrol.json", sorted(folder.glob("*.anb"))[0]


def resigned(station: Path, path: Path, out: Path) -> Path:
    """The same rows in a new file: the manifest's made_at changed and the payload signed again."""
    from app.services import bundle
    from app.services import station as station_svc
    from app.services.station import open_database

    data = path.read_bytes()
    header, payload = bundle.read_header(data)
    body = gzip.decompress(payload)
    first, rest = body.split(b"\n", 1)
    manifest = json.loads(first)
    manifest["made_at"] = manifest["made_at"].replace("Z", "") + "1Z" if "." in manifest["made_at"] else \
        manifest["made_at"].replace("Z", ".000001Z")
    new = gzip.compress(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + rest,
                        compresslevel=6, mtime=0)
    db = open_database(station, readonly=True)
    try:
        with db.session() as s:
            key = station_svc.get_identity(s).signing_key()
    finally:
        db.close()
    header.update(payload_sha256=hashlib.sha256(new).hexdigest(),
                  signature=base64.b64encode(key.sign(new).signature).decode())
    out.write_bytes(bundle.MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n" + new)
    return out


def delta_bundle(station: Path, path: Path, out: Path, changes: int = 3000) -> Path:
    """A week's delta after the full bundle at ``path``, made from it: ``changes`` pending entries entered (the
    next sequence, chained to the full one, with the station's state digest after it, signed by its key)."""
    from app.services import bundle
    from app.services import station as station_svc
    from app.services.station import open_database

    data = path.read_bytes()
    header, payload = bundle.read_header(data)
    lines = gzip.decompress(payload).split(b"\n")
    manifest = json.loads(lines[0])
    names = manifest["columns"]
    status_at, entered_at = names["obligations"].index("status"), names["obligations"].index("entered_at")
    terms, changed = 0, []
    for line in lines[1:]:
        if not line:
            continue
        table, values = json.loads(line)
        if table == "obligations" and values[status_at] == "pending" and len(changed) < changes:
            values[status_at] = "entered"
            values[entered_at] = manifest["station_time"]
            changed.append(json.dumps([table, values], ensure_ascii=False, separators=(",", ":")).encode())
        record = bundle.record_of(names[table], values)
        terms ^= bundle.digest_term(table, record["code" if table == "roles" else "id"], bundle.row_hash(record))
    manifest.update(sequence=manifest["sequence"] + 1, kind="delta", base_sequence=None,
                    prev_bundle_sha256=hashlib.sha256(data).hexdigest(), state_digest=bundle.state_digest_of(terms),
                    rows=len(changed), counts={"obligations": {"rows": len(changed), "total": 0}})
    body = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + b"\n".join(changed) \
        + b"\n"
    new = gzip.compress(body, compresslevel=6, mtime=0)
    db = open_database(station, readonly=True)
    try:
        with db.session() as s:
            key = station_svc.get_identity(s).signing_key()
    finally:
        db.close()
    header = {"station_uid": manifest["station_uid"], "sequence": manifest["sequence"],
              "payload_sha256": hashlib.sha256(new).hexdigest(),
              "signature": base64.b64encode(key.sign(new).signature).decode()}
    out.write_bytes(bundle.MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n" + new)
    return out


def _plain(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def server_cpu(url: str) -> dict[int, float]:
    """CPU seconds used so far by each server process of ``url``'s database (a local server only: read from
    /proc; {} when the server is on another machine). The difference over an import is the server's share."""
    import psycopg

    with psycopg.connect(_plain(url), autocommit=True) as con:
        pids = [p for (p,) in con.execute("select pid from pg_stat_activity where datname = current_database() "
                                          "and pid <> pg_backend_pid()")]
    found = {pid: _backend_cpu(pid) for pid in pids}
    return {pid: v for pid, v in found.items() if v is not None}


def cpu_since(url: str, before: dict[int, float]) -> float | None:
    after = server_cpu(url)
    if not after:
        return None
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


def _backend_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _floor(url: str, uid: str) -> tuple[float, float | None]:
    """(wall seconds, server CPU seconds or None) of a plain COPY of exactly the rows the import stored for
    ``uid``, into the same tables (the same district's partitions, with all their keys and indexes, beside the
    stations already held), in one transaction rolled back after: the fastest PostgreSQL takes these rows where
    the import puts them. The rows keep everything but the station uid, which is another (the keys would clash)."""
    import psycopg

    with psycopg.connect(_plain(url)) as con:
        dumps = {}
        for table in ("rollup_entries", "rollup_rows"):  # the stored rows in COPY's own text form (not timed)
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = %s order by ordinal_position",
                (table,))]
            picked = ", ".join("'floor-' || station_uid" if c == "station_uid" else c for c in cols)
            data = bytearray()
            with con.cursor().copy(f"copy (select {picked} from {table} where station_uid = '{uid}') "
                                   "to stdout") as copy:
                for chunk in copy:
                    data += chunk
            dumps[table] = (cols, bytes(data))
        con.commit()
        pid = con.info.backend_pid
        cpu = _backend_cpu(pid)
        started = time.perf_counter()
        with con.cursor() as cur:
            for table, (cols, data) in dumps.items():
                with cur.copy(f"copy {table} ({', '.join(cols)}) from stdin") as copy:
                    for i in range(0, len(data), 1 << 20):
                        copy.write(data[i:i + (1 << 20)])
        seconds = time.perf_counter() - started
        after = _backend_cpu(pid)
        con.rollback()
    return seconds, (after - cpu if cpu is not None and after is not None else None)


def measure(url: str, stations: list[tuple[Path, Path, Path]], work: Path) -> dict:
    from app.services import rollup

    rollup.init_store(url, "Benchmark district")
    out: dict = {"rollup_stations": len(stations), "rollup_per_station": []}
    with rollup.open_rollup(url) as store:
        for station, enrol, path in stations[:FULLY_MEASURED]:
            result = rollup.enrol_station(store, enrol)
            with store.connect():
                pass  # the pool's connection made before the server's CPU is read (its start is not the import)
            server = server_cpu(url)
            started, cpu = time.perf_counter(), time.process_time()
            report = rollup.import_paths(store, [path])
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            server = cpu_since(url, server)
            if not report.imported:
                raise RuntimeError(f"{path.name} was not imported: {report.as_json()}")
            rows = report.imported[0]["rows"]
            floor, floor_server = _floor(url, result.station_uid)
            started = time.perf_counter()
            again = rollup.import_paths(store, [path])
            again_s = time.perf_counter() - started
            assert again.unchanged and again.unchanged[0]["changed"] == 0
            fresh = resigned(station, path, work / f"again-{path.name}")
            started = time.perf_counter()
            second = rollup.import_paths(store, [fresh])
            again_new_s = time.perf_counter() - started
            changed = second.imported[0]["changed"] if second.imported else None
            delta = delta_bundle(station, fresh, work / f"delta-{path.name}")
            started = time.perf_counter()
            week = rollup.import_paths(store, [delta])
            delta_s = time.perf_counter() - started
            if not week.imported or not week.imported[0]["digest_ok"]:
                raise RuntimeError(f"the delta was not imported cleanly: {week.as_json()}")
            one = {"station": result.code, "rows": rows, "bytes": path.stat().st_size, "import_s": seconds,
                   "import_python_cpu_s": cpu, "import_server_cpu_s": server,
                   "floor_copy_s": floor, "floor_server_cpu_s": floor_server, "import_ratio": seconds / floor,
                   "import_cpu_ratio": (cpu + server) / floor_server if server and floor_server else None,
                   "again_s": again_s,
                   "again_ratio": again_s / floor, "again_new_file_s": again_new_s,
                   "again_new_file_changed": changed, "digest_ok": report.imported[0]["digest_ok"],
                   "delta_rows": week.imported[0]["rows"], "delta_s": delta_s}
            log(f"  {result.code}: {rows:,} rows, import {seconds:.1f} s (CPU: Python {cpu:.1f} s, server "
                f"{_secs(server)}), COPY floor {floor:.1f} s (server CPU {_secs(floor_server)}) "
                f"({seconds / floor:.2f}x), again {again_s:.2f} s, new file of the same rows {again_new_s:.1f} s "
                f"({changed} changed), a week's delta of {week.imported[0]['rows']:,} rows {delta_s:.1f} s")
            out["rollup_per_station"].append(one)
        _import_more(store, stations, out)
        started = time.perf_counter()
        with store.connect() as conn:
            from sqlalchemy import text

            district = conn.execute(text(
                "select station_uid, sum(case when status = 'pending' then n else 0 end), "
                "sum(case when status = 'pending' and age_band not in ('', 'not_due') then n else 0 end) "
                "from rollup_counts group by station_uid")).all()
        out["rollup_district_counts_ms"] = (time.perf_counter() - started) * 1000
        out["rollup_district_stations"] = len(district)
        from bench import rollup_views_bench  # the supervisors' views over this store, and a SQLite circle of 8

        out.update(rollup_views_bench.measure(store))
    out.update(rollup_views_bench.circle(stations, work))
    per = out["rollup_per_station"]
    out["rollup_rows_total"] = sum(p["rows"] for p in per + out["rollup_more_imports"])
    out["rollup_import_ratio"] = statistics.median(p["import_ratio"] for p in per)
    out["rollup_again_ratio"] = statistics.median(p["again_ratio"] for p in per)
    out["rollup_import_s_total"] = sum(p["import_s"] for p in per)
    out["rollup_floor_s_total"] = sum(p["floor_copy_s"] for p in per)
    out["rollup_goals"] = {k: {"goal": g, "value": out[k], "met": out[k] <= g} for k, g in GOALS.items()}
    out["rollup_goals"].update(rollup_views_bench.goals(out))
    return out


FULLY_MEASURED = 8  # stations measured in full (floor, again, new file, delta); the others are imported, timed
VIEWS_AT = (8, 20, 40)  # station counts at which the district views are measured on the way (and at the end)


def _import_more(store, stations: list[tuple[Path, Path, Path]], out: dict) -> None:
    """The stations after the first ``FULLY_MEASURED``: each imported (timed), the district views measured at
    ``VIEWS_AT`` stations on the way, so the views' growth with the stations is measured, not only guessed."""
    from app.services import rollup
    from bench import rollup_views_bench

    out["rollup_more_imports"], out["rollup_views_at"] = [], []

    def views_now(count: int) -> None:
        if count in VIEWS_AT and count < len(stations):
            m = rollup_views_bench.measure(store)
            out["rollup_views_at"].append({"stations": count, **{k: m[k] for k in (
                "rollup_views_s", "rollup_views_raw_s", "rollup_views_ratio", "rollup_views_statements")}})
            log(f"  {count} stations: district views {m['rollup_views_s'] * 1000:.0f} ms, raw "
                f"{m['rollup_views_raw_s'] * 1000:.0f} ms ({m['rollup_views_ratio']:.2f}x)")

    views_now(min(len(stations), FULLY_MEASURED))
    for i, (_station, enrol, path) in enumerate(stations[FULLY_MEASURED:], FULLY_MEASURED + 1):
        result = rollup.enrol_station(store, enrol)
        started, cpu = time.perf_counter(), time.process_time()
        report = rollup.import_paths(store, [path])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if not report.imported:
            raise RuntimeError(f"{path.name} was not imported: {report.as_json()}")
        rows = report.imported[0]["rows"]
        out["rollup_more_imports"].append({"station": result.code, "rows": rows, "import_s": seconds,
                                           "import_python_cpu_s": cpu})
        log(f"  {result.code}: {rows:,} rows, import {seconds:.1f} s (Python's CPU {cpu:.1f} s)")
        views_now(i)


def build_bundles(years: int, stations: int, jobs: int = 2) -> list[tuple[Path, Path, Path]]:
    """The stations' (station file, enrol file, full bundle) for seeds 1..``stations``, the missing ones built
    ``jobs`` at a time in processes of the lowest priority (a five-year demo takes minutes). A demo file of seed
    2 or more is removed once its bundle is made (its folder keeps a copy of the station): 40 of them would
    otherwise hold 6 GB twice."""
    from concurrent.futures import ProcessPoolExecutor

    missing = [seed for seed in range(1, stations + 1) if not _bundle_ready(years, seed)]
    if len(missing) > 1 and jobs > 1:
        log(f"building {len(missing)} demo stations of {years} years, {jobs} at a time …")
        with ProcessPoolExecutor(max_workers=jobs, initializer=os.nice, initargs=(19,)) as pool:
            list(pool.map(_built, [years] * len(missing), missing))
    return [_built(years, seed) for seed in range(1, stations + 1)]


def _bundle_ready(years: int, seed: int) -> bool:
    from app.services.storage import head_revisions
    from bench.run import cache_dir

    folder = cache_dir() / f"rollup-demo-y{years}-s{seed}-{'+'.join(sorted(head_revisions()))}"
    return (folder / "enrol.json").exists() and any(folder.glob("*.anb"))


def _built(years: int, seed: int) -> tuple[Path, Path, Path]:
    from app.services.storage import head_revisions
    from bench.run import cache_dir

    made = cached_bundle(years, seed)
    if seed > 1:
        (cache_dir() / f"demo-y{years}-s{seed}-{'+'.join(sorted(head_revisions()))}.sqlite3").unlink(missing_ok=True)
    return made


def _secs(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f} s"


def run(stations: int = 1, years: int = 5, url: str | None = None) -> dict:
    import tempfile

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    made = build_bundles(years, stations)
    url = url or os.environ.get("ANUPALAN_BENCH_PG_URL")
    server = None
    py = sys.executable
    if not url:
        started = subprocess.run([py, str(ROOT / "scripts" / "pg_test_server.py"), "start"], check=True,
                                 capture_output=True, text=True).stdout
        env = dict(line.split("=", 1) for line in started.split() if "=" in line)
        server = env["PG_TEST_DIR"]
        base = env["ANUPALAN_TEST_DATABASE_URL"]
    else:
        base = url
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        admin = make_url(base).set(drivername="postgresql")
        name = f"anupalan_rollup_bench_{os.getpid()}"
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as con:
            con.execute(f'drop database if exists "{name}" with (force)')
            con.execute(f'create database "{name}"')
        target = make_url(base).set(database=name).render_as_string(hide_password=False)
        with tempfile.TemporaryDirectory(prefix="anupalan-rollup-bench-") as tmp:
            out = measure(target, made, Path(tmp))
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as con:
            con.execute(f'drop database if exists "{name}" with (force)')
    finally:
        if server:
            subprocess.run([py, str(ROOT / "scripts" / "pg_test_server.py"), "stop", server], check=False)
    out["rollup_years"] = years
    return out


def describe(r: dict) -> str:
    lines = [f"rollup: {r['rollup_stations']} station(s) of {r['rollup_years']} years, "
             f"{r['rollup_rows_total']:,} rows, into PostgreSQL"]
    for p in r["rollup_per_station"]:
        cpu = (f" (CPU: Python {p['import_python_cpu_s']:.2f} s + server {_secs(p.get('import_server_cpu_s'))}, "
               f"the COPY's server {_secs(p.get('floor_server_cpu_s'))})")
        lines.append(f"  {p['station']:<16} {p['rows']:>9,} rows  import {p['import_s']:7.2f} s  floor (COPY) "
                     f"{p['floor_copy_s']:6.2f} s  ratio {p['import_ratio']:4.2f}x (goal <= 2x){cpu}  again "
                     f"{p['again_s']:5.2f} s = {p['again_ratio'] * 100:4.1f} % (goal <= 10 %)  same rows, new file "
                     f"{p['again_new_file_s']:6.2f} s ({p['again_new_file_changed']} changed)  a week's delta "
                     f"({p['delta_rows']:,} rows) {p['delta_s']:5.2f} s")
    more = r.get("rollup_more_imports") or []
    if more:
        took = sorted(p["import_s"] for p in more)
        lines.append(f"  {len(more)} more stations imported (full bundles, {sum(p['rows'] for p in more):,} rows): "
                     f"{took[0]:.1f}-{took[-1]:.1f} s each, median {statistics.median(took):.1f} s")
    for v in r.get("rollup_views_at") or []:
        lines.append(f"  at {v['stations']} stations: district views {v['rollup_views_s'] * 1000:.0f} ms, the same "
                     f"{v['rollup_views_statements']} statements raw {v['rollup_views_raw_s'] * 1000:.0f} ms "
                     f"({v['rollup_views_ratio']:.2f}x)")
    lines.append(f"  district counts from the precomputed rows: {r['rollup_district_counts_ms']:.1f} ms "
                 f"({r['rollup_district_stations']} stations)")
    from bench import rollup_views_bench

    lines.append(rollup_views_bench.describe(r))
    missed = [k for k, g in r["rollup_goals"].items() if not g["met"]]
    lines.append("  rollup goals: " + ("all met" if not missed else "NOT met: " + ", ".join(missed)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--stations", type=int, default=1)
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--url", help="a PostgreSQL server URL whose user may create databases")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    result = run(args.stations, args.years, args.url)
    print(json.dumps(result, indent=2, default=str) if args.json else describe(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
