#!/usr/bin/python3
"""test_pg_publish.py — `landscan publish OUT.gpkg --to PG:… [--schema NAME]` against a real
PostgreSQL + PostGIS server (label postgis, tests/pg/with_cluster.sh).

The run is the classify case read from PostGIS (so its run_info carries redacted connection
strings) with a ledger (so it has the `resolved` table). Checked, each against an
independent reader (OGR and sqlite3 on the GeoPackage, psycopg2 and the PostGIS catalog on
the database):
  - default schema = slug of the run name + reference date: "pg classify", 2025-12-31 →
    run_pg_classify_20251231_h (pg_ is reserved) + the first 8 hex digits of SHA-256("pg classify") (hashlib);
  - every layer and table of the GeoPackage but layer_styles is a table of the schema with
    the same row count, a primary key on fid, the same geometry type and SRID 4549
    (geometry_columns) and a GiST index; parcels' values are equal field by field and the
    geometries byte for byte (ST_AsBinary vs OGR's WKB);
  - every Chinese alias of gpkg_data_columns is the comment of its column;
  - public.layer_styles holds the GeoPackage's styles with f_table_catalog = the database,
    f_table_schema = the schema, one default per layer;
  - the password is nowhere in the database (pg_dump of the schema and layer_styles) nor in
    the command's output;
  - re-publishing replaces the schema: same tables, no duplicated styles; publishing a run
    without a ledger into the same schema drops the `resolved` table;
  - atomicity: when the publish fails at its very last step (a trigger on layer_styles
    raises), the earlier copy is intact (same parcels rows, `resolved` still there), its
    styles too, and no build schema is left;
  - refusals (exit 1, nothing changed): a schema landscan did not publish, --schema public, a
    refused connection (password not in the message), a GeoPackage that is not a run.

usage: test_pg_publish.py LANDSCAN_BINARY
"""
import hashlib
import os
import re
import sqlite3
import subprocess
import sys

from osgeo import ogr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcase import (PASSWORD, SOURCE_DIR, check, conninfo, finish, landscan,  # noqa: E402
                    layer_names, load_classify, pg_inputs, pg_path, sql, tmpdir, write_run)

BIN = sys.argv[1]
tmp = tmpdir("pg-publish")
load_classify()
TARGET = pg_path()  # with the password


def run(folder, *extra):
    path = write_run(folder, pg_inputs())
    r = landscan(BIN, "run", path, "--force", *extra)
    check(r.returncode == 0, "run: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    return os.path.join(folder, "out", "landscan.gpkg")


def publish(gpkg, *extra, expect=0):
    r = landscan(BIN, "publish", gpkg, "--to", TARGET, *extra)
    check(r.returncode == expect, "publish %s: exit %d (expected %d): %s%s"
          % (" ".join(extra), r.returncode, expect, r.stdout, r.stderr))
    check(PASSWORD not in r.stdout + r.stderr, "publish printed the password")
    check(expect != 0 or r.stderr == "", "publish printed on stderr: %s" % r.stderr[-1000:])
    return r


def gpkg_layers(gpkg):
    ds = ogr.Open(gpkg)
    out = {}
    for i in range(ds.GetLayerCount()):
        l = ds.GetLayer(i)
        if l.GetName() != "layer_styles":
            out[l.GetName()] = (l.GetFeatureCount(), l.GetGeomType(),
                                l.GetSpatialRef().GetAuthorityCode(None) if l.GetSpatialRef()
                                else None)
    return out


def tables(schema):
    return sorted(r[0] for r in sql("SELECT table_name FROM information_schema.tables WHERE "
                                    "table_schema = %s", (schema,)))


def count(schema, table):
    return sql('SELECT count(*) FROM "%s"."%s"' % (schema, table))[0][0]


gpkg = run(os.path.join(tmp, "ledger"))
layers = gpkg_layers(gpkg)
check("resolved" in layers or "rule_checks" in layers, "the run has no tables: %s" % layers)
# "pg_" is reserved by PostgreSQL, so run_ goes first; the name is not a slug: + hash
expected_schema = "run_pg_classify_20251231_h" + hashlib.sha256(b"pg classify").hexdigest()[:8]
r = publish(gpkg)
check(expected_schema in r.stdout, "summary names schema %s: %s" % (expected_schema, r.stdout))
schema = expected_schema
db = sql("SELECT current_database()")[0][0]

# --- tables, rows, keys, geometry, indexes -----------------------------------------------
check(tables(schema) == sorted(layers), "tables %s vs layers %s" % (tables(schema),
                                                                   sorted(layers)))
GEOM = {ogr.wkbMultiPolygon: "MULTIPOLYGON", ogr.wkbPolygon: "POLYGON", ogr.wkbPoint: "POINT",
        ogr.wkbMultiPoint: "MULTIPOINT"}
for name, (n, gtype, srid) in layers.items():
    if name not in tables(schema):
        continue
    check(count(schema, name) == n, "%s: %d rows, gpkg has %d" % (name, count(schema, name), n))
    pk = sql("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
             " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
             ('"%s"."%s"' % (schema, name),))
    check([p[0] for p in pk] == ["fid"], "%s: primary key %s" % (name, pk))
    if gtype == ogr.wkbNone:
        continue
    gc = sql("SELECT type, srid FROM geometry_columns WHERE f_table_schema = %s AND "
             "f_table_name = %s", (schema, name))
    check(gc == [(GEOM.get(gtype, "?"), int(srid))],
          "%s: geometry_columns %s, gpkg %s/%s" % (name, gc, ogr.GeometryTypeToName(gtype), srid))
    gist = sql("SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = %s AND "
               "indexdef LIKE '%%USING gist%%'", (schema, name))
    check(len(gist) == 1, "%s: GiST indexes %s" % (name, gist))

# parcels: every value and geometry as in the GeoPackage
ds = ogr.Open(gpkg)
pl = ds.GetLayerByName("parcels")
defn = pl.GetLayerDefn()
names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
cols = ", ".join('"%s"' % c for c in names)
pg_rows = {r[0]: r[1:] for r in sql('SELECT fid, %s, ST_AsBinary(geom) FROM "%s".parcels'
                                    % (cols, schema))}
for f in pl:
    got = pg_rows.get(f.GetFID())
    if not check(got is not None, "parcels fid %d missing" % f.GetFID()):
        continue
    for i, c in enumerate(names):
        a, b = f.GetField(i), got[i]
        if hasattr(b, "isoformat"):
            b = b.strftime("%Y/%m/%d")
        check(a == b, "parcels fid %d %s: gpkg %r, PostGIS %r" % (f.GetFID(), c, a, b))
    check(bytes(got[-1]) == bytes(f.GetGeometryRef().ExportToWkb(ogr.wkbNDR)),
          "parcels fid %d: geometry differs" % f.GetFID())

# aliases as column comments
con = sqlite3.connect(gpkg)
aliases = con.execute("SELECT table_name, column_name, name FROM gpkg_data_columns").fetchall()
styles = con.execute("SELECT f_table_name, styleName, useAsDefault FROM layer_styles").fetchall()
con.close()
check(len(aliases) > 20, "few aliases in the GeoPackage: %d" % len(aliases))
for table, column, alias in aliases:
    if table not in layers:
        continue
    got = sql("SELECT col_description(%s::regclass, attnum) FROM pg_attribute WHERE attrelid = "
              "%s::regclass AND attname = %s", ('"%s"."%s"' % (schema, table),) * 2 + (column,))
    check(got and got[0][0] == alias, "%s.%s: comment %r, alias %r" % (table, column,
                                                                       got and got[0][0], alias))

# styles
pg_styles = sql("SELECT f_table_name, stylename, useasdefault, f_table_catalog, "
                "f_geometry_column, styleqml::text LIKE '%%<renderer-v2%%' OR f_geometry_column "
                "IS NULL FROM public.layer_styles WHERE f_table_schema = %s", (schema,))
check(sorted((t, n) for t, n, *_ in pg_styles) == sorted((t, n) for t, n, _ in styles),
      "styles %s vs gpkg %s" % (sorted(s[:2] for s in pg_styles), sorted(s[:2] for s in styles)))
for t, n, default, cat, geom, has_renderer in pg_styles:
    check(cat == db, "style %s: f_table_catalog %r" % (n, cat))
    check(default == (n == t + "_default"), "style %s: useasdefault %r" % (n, default))
    check(geom == ("geom" if layers[t][1] != ogr.wkbNone else None),
          "style %s: f_geometry_column %r" % (n, geom))
    check(has_renderer, "style %s: QML without a renderer" % n)
nstyles = len(pg_styles)

# the password, anywhere in the database
# (pg_dump ignores -n when -t is given: one dump each)
dump = ""
for what in (["-n", schema], ["-t", "public.layer_styles"]):
    d = subprocess.run(["/usr/lib/postgresql/15/bin/pg_dump", "-d", conninfo()] + what,
                       capture_output=True, text=True)
    check(d.returncode == 0 and len(d.stdout) > 1000, "pg_dump %s failed: %s" % (what, d.stderr))
    dump += d.stdout
check(PASSWORD not in dump, "the password is in the published copy")
check("password=***" in dump, "run_info's redacted input paths not published")

# --- re-publish --------------------------------------------------------------------------
before = tables(schema)
r = publish(gpkg)
check("earlier copy replaced" in r.stdout, "re-publish not reported as a replacement")
check(tables(schema) == before, "re-publish changed the tables: %s" % tables(schema))
check(sql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = %s", (schema,))[0][0]
      == nstyles, "re-publish duplicated the styles")
plain = run(os.path.join(tmp, "plain"), "--no-ledger")
publish(plain, "--schema", schema)
check("resolved" not in tables(schema), "a table the new run lacks was kept")
check(count(schema, "parcels") == 5, "parcels after the second run: %d" % count(schema, "parcels"))
publish(gpkg)  # back to the run with the ledger

# --- atomicity: a failure at the very end leaves the earlier copy --------------------------
parcels_before = sql('SELECT * FROM "%s".parcels ORDER BY fid' % schema)
sql("CREATE FUNCTION public.landscan_test_fail() RETURNS trigger LANGUAGE plpgsql AS "
    "$$BEGIN RAISE EXCEPTION 'styles refused by the test'; END$$")
sql("CREATE TRIGGER landscan_test_fail BEFORE INSERT ON public.layer_styles "
    "FOR EACH ROW EXECUTE FUNCTION public.landscan_test_fail()")
r = publish(plain, "--schema", schema, expect=1)
check("styles refused by the test" in r.stderr, "failure message: %s" % r.stderr)
sql("DROP TRIGGER landscan_test_fail ON public.layer_styles")
check("resolved" in tables(schema), "the failed publish dropped the earlier copy's tables")
check(sql('SELECT * FROM "%s".parcels ORDER BY fid' % schema) == parcels_before,
      "the failed publish changed the earlier parcels")
check(sql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = %s", (schema,))[0][0]
      == nstyles, "the failed publish changed the earlier styles")
check(sql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'landscan_tmp_%%'")[0][0] == 0,
      "a build schema was left behind")

# --- refusals ----------------------------------------------------------------------------
sql("CREATE SCHEMA bureau; CREATE TABLE bureau.zd (id int); INSERT INTO bureau.zd VALUES (1)")
r = publish(gpkg, "--schema", "bureau", expect=1)
check("not published by landscan" in r.stderr, "foreign schema message: %s" % r.stderr)
check(count("bureau", "zd") == 1, "the user's schema was touched")
r = publish(gpkg, "--schema", "public", expect=1)
check("reserved" in r.stderr, "--schema public message: %s" % r.stderr)
TARGET = re.sub(r"port=\d+", "port=1", pg_path())
r = publish(gpkg, expect=1)
check("cannot connect" in r.stderr and "password=***" in r.stderr,
      "refused connection message: %s" % r.stderr)
TARGET = pg_path()
r = publish(os.path.join(SOURCE_DIR, "testdata", "e2e", "measure", "inputs.gpkg"), expect=1)
check("not a finished landscan run" in r.stderr, "not-a-run message: %s" % r.stderr)
check(layer_names(gpkg), "the GeoPackage is still readable")

finish("test_pg_publish")
