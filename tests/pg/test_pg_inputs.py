#!/usr/bin/python3
"""test_pg_inputs.py — `landscan run` and `check` with every input in PostGIS (label postgis).

Against a real server (tests/pg/with_cluster.sh): the classify case loaded with ogr2ogr into
schema cad, read with `layer: cad.<table>` (one role through `sql:`), must give exactly the
layers and tables of the run on the files (every attribute, every geometry as WKB; run_info
aside). Then:
  - the password of the connection string appears nowhere: not in stdout/stderr, not in any
    output file (GeoPackage, CSV, QGIS project, reports), not in the ledger; run_info's
    input paths carry password=***;
  - run_info's input hash of a database source is a hash of the rows read: stable from run
    to run, changed by an UPDATE of one value, back to the first value when the UPDATE is
    undone (the row now sits elsewhere physically: row order does not count);
  - `sql:` filters: WHERE zddm <> 'Q01' leaves 4 of the 5 parcels (hand count);
  - a missing table, a refused connection (conninfo and URI forms): exit 1, the message names
    the source with password=*** and never the password, no output folder;
  - a table dropped mid-run: cad.buildings is locked by another session before the run
    starts; once the run waits on that lock (pg_stat_activity), the table is dropped and the
    lock released: exit 1 naming the source and the layer, no output written.

usage: test_pg_inputs.py LANDSCAN_BINARY  (LANDSCAN_PG_CONNINFO from with_cluster.sh)
"""
import os
import re
import subprocess
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcase import (PASSWORD, SOURCE_DIR, check, conninfo, file_run, files_containing, finish,  # noqa: E402
                    landscan, layer_names, layer_rows, load_classify, pg_inputs, pg_path,
                    quote, run_info, sql, tmpdir, write_run)

BIN = sys.argv[1]
tmp = tmpdir("pg-inputs")
load_classify()


def run_ok(run_file, *extra):
    r = landscan(BIN, "run", run_file, "--force", *extra)
    check(r.returncode == 0, "%s: exit %d: %s" % (run_file, r.returncode, r.stderr[-2000:]))
    check(PASSWORD not in r.stdout + r.stderr, "%s: password printed" % run_file)
    return os.path.join(os.path.dirname(run_file), "out", "landscan.gpkg")


def run_fails(run_file, *fragments):
    r = landscan(BIN, "run", run_file, "--force")
    msg = r.stderr
    check(r.returncode == 1, "%s: exit %d (expected 1): %s" % (run_file, r.returncode, msg))
    check(PASSWORD not in r.stdout + msg, "%s: password in the message: %s" % (run_file, msg))
    for frag in fragments:
        check(frag in msg, "%s: message lacks %r: %s" % (run_file, frag, msg))
    out = os.path.join(os.path.dirname(run_file), "out")
    check(not os.path.exists(out), "%s: output folder written on failure" % run_file)
    return msg


# --- same results from the database as from the files ------------------------------------
files_gpkg = run_ok(file_run(tmp))  # with its ledger, like the database run
# districts through sql: (the same rows), everything else as schema.table
pg_dir = os.path.join(tmp, "pg")
pg_run = write_run(pg_dir, pg_inputs({"districts": {"sql": quote("SELECT * FROM cad.districts")}}))
pg_gpkg = run_ok(pg_run)
check(layer_names(files_gpkg) == layer_names(pg_gpkg),
      "layers differ: %s vs %s" % (layer_names(files_gpkg), layer_names(pg_gpkg)))
for name in layer_names(files_gpkg):
    if name in ("run_info", "layer_styles"):
        continue
    a, b = layer_rows(files_gpkg, name), layer_rows(pg_gpkg, name)
    check(a == b, "layer %s differs between files and PostGIS:\n  %s\n  %s" % (name, a, b))
check(len(layer_rows(pg_gpkg, "parcels")) == 5, "parcels: 5 rows expected")
# styles: the same rows apart from their time stamps (QML and SLD do not depend on the source)
check(layer_rows(files_gpkg, "layer_styles", ("update_time",)) ==
      layer_rows(pg_gpkg, "layer_styles", ("update_time",)), "layer_styles differ")

info = run_info(pg_gpkg)
file_info = run_info(files_gpkg)
for role in ("parcels", "control_lines", "blocks", "districts", "buildings", "enterprises"):
    path = info.get("input_%s_path" % role, "")
    check(path.startswith("PG:") and "password=***" in path,
          "run_info input_%s_path %r not the redacted conninfo" % (role, path))
    h = info.get("input_%s_sha256" % role, "")
    check(re.fullmatch(r"[0-9a-f]{64}", h or "") is not None, "input_%s_sha256 %r" % (role, h))
    check(h != file_info.get("input_%s_sha256" % role), "input_%s_sha256 is the file's" % role)
    check(info.get("input_%s_features" % role) == file_info.get("input_%s_features" % role),
          "input_%s_features differ" % role)
hits = files_containing(pg_dir, PASSWORD)
check(not hits, "password found in %s" % hits)
check(os.path.exists(os.path.join(pg_dir, "landscan-ledger.sqlite")),
      "no ledger written beside RUN.yaml (the password check must cover it)")

# check reads the same way (check.c opens the source again)
r = landscan(BIN, "check", pg_run)
check(r.returncode == 0, "check on PostGIS inputs: exit %d: %s" % (r.returncode, r.stderr))
check(PASSWORD not in r.stdout + r.stderr, "check printed the password")
check("password=***" in r.stdout + r.stderr or "PG:" not in r.stdout + r.stderr,
      "check shows an unredacted conninfo")

# --- the hash is a hash of the rows read ---------------------------------------------------
first = info["input_parcels_sha256"]
again = run_info(run_ok(pg_run, "--no-ledger"))["input_parcels_sha256"]
check(again == first, "row hash not stable: %s vs %s" % (first, again))
old = sql("SELECT hydm FROM cad.parcels WHERE zddm = 'Q02'")[0][0]
sql("UPDATE cad.parcels SET hydm = '9999' WHERE zddm = 'Q02'")
changed = run_info(run_ok(pg_run, "--no-ledger"))["input_parcels_sha256"]
check(changed != first, "row hash unchanged after an UPDATE")
sql("UPDATE cad.parcels SET hydm = %s WHERE zddm = 'Q02'", (old,))
ctid = sql("SELECT ctid::text FROM cad.parcels WHERE zddm = 'Q02'")[0][0]
back = run_info(run_ok(pg_run, "--no-ledger"))["input_parcels_sha256"]
check(back == first, "row hash after undoing the UPDATE (row now at %s): %s vs %s"
      % (ctid, back, first))

# --- sql: filters --------------------------------------------------------------------------
sql_run = write_run(os.path.join(tmp, "sql"), pg_inputs(
    {"parcels": {"sql": quote("SELECT * FROM cad.parcels WHERE zddm <> 'Q01'")}}))
ids = sorted(v[0] for _, v, _ in layer_rows(run_ok(sql_run, "--no-ledger"), "parcels"))
check(ids == ["Q02", "Q03", "Q04", "Q05"], "sql: parcels %s (expected Q02..Q05)" % ids)

# --- failures: missing table, refused connections -----------------------------------------
missing = write_run(os.path.join(tmp, "missing"), pg_inputs({"blocks": {"layer": "cad.nope"}}))
run_fails(missing, "no layer 'cad.nope'", "password=***")
bad_port = re.sub(r"port=\d+", "port=1", conninfo())
refused = write_run(os.path.join(tmp, "refused"),
                    pg_inputs(path="PG:%s password=%s" % (bad_port, PASSWORD)))
run_fails(refused, "cannot open the parcels input", "password=***", "PG:")
host = re.search(r"host=(\S+)", conninfo()).group(1)
db = re.search(r"dbname=(\S+)", conninfo()).group(1)
uri = "postgresql://landscan:%s@/%s?host=%s&port=1" % (PASSWORD, db, host)
refused_uri = write_run(os.path.join(tmp, "refused_uri"), pg_inputs(path=uri))
run_fails(refused_uri, "cannot open the parcels input", "postgresql://landscan:***@/")

# --- a table dropped mid-run ---------------------------------------------------------------
drop_dir = os.path.join(tmp, "drop")
drop_run = write_run(drop_dir, pg_inputs(path=pg_path(" application_name=landscan_drop")))
locker = psycopg2.connect(conninfo())
cur = locker.cursor()
cur.execute("LOCK TABLE cad.buildings IN ACCESS EXCLUSIVE MODE")
env = dict(os.environ)
env.setdefault("LANDSCAN_PRESET_DIR", os.path.join(SOURCE_DIR, "src", "lib", "presets"))
proc = subprocess.Popen([BIN, "run", drop_run, "--force"], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, env=env)
waiting = False
deadline = time.time() + 120
while time.time() < deadline and proc.poll() is None:
    rows = sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'landscan_drop'"
               " AND wait_event_type = 'Lock'")
    if rows[0][0] > 0:
        waiting = True
        break
    time.sleep(0.2)
check(waiting, "the run never waited on the locked table (exit %s)" % proc.poll())
cur.execute("DROP TABLE cad.buildings")
locker.commit()
locker.close()
out, err = proc.communicate(timeout=300)
check(proc.returncode == 1, "dropped table: exit %s (expected 1): %s" % (proc.returncode, err))
check(PASSWORD not in out + err, "dropped table: password in the message: %s" % err)
check("password=***" in err and "cad.buildings" in err,
      "dropped table: message does not name the source and layer: %s" % err)
check(not os.path.exists(os.path.join(drop_dir, "out")), "dropped table: output written")
print("dropped table message:", err.strip().splitlines()[-1] if err.strip() else "")

finish("test_pg_inputs")
