#!/usr/bin/python3
"""Independent baseline for the landscan benchmark: the same overlay sums in SpatiaLite.

Usage:
    /usr/bin/python3 scripts/bench_baseline.py BENCH_DIR [--tile 1000]

Reads the inputs written by scripts/make_bench.py (parcels.gpkg, buildings.gpkg,
control.gpkg) with Python's sqlite3 + mod_spatialite (Debian: libsqlite3-mod-spatialite) and
prints, as JSON:
  area_m2            Σ area(p)                 p = MakeValid(parcel) when invalid
  inside_control_m2  Σ area(p ∩ U)             U = union of all control polygons (no double
                                               counting), cut into tiles of --tile m so each
                                               intersection is small
  footprint_m2       Σ area(b ∩ p)             over building/parcel pairs (R*Tree candidates)
  floor_area_m2      Σ area(b ∩ p) / area(b) × floor_area(b),
                     floor_area(b) = floor_area_m2 if given, else area(b) × floors
plus counts and per-step timings. Nothing here shares code with landscan (GEOS is reached
through SpatiaLite SQL; geometry repair is SpatiaLite's RTTOPO MakeValid).
"""
import argparse
import json
import math
import os
import sqlite3
import sys
import time


def main():
    ap = argparse.ArgumentParser(description="SpatiaLite baseline for the landscan benchmark")
    ap.add_argument("bench_dir")
    ap.add_argument("--tile", type=float, default=1000.0, help="tile size for the control union (m)")
    ap.add_argument("--verbose", action="store_true", help="keep GEOS / RTTOPO notices on stderr")
    a = ap.parse_args()
    if not a.verbose:  # SpatiaLite prints a notice per invalid parcel; keep stderr readable
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    d = os.path.abspath(a.bench_dir)
    t0 = time.time()
    timings = {}

    def lap(name, t=[t0]):
        now = time.time()
        timings[name] = round(now - t[0], 3)
        t[0] = now

    con = sqlite3.connect(":memory:", uri=True)
    con.enable_load_extension(True)
    try:
        con.load_extension("mod_spatialite")
    except sqlite3.OperationalError as e:
        sys.exit("cannot load mod_spatialite (apt-get install libsqlite3-mod-spatialite): %s" % e)
    for name in ("parcels", "buildings", "control"):
        path = os.path.join(d, name + ".gpkg")
        if not os.path.exists(path):
            sys.exit("missing %s (run scripts/make_bench.py first)" % path)
        con.execute("ATTACH DATABASE ? AS %s_db" % name, ("file:%s?mode=ro" % path,))
    c = con.cursor()

    # parcels, repaired where invalid
    c.executescript("""
        CREATE TEMP TABLE p0 AS SELECT fid AS id, GeomFromGPB(geom) AS g FROM parcels_db.parcels;
        CREATE TEMP TABLE p AS SELECT id, IsValid(g) AS valid,
               CASE WHEN IsValid(g) THEN g ELSE MakeValid(g) END AS g FROM p0;
        DROP TABLE p0;
        CREATE VIRTUAL TABLE temp.p_rt USING rtree(id, minx, maxx, miny, maxy);
        INSERT INTO p_rt SELECT id, MbrMinX(g), MbrMaxX(g), MbrMinY(g), MbrMaxY(g) FROM p;
    """)
    n_parcels, n_invalid, area = c.execute(
        "SELECT count(*), sum(valid = 0), sum(Area(g)) FROM p").fetchone()
    lap("parcels")

    # control lines: union, cut into tiles
    c.executescript("""
        CREATE TEMP TABLE ctl AS SELECT fid AS id, GeomFromGPB(geom) AS g FROM control_db.control;
    """)
    x0, y0, x1, y1 = c.execute(
        "SELECT min(MbrMinX(g)), min(MbrMinY(g)), max(MbrMaxX(g)), max(MbrMaxY(g)) FROM ctl").fetchone()
    srid = 4549
    c.execute("CREATE TEMP TABLE tiles (id INTEGER PRIMARY KEY, g BLOB)")
    T = a.tile
    nx, ny = int(math.ceil((x1 - x0) / T)), int(math.ceil((y1 - y0) / T))
    rows = []
    for j in range(ny):
        for i in range(nx):
            rows.append((j * nx + i, x0 + i * T, y0 + j * T, x0 + (i + 1) * T, y0 + (j + 1) * T, srid))
    c.executemany("INSERT INTO tiles VALUES (?, BuildMbr(?, ?, ?, ?, ?))", rows)
    c.executescript("""
        CREATE TEMP TABLE pieces AS
            SELECT t.id AS id, ST_Union(ST_Intersection(k.g, t.g)) AS g
            FROM tiles t JOIN ctl k ON MbrIntersects(k.g, t.g)
            GROUP BY t.id;
        DELETE FROM pieces WHERE g IS NULL OR Area(g) = 0;
        CREATE VIRTUAL TABLE temp.pc_rt USING rtree(id, minx, maxx, miny, maxy);
        INSERT INTO pc_rt SELECT id, MbrMinX(g), MbrMaxX(g), MbrMinY(g), MbrMaxY(g) FROM pieces;
    """)
    n_ctl, ctl_area_sum = c.execute("SELECT count(*), sum(Area(g)) FROM ctl").fetchone()
    union_area, n_pieces = c.execute("SELECT sum(Area(g)), count(*) FROM pieces").fetchone()
    lap("control_union")

    inside, n_pairs_c, n_null_c = c.execute("""
        SELECT sum(a), count(*), sum(a IS NULL) FROM (
            SELECT Area(ST_Intersection(p.g, pc.g)) AS a
            FROM p JOIN pc_rt r ON r.minx <= MbrMaxX(p.g) AND r.maxx >= MbrMinX(p.g)
                              AND r.miny <= MbrMaxY(p.g) AND r.maxy >= MbrMinY(p.g)
                   JOIN pieces pc ON pc.id = r.id
            WHERE ST_Intersects(p.g, pc.g))
    """).fetchone()
    lap("inside_control")

    c.executescript("""
        CREATE TEMP TABLE b AS SELECT fid AS id, GeomFromGPB(geom) AS g, floors, floor_area_m2 AS fa
            FROM buildings_db.buildings;
        CREATE VIRTUAL TABLE temp.b_rt USING rtree(id, minx, maxx, miny, maxy);
        INSERT INTO b_rt SELECT id, MbrMinX(g), MbrMaxX(g), MbrMinY(g), MbrMaxY(g) FROM b;
    """)
    n_b = c.execute("SELECT count(*) FROM b").fetchone()[0]
    footprint, floor_area, n_pairs_b, n_null_b = c.execute("""
        SELECT sum(ai), sum(ai / ab * coalesce(fa, ab * floors)), count(*), sum(ai IS NULL) FROM (
            SELECT Area(ST_Intersection(b.g, p.g)) AS ai, Area(b.g) AS ab, b.fa AS fa,
                   b.floors AS floors
            FROM b JOIN p_rt r ON r.minx <= MbrMaxX(b.g) AND r.maxx >= MbrMinX(b.g)
                             AND r.miny <= MbrMaxY(b.g) AND r.maxy >= MbrMinY(b.g)
                   JOIN p ON p.id = r.id
            WHERE ST_Intersects(b.g, p.g))
    """).fetchone()
    lap("buildings")

    out = {
        "engine": "spatialite " + con.execute("SELECT spatialite_version()").fetchone()[0]
                  + " / geos " + con.execute("SELECT geos_version()").fetchone()[0],
        "parcels": n_parcels,
        "invalid_parcels_repaired": n_invalid,
        "buildings": n_b,
        "control_polygons": n_ctl,
        "control_area_sum_m2": ctl_area_sum,
        "control_union_m2": union_area,
        "control_pieces": n_pieces,
        "area_m2": area,
        "inside_control_m2": inside or 0.0,
        "footprint_m2": footprint or 0.0,
        "floor_area_m2": floor_area or 0.0,
        "pairs_parcel_control": n_pairs_c,
        "pairs_building_parcel": n_pairs_b,
        "failed_intersections": (n_null_c or 0) + (n_null_b or 0),
        "timings_s": timings,
        "total_s": round(time.time() - t0, 3),
    }
    if not a.verbose:
        sys.stderr.flush()
        os.dup2(saved, 2)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    if out["failed_intersections"]:
        sys.stderr.write("warning: %d intersections returned NULL\n" % out["failed_intersections"])


if __name__ == "__main__":
    main()
