#!/usr/bin/env bash
# run.sh - the synthetic-world benchmark: correctness first, then dejure
# against DuckDB and pandas on the same files, in alternating runs.
#
#   bench/run.sh [RUNS]          # RUNS counted runs per engine and size (default 5)
#
# Environment:
#   SHARED_BENCH  the peers' benchmark folder (default: ../shared/bench beside
#                 the project); copied to a temporary folder and run from there
#   WORK          scratch folder for inputs and outputs (default /tmp/dejure-bench)
#   BUILD         the build folder holding dejure, dejure-world, dejure-worldgen
#                 (default: build-bench, configured and built here)
#   SKIP_CHECK=1  skip check.sh (only when it passed on this very build)
#
# Steps: build; check.sh with dejure as an extra engine (must end ALL SAME);
# generate the small (1M) and large (10M) inputs with dejure-worldgen; per
# size, dejure, DuckDB (run.mjs --bitmask) and pandas (run.py --fast-write)
# alternated RUNS times after a warm-up, with GNU time (wall, peak RSS);
# the same outputs from all three; the floor (cat the inputs, cat outputs of
# that size); the medians, ratios and growth; then the Kosovo data's
# `dejure report --no-render` (replacing its files, and into a new folder)
# and `dejure coverage --at` (median of 50 each).
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
WORK=${WORK:-/tmp/dejure-bench}
BUILD=${BUILD:-$ROOT/build-bench}
PY=/usr/bin/python3
say() { printf '\n== %s\n' "$*"; }

# ---- what the peers need (Debian's pandas, npm's DuckDB, GNU time) ----
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
$PY -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
command -v node >/dev/null || missing+=(nodejs npm)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing ${missing[*]}"
  apt-get install -y "${missing[@]}" >/dev/null
fi
[[ -d $SHARED_BENCH ]] || { echo "no peer benchmark folder at $SHARED_BENCH (set SHARED_BENCH)" >&2; exit 2; }
mkdir -p "$WORK"
B=$WORK/peers
rm -rf "$B"
cp -r "$SHARED_BENCH" "$B"
chmod -R u+w "$B"
(cd "$B/duckdb" && npm ci --silent >/dev/null)

# ---- build ----
if [[ ! -x $BUILD/dejure-world ]]; then
  # the project's default build type (RelWithDebInfo: -O2 -g), as the tests build it
  cmake -S "$ROOT" -B "$BUILD" -DDEJURE_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD" -j2 --target dejure_cli dejure-world dejure-worldgen >/dev/null
WORLD=$BUILD/dejure-world
GEN=$BUILD/dejure-worldgen

# ---- correct before fast ----
if [[ ${SKIP_CHECK:-0} != 1 ]]; then
  say "check.sh (seeds 1, 2, 99, edge/ against the oracle; 1M against the peers)"
  DATA=$WORK/check-data OUT=$WORK/check-out ENGINES="dejure=$WORLD" "$B/check.sh" | tee "$WORK/check.txt"
  tail -1 "$WORK/check.txt" | grep -qx "ALL SAME" || { echo "check.sh did not say ALL SAME" >&2; exit 1; }
fi

# ---- inputs ----
for size in 1m:1000000 10m:10000000; do
  name=${size%%:*} n=${size#*:}
  d=$WORK/data/s1-$name
  if [[ ! -f $d/events.csv ]]; then
    say "generating $name: dejure-worldgen 1 $n"
    "$GEN" 1 "$n" "$d"
  fi
done

# ---- timing ----
R=$WORK/out
mkdir -p "$R"
declare -A MED MEM
measure() { # size
  local size=$1 IN=$WORK/data/s1-$1
  say "$size: $RUNS alternating runs after a warm-up (wall s, peak MiB)"
  "$B/measure.sh" "$RUNS" \
    dejure="$WORLD $IN $R/dejure-$size" \
    duckdb-bitmask="node $B/duckdb/run.mjs --bitmask $IN $R/duckdb-$size" \
    pandas-fastwrite="$PY $B/pandas/run.py --fast-write $IN $R/pandas-$size" | tee "$WORK/measure-$size.txt"
  for f in timeline.csv coverage.csv; do
    local a b c
    a=$(sha256sum < "$R/dejure-$size/$f" | cut -c1-64)
    b=$(sha256sum < "$R/duckdb-$size/$f" | cut -c1-64)
    c=$(sha256sum < "$R/pandas-$size/$f" | cut -c1-64)
    if [[ $a == "$b" && $a == "$c" ]]; then echo "$size $f: same from all three ($a)"
    else echo "$size $f: DIFFERENT (dejure $a, duckdb $b, pandas $c)" >&2; exit 1; fi
  done
  say "$size: the floor (cat the inputs; cat outputs of that size into files)"
  mkdir -p "$R/floor-$size"
  "$B/measure.sh" 10 \
    floor="cat $IN/events.csv $IN/blocs.csv > /dev/null; cat $R/dejure-$size/timeline.csv > $R/floor-$size/timeline.csv; cat $R/dejure-$size/coverage.csv > $R/floor-$size/coverage.csv" \
    | tee "$WORK/floor-$size.txt"
}
measure 1m
measure 10m

say "summary (medians)"
$PY - "$WORK" <<'PY'
import sys, re
w = sys.argv[1]
def med(path):
    out = {}
    for line in open(path):
        m = re.match(r"^(\S+)\s+(\d+)\s+([\d.]+) /\s+([\d.]+) /\s+([\d.]+)\s+(\d+) /\s+(\d+) /", line)
        if m:
            out[m.group(1)] = (float(m.group(4)), int(m.group(7)))
    return out
t = {s: med("%s/measure-%s.txt" % (w, s)) for s in ("1m", "10m")}
f = {s: med("%s/floor-%s.txt" % (w, s))["floor"][0] for s in ("1m", "10m")}
print("%-18s %10s %10s %10s %10s" % ("engine", "1M wall s", "1M MiB", "10M wall s", "10M MiB"))
for e in ("dejure", "duckdb-bitmask", "pandas-fastwrite"):
    print("%-18s %10.2f %10d %10.2f %10d" % (e, t["1m"][e][0], t["1m"][e][1], t["10m"][e][0], t["10m"][e][1]))
print("%-18s %10.3f %10s %10.3f %10s" % ("floor", f["1m"], "", f["10m"], ""))
d = t["10m"]["dejure"]
print()
print("10M: duckdb --bitmask / dejure  %.1f x   (target >= 5)" % (t["10m"]["duckdb-bitmask"][0] / d[0]))
print("10M: pandas --fast-write / dejure  %.1f x   (target >= 7)" % (t["10m"]["pandas-fastwrite"][0] / d[0]))
print("10M: dejure peak / duckdb peak  %.2f   (target <= 0.25)" % (d[1] / t["10m"]["duckdb-bitmask"][1]))
print("10M: dejure / floor  %.1f x   (aim <= 4)" % (d[0] / f["10m"]))
print("growth: dejure 10M / 1M  %.1f x   (target <= 11)" % (d[0] / t["1m"]["dejure"][0]))
PY

say "the Kosovo data (median of 50 runs)"
# The report is timed as a user repeats it, replacing its previous files,
# and, for comparison, into a new folder each time (removed after the
# timing), the two alternating so that both see the same
# moments of a machine whose speed drifts. On an ext4 without a journal
# mounted with discard (this project's machine), each replaced file's
# blocks are discarded while the rename waits (RESULTS.md). `sync` first:
# the write-back of the large runs above is theirs, not the report's.
sync
$PY - "$BUILD/dejure" "$WORK/kosovo-report" <<'PY'
import shutil, statistics, subprocess, sys, time
dj, out = sys.argv[1], sys.argv[2]
def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1000
def show(name, ts, target):
    print("%-40s median %6.2f ms  min %6.2f  max %6.2f   (target < %d ms)"
          % (name, statistics.median(ts), min(ts), max(ts), target))
report = lambda d: [dj, "report", "--no-render", "--out", d]
subprocess.run(report(out), stdout=subprocess.DEVNULL, check=True)
replacing, fresh = [], []
for i in range(50):
    replacing.append(timed(report(out)))
    fresh.append(timed(report("%s-new-%d" % (out, i))))
# removed only now: removing a folder discards its blocks, which would
# slow the next run's own discards
for i in range(50):
    shutil.rmtree("%s-new-%d" % (out, i))
show("dejure report --no-render", replacing, 20)
show("  the same, into a new folder each time", fresh, 20)
coverage = [dj, "coverage", "--at", "2013-02-17"]
subprocess.run(coverage, stdout=subprocess.DEVNULL, check=True)
show("dejure coverage --at 2013-02-17", [timed(coverage) for i in range(50)], 5)
PY
echo
echo "load while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
