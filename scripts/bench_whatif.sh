#!/usr/bin/env bash
# Benchmark `landscan whatif` against full runs (issue 14: N parcels × 10 values must cost at
# most 2 × one full `landscan run`).
#
#   scripts/bench_whatif.sh [SCALE]           default scale: 100000
#
# Generates (or reuses) the benchmark data of scripts/make_bench.py in $BENCH_WORK/SCALE
# (default build/bench/SCALE, shared with scripts/bench.sh), then in one invocation, each under
# /usr/bin/time -v:
#   1. landscan run RUN.yaml --force -o DIR/wi-run --quiet         (one full run, ledger off:
#      the what-if verb never records a run, so the run it is compared with does not either)
#   2. landscan whatif RUN.yaml --vary tax_per_mu_min=1:10:1 -o DIR/wi   (10 combinations)
# on a copy of the run file whose rules extend national-2008 with tax_per_mu_min: 5, and prints
# wall time, peak RSS and the ratio. It also checks that the whatif row tax_per_mu_min=5 gives
# the same idle, relocatable, low-efficiency, reclaimable and site mu as the full run's
# districts layer (read back with sqlite3), so the figures timed are the figures a run gives. Exit status 1 when a command fails, the figures differ or the ratio is
# above 2 (BENCH_WHATIF_MAX).
# Needs: /usr/bin/python3 with python3-gdal, time; a Release build ($LANDSCAN, default
# build/landscan).
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
LANDSCAN="${LANDSCAN:-$root/build/landscan}"
WORK="${BENCH_WORK:-$root/build/bench}"
MAX="${BENCH_WHATIF_MAX:-2}"
n="${1:-100000}"
d="$WORK/$n"

[ -x /usr/bin/time ] || { echo "bench_whatif.sh: /usr/bin/time missing (apt-get install -y time)" >&2; exit 2; }
[ -x "$LANDSCAN" ] || { echo "bench_whatif.sh: no landscan binary at $LANDSCAN (set LANDSCAN=...)" >&2; exit 2; }
gen_hash="$(md5sum "$here/make_bench.py" | cut -d' ' -f1)"
if [ ! -f "$d/RUN.yaml" ] || [ "$(cat "$d/.generator" 2>/dev/null)" != "$gen_hash" ]; then
    echo "== generating $n parcels in $d" >&2
    rm -rf "$d"
    mkdir -p "$d"
    "$PY" "$here/make_bench.py" "$d" --parcels "$n" >&2 || { echo "generation failed" >&2; exit 1; }
    echo "$gen_hash" > "$d/.generator"
fi

# both commands read the same run file: the generated one with a tax bar of 5
sed 's/^rules: .*/rules: whatif-rules.yaml/' "$d/RUN.yaml" > "$d/RUN-whatif.yaml"
printf 'extends: national-2008\ntax_per_mu_min: 5\n' > "$d/whatif-rules.yaml"

timeinfo() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; w = s }
        /Maximum resident set size/ { r = $2 / 1024 }
        END { printf "%.2f %.1f\n", w, r }' "$1"
}

status=0
echo "== landscan run $n" >&2
rm -rf "$d/wi-run" "$d/wi"
/usr/bin/time -v -o "$d/wi-run.time" "$LANDSCAN" run "$d/RUN-whatif.yaml" --force --no-ledger \
    -o "$d/wi-run" --quiet > "$d/wi-run.log" 2>&1 || { echo "landscan run failed: see $d/wi-run.log" >&2; status=1; }
read -r rw rrss < <(timeinfo "$d/wi-run.time")
echo "== landscan whatif $n × 10" >&2
/usr/bin/time -v -o "$d/wi.time" "$LANDSCAN" whatif "$d/RUN-whatif.yaml" --vary tax_per_mu_min=1:10:1 \
    -o "$d/wi" > "$d/wi.log" 2>&1 || { echo "landscan whatif failed: see $d/wi.log" >&2; status=1; }
read -r ww wrss < <(timeinfo "$d/wi.time")

check="$("$PY" - "$d" <<'EOF'
import csv, sqlite3, sys, os
d = sys.argv[1]
try:
    db = sqlite3.connect(os.path.join(d, "wi-run", "landscan.gpkg"))
    keys = ["idle_mu", "relocatable_mu", "low_efficiency_mu", "reclaimable_mu", "site_mu"]
    run = db.execute("SELECT " + ", ".join("SUM(%s)" % k for k in keys) + " FROM districts").fetchone()
    with open(os.path.join(d, "wi", "whatif.csv"), encoding="utf-8-sig") as fh:
        rows = {r["tax_per_mu_min"]: r for r in csv.DictReader(fh)}
    bad = ["%s run %.2f whatif %s" % (k, v, rows["5"][k]) for k, v in zip(keys, run)
           if abs(float(rows["5"][k]) - v) > 0.005 + 1e-9 * abs(v)]
    print("same" if not bad else "DIFFER " + "; ".join(bad))
except Exception as e:
    print("cannot compare: %s" % e)
EOF
)"
ratio="$(awk -v a="$ww" -v b="$rw" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
echo
echo "| parcels | command | wall s | peak RSS MB |"
echo "|---:|---|---:|---:|"
echo "| $n | landscan run (all outputs, --no-ledger) | $rw | $rrss |"
echo "| $n | landscan whatif --vary tax_per_mu_min=1:10:1 (10 combinations) | $ww | $wrss |"
echo
echo "whatif / run = $ratio (limit $MAX); whatif at tax_per_mu_min=5 vs the run: $check"
[ "$check" = "same" ] || status=1
awk -v r="$ratio" -v m="$MAX" 'BEGIN { exit !(r != "n/a" && r <= m) }' || status=1
exit $status
