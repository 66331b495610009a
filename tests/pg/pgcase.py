"""pgcase.py — shared pieces of the `postgis` tests (tests/pg/test_*.py).

The database comes from tests/pg/with_cluster.sh (LANDSCAN_PG_CONNINFO: a fresh database with
the postgis extension). The case is testdata/e2e/classify (five parcels, control lines, GBK
blocks shapefile, districts, buildings, an enterprise CSV), loaded into PostGIS with ogr2ogr —
an independent tool — so a run on the files and a run on the database must agree.
"""
import os
import shutil
import subprocess
import tempfile

import psycopg2
from osgeo import ogr

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
CLASSIFY = os.path.join(SOURCE_DIR, "testdata", "e2e", "classify")
PASSWORD = "Sekrit-Pg-42"  # trust authentication ignores it; it must never reappear
# role → (file in CLASSIFY, table in schema cad)
TABLES = {"parcels": ("parcels.geojson", "cad.parcels"),
          "control_lines": ("control.geojson", "cad.control"),
          "blocks": ("qk.shp", "cad.qk"),
          "districts": ("districts.geojson", "cad.districts"),
          "buildings": ("buildings.geojson", "cad.buildings"),
          "enterprises": ("qy.csv", "cad.qy")}
FIELDS = {"parcels": "{parcel_id: ZDDM, landuse: TDYT, industry_code: HYDM}",
          "control_lines": "{tier: JB}",
          "blocks": "{block_id: QKBH, name: QKMC}",
          "districts": "{name: XZQMC}",
          "buildings": "{floors: CS, height_m: GD}",
          "enterprises": "{enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS, "
                         "value_added_10k: ZJZ, eval_class: PJ, status: ZT}"}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def conninfo():
    c = os.environ.get("LANDSCAN_PG_CONNINFO")
    if not c:
        raise SystemExit("LANDSCAN_PG_CONNINFO not set (run through tests/pg/with_cluster.sh)")
    return c


def connect():
    db = psycopg2.connect(conninfo())
    db.autocommit = True
    return db


def sql(query, args=None):
    with connect() as db, db.cursor() as cur:
        cur.execute(query, args)
        rows = cur.fetchall() if cur.description else None
    db.close()
    return rows


def load_classify():
    """Every input of the classify case into schema cad (ogr2ogr; column names laundered to
    lower case, as a bureau's tables usually are; FIDs kept, so that source_fid agrees)."""
    sql("CREATE SCHEMA IF NOT EXISTS cad")
    for role, (name, table) in TABLES.items():
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:" + conninfo(),
                        os.path.join(CLASSIFY, name), "-nln", table, "-overwrite",
                        "-preserve_fid"],
                       check=True)


def pg_path(extra=""):
    return "PG:%s password=%s%s" % (conninfo(), PASSWORD, extra)


def write_run(folder, inputs, name="pg classify", extra=""):
    """RUN.yaml in folder; inputs: role → dict of keys (path, layer, sql) as YAML text."""
    lines = ["name: %s" % name, "reference_date: 2025-12-31", "crs: EPSG:4549",
             "rules: rules.yaml", "output: out", extra, "inputs:"]
    for role, keys in inputs.items():
        lines.append("  %s:" % role)
        for k, v in keys.items():
            lines.append("    %s: %s" % (k, v))
        lines.append("    fields: %s" % FIELDS[role])
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(CLASSIFY, "rules.yaml"), folder)
    path = os.path.join(folder, "RUN.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def quote(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def pg_inputs(overrides=None, path=None):
    """Every role from the database, as a table; overrides: role → keys."""
    p = quote(path or pg_path())
    inputs = {role: {"path": p, "layer": table} for role, (_, table) in TABLES.items()}
    for role, keys in (overrides or {}).items():
        inputs[role] = dict(keys)
        inputs[role].setdefault("path", p)
    return inputs


def file_run(tmp):
    folder = os.path.join(tmp, "files")
    shutil.copytree(CLASSIFY, folder)
    return os.path.join(folder, "RUN.yaml")


def landscan(binary, *args, timeout=300):
    env = dict(os.environ)
    env.setdefault("LANDSCAN_PRESET_DIR", os.path.join(SOURCE_DIR, "src", "lib", "presets"))
    return subprocess.run([binary] + list(args), capture_output=True, text=True, env=env,
                          timeout=timeout)


def layer_rows(gpkg, name, skip=()):
    """All rows of a layer (FID order): tuple of field values (fields named in skip left
    out) + geometry ISO WKB hex."""
    ds = ogr.Open(gpkg)
    layer = ds.GetLayerByName(name)
    defn = layer.GetLayerDefn()
    keep = [i for i in range(defn.GetFieldCount()) if defn.GetFieldDefn(i).GetName() not in skip]
    rows = []
    for f in layer:
        g = f.GetGeometryRef()
        rows.append((f.GetFID(), tuple(f.GetField(i) for i in keep),
                     g.ExportToIsoWkb().hex() if g else None))
    return sorted(rows)


def layer_names(gpkg):
    ds = ogr.Open(gpkg)
    return sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount()))


def run_info(gpkg):
    return {k: v for _, (k, v), _ in layer_rows(gpkg, "run_info")}


def files_containing(folder, needle, skip=("RUN.yaml",)):
    """Files under folder whose bytes contain needle (the run file itself is skipped: the
    planner wrote the password there)."""
    hits = []
    for root, _, names in os.walk(folder):
        for n in names:
            if n in skip:
                continue
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                if needle.encode() in f.read():
                    hits.append(p)
    return hits


def tmpdir(tag):
    return tempfile.mkdtemp(prefix="landscan-%s-" % tag)


def finish(name):
    if failures:
        print("%s: %d failure(s)" % (name, len(failures)))
        raise SystemExit(1)
    print("%s: all checks passed" % name)
