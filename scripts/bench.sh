#!/usr/bin/env bash
# Benchmark landscan against an independent SpatiaLite baseline.
#
#   scripts/bench.sh [SCALE ...]        default scales: 10000 100000
#
# For each scale: generate inputs with scripts/make_bench.py (cached in $BENCH_WORK/N, default
# build/bench/N; regenerated when make_bench.py changes), run
#   landscan run RUN.yaml --force -o DIR --quiet          ($LANDSCAN, default build/landscan)
# and scripts/bench_baseline.py, both under /usr/bin/time -v (Debian package `time`), read the
# totals SUM(area_m2), SUM(inside_control_m2), SUM(footprint_m2), SUM(floor_area_m2) back from
# DIR/landscan.gpkg (layer parcels), compare them with the baseline (relative difference < 1e-6)
# and print a markdown table. Exit status 1 when any totals disagree or landscan fails.
# Needs: /usr/bin/python3 with python3-gdal, libsqlite3-mod-spatialite, time.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
LANDSCAN="${LANDSCAN:-$root/build/landscan}"
WORK="${BENCH_WORK:-$root/build/bench}"
TOL="${BENCH_TOL:-1e-6}"
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(10000 100000)

if [ ! -x /usr/bin/time ]; then
    echo "bench.sh: /usr/bin/time missing (apt-get install -y time)" >&2
    exit 2
fi
mkdir -p "$WORK"
gen_hash="$(md5sum "$here/make_bench.py" | cut -d' ' -f1)"

# /usr/bin/time -v log → "wall_s rss_mb"
timeinfo() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; w = s }
        /Maximum resident set size/ { r = $2 / 1024 }
        END { printf "%.2f %.1f\n", w, r }' "$1"
}

rows=()
status=0
for n in "${scales[@]}"; do
    d="$WORK/$n"
    if [ ! -f "$d/RUN.yaml" ] || [ "$(cat "$d/.generator" 2>/dev/null)" != "$gen_hash" ]; then
        echo "== generating $n parcels in $d" >&2
        rm -rf "$d"
        "$PY" "$here/make_bench.py" "$d" --parcels "$n" >&2 || { echo "generation failed" >&2; exit 1; }
        echo "$gen_hash" > "$d/.generator"
    fi

    echo "== baseline $n" >&2
    /usr/bin/time -v -o "$d/baseline.time" "$PY" "$here/bench_baseline.py" "$d" > "$d/baseline.json"
    brc=$?
    read -r bw brss < <(timeinfo "$d/baseline.time")

    lrc=missing
    lw=- lrss=-
    if [ -x "$LANDSCAN" ]; then
        echo "== landscan $n" >&2
        rm -rf "$d/out"
        /usr/bin/time -v -o "$d/landscan.time" "$LANDSCAN" run "$d/RUN.yaml" --force -o "$d/out" --quiet \
            > "$d/landscan.log" 2>&1
        lrc=$?
        read -r lw lrss < <(timeinfo "$d/landscan.time")
    else
        echo "== landscan binary not found at $LANDSCAN (set LANDSCAN=...)" >&2
    fi

    verdict="$("$PY" - "$d" "$lrc" "$TOL" <<'EOF'
import json, os, sqlite3, sys
d, lrc, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
keys = ["area_m2", "inside_control_m2", "footprint_m2", "floor_area_m2"]
try:
    base = json.load(open(os.path.join(d, "baseline.json")))
except Exception as e:
    print("baseline failed: %s" % e); sys.exit(0)
with open(os.path.join(d, "totals.txt"), "w") as fh:
    fh.write("baseline " + " ".join("%s=%.6f" % (k, base[k]) for k in keys) + "\n")
if lrc == "missing":
    print("n/a (no landscan binary)"); sys.exit(0)
if lrc != "0":
    print("landscan exit %s (see %s/landscan.log)" % (lrc, d)); sys.exit(0)
gpkg = os.path.join(d, "out", "landscan.gpkg")
try:
    con = sqlite3.connect("file:%s?mode=ro" % gpkg, uri=True)
    got = con.execute("SELECT count(*), " + ", ".join("total(%s)" % k for k in keys)
                      + " FROM parcels").fetchone()
except Exception as e:
    print("cannot read %s: %s" % (gpkg, e)); sys.exit(0)
with open(os.path.join(d, "totals.txt"), "a") as fh:
    fh.write("landscan count=%d " % got[0]
             + " ".join("%s=%.6f" % (k, v) for k, v in zip(keys, got[1:])) + "\n")
bad = []
if got[0] != base["parcels"]:
    bad.append("parcels %d≠%d" % (got[0], base["parcels"]))
for k, v in zip(keys, got[1:]):
    ref = base[k]
    rel = abs(v - ref) / max(abs(ref), 1e-9)
    if rel >= tol:
        bad.append("%s %.6g vs %.6g (rel %.2g)" % (k, v, ref, rel))
print("yes" if not bad else "NO: " + "; ".join(bad))
EOF
)"
    case "$verdict" in yes|n/a*) ;; *) status=1 ;; esac
    [ "$brc" -ne 0 ] && { verdict="baseline exit $brc; $verdict"; status=1; }
    rows+=("| $n | landscan | $lw | $lrss | $verdict |")
    rows+=("| $n | spatialite baseline | $bw | $brss | |")
    echo "== totals ($n):" >&2
    sed 's/^/   /' "$d/totals.txt" >&2
done

echo
echo "| scale | engine | wall s | peak RSS MB | totals agree |"
echo "|---:|---|---:|---:|---|"
for r in "${rows[@]}"; do echo "$r"; done
exit $status
