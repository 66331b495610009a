#!/usr/bin/env bash
# Benchmark landscan against a hand-written C/GEOS baseline and PostGIS, in one invocation.
#
#   scripts/bench.sh [--1m] [--no-pg] [--spatialite] [--keep] [SCALE ...]
#
# Scales: 10000 100000 by default; --1m adds 1000000; explicit SCALEs replace the default.
# For each scale:
#   1. inputs from scripts/make_bench.py (cached in $BENCH_WORK/N, default build/bench/N;
#      regenerated when make_bench.py changes);
#   2. landscan: `landscan run RUN.yaml --force -o DIR --quiet` ($LANDSCAN, default
#      build/landscan; a Release build), every output and the ledger on (a fresh ledger per
#      run, so every scale measures the same first-year run), all cores;
#   3. the C/GEOS baseline bench/baseline.c ($BASELINE, default build/landscan_baseline,
#      built here with `cmake --build build --target landscan_baseline` when missing):
#      single thread, prepared geometries, parcel area, area inside the control-line union,
#      largest-overlap block, floor area from buildings, enterprise join, per-block sums;
#   4. PostGIS (unless --no-pg): a throw-away PostgreSQL 15 + PostGIS cluster
#      (scripts/pg_cluster.sh, started once, stopped at exit), inputs loaded with ogr2ogr and
#      psql \copy, then one SQL script computing the same figures (timed separately);
#   5. with --spatialite also scripts/bench_baseline.py (the earlier SpatiaLite baseline).
# Every engine runs under /usr/bin/time -v: wall, CPU (user + system) and peak RSS are
# printed (PostGIS: the server's work is not in the client's RSS, shown as -). landscan's
# per-stage times come from run_info (time_*_s). Totals — parcel count, Σ area_m2,
# Σ inside_control_m2, Σ footprint_m2, Σ floor_area_m2, Σ tax_10k — and the parcel count of
# every block must agree with the baseline to a relative 1e-6 ($BENCH_TOL); exit status 1
# otherwise or when an engine fails. The machine may be shared: wall times then include
# waiting for a core, CPU times do not.
# Needs: /usr/bin/python3 with python3-gdal, time, postgresql-15-postgis-3, gdal-bin.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
LANDSCAN="${LANDSCAN:-$root/build/landscan}"
BASELINE="${BASELINE:-$root/build/landscan_baseline}"
WORK="${BENCH_WORK:-$root/build/bench}"
TOL="${BENCH_TOL:-1e-6}"
scales=()
with_1m=0 with_pg=1 with_sl=0 keep=0
for a in "$@"; do
    case "$a" in
    --1m) with_1m=1 ;;
    --no-pg) with_pg=0 ;;
    --spatialite) with_sl=1 ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "bench.sh: unknown option $a" >&2; exit 2 ;;
    *) scales+=("$a") ;;
    esac
done
[ ${#scales[@]} -eq 0 ] && scales=(10000 100000)
[ $with_1m = 1 ] && scales+=(1000000)

if [ ! -x /usr/bin/time ]; then
    echo "bench.sh: /usr/bin/time missing (apt-get install -y time)" >&2
    exit 2
fi
if [ ! -x "$LANDSCAN" ]; then
    echo "bench.sh: no landscan binary at $LANDSCAN (cmake -DCMAKE_BUILD_TYPE=Release; set LANDSCAN=...)" >&2
    exit 2
fi
if [ ! -x "$BASELINE" ]; then
    echo "== building the C/GEOS baseline" >&2
    cmake --build "$(dirname "$BASELINE")" --target landscan_baseline >&2 || exit 2
fi
mkdir -p "$WORK"
gen_hash="$(md5sum "$here/make_bench.py" | cut -d' ' -f1)"

# /usr/bin/time -v log → "wall_s cpu_s rss_mb"
timeinfo() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; w = s }
        /User time/ { c += $2 } /System time/ { c += $2 }
        /Maximum resident set size/ { r = $2 / 1024 }
        END { printf "%.2f %.2f %.0f\n", w, c, r }' "$1"
}

if [ $with_pg = 1 ]; then
    # shellcheck source=pg_cluster.sh
    . "$here/pg_cluster.sh"
    if ! pg_cluster_start landscan_bench >/dev/null; then
        echo "bench.sh: cannot start PostgreSQL (--no-pg to skip)" >&2
        exit 2
    fi
    PGCONN="$LANDSCAN_PG_CONNINFO"
fi

# PostGIS: load (ogr2ogr, \copy), then the query script; writes pg_load.time, pg_query.time,
# pg.json (the same keys as the baseline's JSON) and pg_blocks.tsv.
run_pg() {
    local d=$1 n=$2
    psql -X -q -d "$PGCONN" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench" >/dev/null
    cat > "$d/pg_load.sh" <<EOF
set -e
for t in parcels buildings control blocks; do
    ogr2ogr -f PostgreSQL "PG:$PGCONN" "$d/\$t.gpkg" -nln bench.\$t -lco GEOMETRY_NAME=geom \
        -lco SPATIAL_INDEX=NONE -lco FID=fid -nlt PROMOTE_TO_MULTI --config PG_USE_COPY YES
done
psql -X -q -v ON_ERROR_STOP=1 -d "$PGCONN" <<'SQL'
CREATE TABLE bench.enterprises (enterprise_id text, name text, parcel_id text, role text,
    scale text, tax_10k double precision, value_added_10k double precision,
    revenue_10k double precision, energy_tce double precision, employees integer, status text);
\copy bench.enterprises FROM '$d/enterprises.csv' WITH (FORMAT csv, HEADER true)
SQL
EOF
    /usr/bin/time -v -o "$d/pg_load.time" bash "$d/pg_load.sh" > "$d/pg_load.log" 2>&1 || return 1
    cat > "$d/pg_query.sql" <<'SQL'
\set ON_ERROR_STOP 1
SET search_path = bench, public;
SET client_min_messages = warning;
CREATE TABLE p AS
    SELECT fid AS id, parcel_id,
           CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END AS g
    FROM parcels;
CREATE INDEX ON p USING gist (g);
CREATE INDEX ON p (parcel_id);
CREATE INDEX ON buildings USING gist (geom);
CREATE INDEX ON blocks USING gist (geom);
ANALYZE p; ANALYZE buildings; ANALYZE blocks;
-- the union of the control lines, in pieces of at most 256 vertices (an exact partition)
CREATE TABLE u AS SELECT (ST_Dump(ST_Subdivide(ST_Union(geom), 256))).geom AS g FROM control;
CREATE INDEX ON u USING gist (g);
ANALYZE u;
CREATE TABLE inside AS
    SELECT p.id, sum(CASE WHEN ST_Contains(u.g, p.g) THEN ST_Area(p.g)
                          ELSE ST_Area(ST_Intersection(p.g, u.g)) END) AS m2
    FROM p JOIN u ON ST_Intersects(p.g, u.g) GROUP BY p.id;
CREATE TABLE bo AS
    SELECT p.id, CASE WHEN ST_Contains(p.g, b.geom) THEN ST_Area(b.geom)
                      ELSE ST_Area(ST_Intersection(b.geom, p.g)) END AS ai,
           ST_Area(b.geom) AS ab, b.floor_area_m2 AS fa, b.floors
    FROM buildings b JOIN p ON ST_Intersects(b.geom, p.g);
CREATE TABLE pb AS
    SELECT DISTINCT ON (p.id) p.id, k.block_id
    FROM p JOIN blocks k ON ST_Intersects(p.g, k.geom)
    ORDER BY p.id, CASE WHEN ST_Contains(k.geom, p.g) THEN ST_Area(p.g)
                        ELSE ST_Area(ST_Intersection(p.g, k.geom)) END DESC, k.fid;
CREATE TABLE tax AS
    SELECT p.id, sum(e.tax_10k) AS tax FROM enterprises e JOIN p USING (parcel_id) GROUP BY p.id;
CREATE TABLE per_parcel AS
    SELECT p.id, ST_Area(p.g) AS area, coalesce(i.m2, 0) AS inside,
           coalesce(f.fp, 0) AS fp, coalesce(f.fa, 0) AS fa, coalesce(t.tax, 0) AS tax,
           pb.block_id
    FROM p LEFT JOIN inside i USING (id)
           LEFT JOIN (SELECT id, sum(ai) AS fp,
                             sum(CASE WHEN ab > 0 THEN ai / ab * coalesce(fa, ab * floors, 0) ELSE 0 END) AS fa
                      FROM bo WHERE ai > 0 GROUP BY id) f USING (id)
           LEFT JOIN tax t USING (id)
           LEFT JOIN pb USING (id);
\pset format unaligned
\pset tuples_only on
\o :outdir/pg_blocks.tsv
SELECT block_id || E'\t' || count(*) || E'\t' || sum(area) FROM per_parcel
    WHERE block_id IS NOT NULL GROUP BY block_id ORDER BY block_id;
\o :outdir/pg.json
SELECT json_build_object('engine', 'PostGIS ' || postgis_lib_version() || ' / ' || version(),
    'parcels', count(*), 'area_m2', sum(area), 'inside_control_m2', sum(inside),
    'footprint_m2', sum(fp), 'floor_area_m2', sum(fa), 'tax_10k', sum(tax))
FROM per_parcel;
SQL
    /usr/bin/time -v -o "$d/pg_query.time" psql -X -q -d "$PGCONN" -v outdir="$d" \
        -f "$d/pg_query.sql" > "$d/pg_query.log" 2>&1 || return 1
    [ $keep = 1 ] || psql -X -q -d "$PGCONN" -c "DROP SCHEMA bench CASCADE" >/dev/null
}

summary=()
stages=()
status=0
for n in "${scales[@]}"; do
    d="$WORK/$n"
    if [ ! -f "$d/RUN.yaml" ] || [ "$(cat "$d/.generator" 2>/dev/null)" != "$gen_hash" ]; then
        echo "== generating $n parcels in $d" >&2
        rm -rf "$d"
        "$PY" "$here/make_bench.py" "$d" --parcels "$n" >&2 || { echo "generation failed" >&2; exit 1; }
        echo "$gen_hash" > "$d/.generator"
    fi

    echo "== landscan $n" >&2
    rm -rf "$d/out" "$d/landscan-ledger.sqlite"
    /usr/bin/time -v -o "$d/landscan.time" "$LANDSCAN" run "$d/RUN.yaml" --force -o "$d/out" --quiet \
        > "$d/landscan.log" 2>&1
    lrc=$?
    read -r lw lc lr < <(timeinfo "$d/landscan.time")

    echo "== C/GEOS baseline $n" >&2
    /usr/bin/time -v -o "$d/baseline.time" "$BASELINE" "$d" "$d/baseline_blocks.tsv" > "$d/baseline.json"
    brc=$?
    read -r bw bc br < <(timeinfo "$d/baseline.time")

    prc=skipped
    if [ $with_pg = 1 ]; then
        echo "== PostGIS $n" >&2
        rm -f "$d/pg.json" "$d/pg_blocks.tsv"
        if run_pg "$d" "$n"; then prc=0; else prc=1; fi
        read -r plw plc _ < <(timeinfo "$d/pg_load.time")
        read -r pqw pqc _ < <(timeinfo "$d/pg_query.time" 2>/dev/null || echo "- - -")
    fi
    src=skipped
    if [ $with_sl = 1 ]; then
        echo "== SpatiaLite baseline $n" >&2
        /usr/bin/time -v -o "$d/spatialite.time" "$PY" "$here/bench_baseline.py" "$d" > "$d/spatialite.json"
        src=$?
        read -r sw sc sr < <(timeinfo "$d/spatialite.time")
    fi

    verdict="$("$PY" - "$d" "$lrc" "$brc" "$prc" "$src" "$TOL" <<'EOF'
import json, os, sqlite3, sys
d, lrc, brc, prc, src, tol = sys.argv[1:6] + [float(sys.argv[6])]
keys = ["area_m2", "inside_control_m2", "footprint_m2", "floor_area_m2", "tax_10k"]
bad = []
def load(name):
    try:
        return json.load(open(os.path.join(d, name)))
    except Exception as e:
        bad.append("%s unreadable (%s)" % (name, e)); return None
def blocks(path, cols):
    out = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        out[f[0]] = int(f[1])
    return out
base = load("baseline.json") if brc == "0" else None
if brc != "0":
    bad.append("baseline exit %s" % brc)
got = {}
if lrc != "0":
    bad.append("landscan exit %s (see %s/landscan.log)" % (lrc, d))
else:
    con = sqlite3.connect("file:%s?mode=ro" % os.path.join(d, "out", "landscan.gpkg"), uri=True)
    row = con.execute("SELECT count(*), " + ", ".join("total(%s)" % k for k in keys)
                      + " FROM parcels").fetchone()
    got["landscan"] = dict(zip(["parcels"] + keys, row))
    got["landscan_blocks"] = dict(con.execute("SELECT block_id, parcel_count FROM blocks"))
    times = dict(con.execute("SELECT key, value FROM run_info WHERE key LIKE 'time_%'"))
    json.dump(times, open(os.path.join(d, "landscan_stages.json"), "w"), indent=1)
if prc == "0":
    got["postgis"] = load("pg.json")
    got["postgis_blocks"] = blocks(os.path.join(d, "pg_blocks.tsv"), 2)
elif prc != "skipped":
    bad.append("PostGIS failed (see %s/pg_*.log)" % d)
if src == "0":
    got["spatialite"] = load("spatialite.json")
elif src != "skipped":
    bad.append("SpatiaLite exit %s" % src)
if base:
    bb = blocks(os.path.join(d, "baseline_blocks.tsv"), 2)
    with open(os.path.join(d, "totals.txt"), "w") as fh:
        for name, v in [("baseline", base)] + [(k, v) for k, v in got.items() if not k.endswith("_blocks") and v]:
            fh.write("%-10s parcels=%s " % (name, v.get("parcels")) + " ".join(
                "%s=%.6f" % (k, v[k]) for k in keys if k in v) + "\n")
    for name, v in got.items():
        if not v:
            continue
        if name.endswith("_blocks"):
            diff = [k for k in bb if v.get(k) != bb[k]]
            if diff or len(v) != len(bb):
                bad.append("%s: %d of %d blocks differ in parcel count (e.g. %s)" % (
                    name, len(diff), len(bb), diff[:3]))
            continue
        if int(v["parcels"]) != base["parcels"]:
            bad.append("%s parcels %s≠%s" % (name, v["parcels"], base["parcels"]))
        for k in keys:
            if k not in v:
                continue
            ref = base[k]
            rel = abs(v[k] - ref) / max(abs(ref), 1e-9)
            if rel >= tol:
                bad.append("%s %s %.6f vs %.6f (rel %.2g)" % (name, k, v[k], ref, rel))
print("yes" if not bad else "NO: " + "; ".join(bad))
EOF
)"
    case "$verdict" in yes) ;; *) status=1 ;; esac
    summary+=("| $n | landscan (full run, all outputs + ledger, all cores) | $lw | $lc | $lr | $verdict |")
    summary+=("| $n | C/GEOS baseline (bench/baseline.c, 1 thread) | $bw | $bc | $br | |")
    if [ $with_pg = 1 ]; then
        summary+=("| $n | PostGIS load (ogr2ogr + \\copy) | $plw | $plc | - | |")
        summary+=("| $n | PostGIS query (overlay + sums) | $pqw | $pqc | - | |")
    fi
    [ $with_sl = 1 ] && summary+=("| $n | SpatiaLite baseline (scripts/bench_baseline.py) | $sw | $sc | $sr | |")
    if [ -f "$d/landscan_stages.json" ]; then
        st="$("$PY" -c 'import json,sys; t=json.load(open(sys.argv[1])); print(" ".join("%s=%s" % (k[5:-2], v) for k, v in t.items()))' "$d/landscan_stages.json")"
        stages+=("$n: $st")
    fi
    echo "== totals ($n):" >&2
    sed 's/^/   /' "$d/totals.txt" >&2 2>/dev/null
done

echo
echo "| parcels | engine | wall s | CPU s | peak RSS MB | totals agree |"
echo "|---:|---|---:|---:|---:|---|"
for r in "${summary[@]}"; do echo "$r"; done
echo
echo "landscan stage times (s, run_info time_*_s; write_* stages overlap: reports run on their own thread):"
for s in "${stages[@]}"; do echo "  $s"; done
exit $status
