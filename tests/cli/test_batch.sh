#!/bin/sh
# test_batch.sh - `dejure batch` and `dejure verify` end to end: the same
# bytes twice and with --jobs 2, verify naming what changed, one broken
# analysis leaving the others complete and nothing partial behind, and
# output folders that cannot leave the output root.
# Usage: test_batch.sh PATH/TO/dejure
set -u
DJ=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=${DEJURE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/dejure-batch-XXXXXX)
trap 'rm -rf "$T"' EXIT
unset DEJURE_TODAY
fails=0

. "$(dirname "$0")/check.sh"
has() { # name file text: the file holds the text
    if grep -qF -- "$3" "$2"; then
        echo "ok   $1"
    else
        echo "FAIL $1"
        printf '  expected in %s: %s\n  found:\n' "$2" "$3"
        sed 's/^/    /' "$2" | head -20
        fails=$((fails + 1))
    fi
}

# a copy of the Kosovo data beside the batch file, found relative to it
mkdir -p "$T/proj/data/kosovo"
cp "$SRC"/datasets/world/*.csv "$SRC"/datasets/world/kosovo/*.csv "$T/proj/data/kosovo/"
cat > "$T/proj/study.batch" <<'EOF'
; a study over a copy of the Kosovo data
data = data/kosovo
subject = XKX
to = 2020-12-31

[coverage-2013]
blocs = NATO, EU
at = 2013-02-17
tables = coverage, holdouts

[years]
view = undisputed
by = year
tables = timeline, milestones, thresholds, medians, fit
thresholds = 50, 66.67
models = logistic, gompertz

[charts]
charts = cumulative, coverage, per-year, survival
formats = svg, png
size = 800x450
output = charts/kosovo

[built-in]
data =
at = 2013-02-17
tables = coverage
blocs = UN
EOF

# 1. two runs, from different working folders, give the same bytes
(cd "$T" && "$DJ" batch proj/study.batch --out "$T/run1" >"$T/out1" 2>"$T/err1"); rc=$?
check "batch exits 0" 0 $rc
check "nothing on stderr when it is not a terminal" "" "$(cat "$T/err1")"
(cd / && "$DJ" batch "$T/proj/study.batch" --out "$T/run2" >/dev/null 2>&1)
diff -r "$T/run1" "$T/run2" >"$T/diff" 2>&1
check "two runs are byte-identical, manifest included" "" "$(cat "$T/diff")"
check "each analysis has its folder" "built-in charts coverage-2013 manifest.ini years" \
"$(ls "$T/run1" | tr '\n' ' ' | sed 's/ $//')"
check "tables hold the README's numbers" "2013-02-17,NATO,28,24,85.71" \
"$(grep NATO "$T/run1/coverage-2013/coverage.csv")"
check "charts are rendered as asked" "coverage.png coverage.svg cumulative.png cumulative.svg per-year.png per-year.svg survival.png survival.svg" \
"$(cd "$T/run1/charts/kosovo" && ls *.png *.svg | tr '\n' ' ' | sed 's/ $//')"
head -c 4 "$T/run1/charts/kosovo/cumulative.svg" | grep -q '<?xm'; check "the SVG is XML" 0 $?
check "the PNG has its size" "800x450" \
"$(od -An -tu1 -j16 -N8 "$T/run1/charts/kosovo/cumulative.png" | awk '{print $3*256+$4 "x" $7*256+$8}')"
has "the manifest records dejure's version" "$T/run1/manifest.ini" "dejure = $("$DJ" --version | cut -d' ' -f2)"
has "the manifest records inputs relative to itself" "$T/run1/manifest.ini" " ../proj/data/kosovo/events.csv"
has "the manifest records gnuplot's version" "$T/run1/manifest.ini" "gnuplot = $(gnuplot --version)"
has "the manifest records the batch file" "$T/run1/manifest.ini" " ../proj/study.batch"
has "the manifest records the built-in data" "$T/run1/manifest.ini" " built-in:world/kosovo/events.csv"
has "the manifest records each analysis's options" "$T/run1/manifest.ini" "thresholds = 50, 66.67"
check "the manifest's hash is the file's SHA-256" \
"$(sha256sum "$T/run1/coverage-2013/coverage.csv" | cut -d' ' -f1)" \
"$(grep ' coverage-2013/coverage.csv$' "$T/run1/manifest.ini" | cut -d' ' -f3)"
if grep -q "$T" "$T"/run1/manifest.ini "$T"/run1/*/*.* "$T"/run1/charts/kosovo/*; then
    check "no absolute path inside any output" "none" "found"
else
    check "no absolute path inside any output" "none" "none"
fi
check "stats tables are those of dejure stats" \
"$(DEJURE_TODAY=2020-12-31 "$DJ" stats --data "$T/proj/data/kosovo" --view undisputed --medians)" \
"$(cat "$T/run1/years/medians.csv")"
check "a fit per model" "fit-gompertz.csv fit-logistic.csv" "$(cd "$T/run1/years" && ls fit-* | tr '\n' ' ' | sed 's/ $//')"
check "a run prints each folder and the manifest" "$T/run1/coverage-2013" "$(head -1 "$T/out1")"

# analysis folders take the user's umask, as every other folder does
(umask 027 && "$DJ" batch "$T/proj/study.batch" --out "$T/masked" >/dev/null 2>&1)
check "analysis folders follow the umask" "750 750 750" \
"$(stat -c %a "$T/masked/coverage-2013" "$T/masked/charts" "$T/masked/charts/kosovo" | tr '\n' ' ' | sed 's/ $//')"

# 2. --jobs 2 gives the same bytes as a serial run
"$DJ" batch "$T/proj/study.batch" --out "$T/run3" --jobs 2 >/dev/null 2>&1
diff -r "$T/run1" "$T/run3" >"$T/diff" 2>&1
check "--jobs 2 equals a serial run" "" "$(cat "$T/diff")"

# 2b. verify reads only regular files inside what the manifest records,
# and never waits on a FIFO or device (each case under timeout: a
# regression fails, it cannot hang the suite)
mkfifo "$T/fifo"
copy() { rm -rf "$T/$1"; cp -R "$T/run3" "$T/$1"; }
copy vabs
sed -i '0,/^batch = \([0-9a-f]*\) .*/s//batch = \1 \/dev\/zero/' "$T/vabs/manifest.ini"
line=$(grep -n '^batch = ' "$T/vabs/manifest.ini" | cut -d: -f1)
timeout 10 "$DJ" verify "$T/vabs" >/dev/null 2>"$T/err"; rc=$?
check "an absolute 'batch =' path exits 2 at its place" \
"2:dejure: $T/vabs/manifest.ini:$line:74: expected a path relative to the manifest's folder, found the absolute path '/dev/zero'" \
"$rc:$(cat "$T/err")"
copy vabs
sed -i '0,/^input = \([0-9a-f]*\) .*/s//input = \1 \/etc\/passwd/' "$T/vabs/manifest.ini"
line=$(grep -n '^input = [0-9a-f]* /etc/passwd$' "$T/vabs/manifest.ini" | cut -d: -f1)
timeout 10 "$DJ" verify "$T/vabs" >/dev/null 2>"$T/err"; rc=$?
check "an absolute 'input =' path exits 2 at its place" \
"2:dejure: $T/vabs/manifest.ini:$line:74: expected a path relative to the manifest's folder, found the absolute path '/etc/passwd'" \
"$rc:$(cat "$T/err")"
copy vfifo
sed -i '0,/^input = \([0-9a-f]*\) .*/s//input = \1 ..\/fifo/' "$T/vfifo/manifest.ini"
timeout 10 "$DJ" verify "$T/vfifo" >/dev/null 2>"$T/err"; rc=$?
check "a FIFO as a recorded input exits 3 naming it" \
"3:dejure: $T/vfifo/../fifo: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
copy vdev
ln -s /dev/zero "$T/zero"
sed -i '0,/^batch = \([0-9a-f]*\) .*/s//batch = \1 ..\/zero/' "$T/vdev/manifest.ini"
timeout 10 "$DJ" verify "$T/vdev" >/dev/null 2>"$T/err"; rc=$?
check "a link to /dev/zero as the recorded batch file exits 3 naming it" \
"3:dejure: $T/vdev/../zero: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
copy vstored
rm "$T/vstored/built-in/coverage.csv"
ln -s "$T/fifo" "$T/vstored/built-in/coverage.csv"
timeout 10 "$DJ" verify "$T/vstored" >"$T/out" 2>"$T/err"; rc=$?
check "a stored file that links to a FIFO exits 3 naming it" \
"3:dejure: $T/vstored/built-in/coverage.csv: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
mkdir -p "$T/vman"
mkfifo "$T/vman/manifest.ini"
timeout 10 "$DJ" verify "$T/vman" >/dev/null 2>"$T/err"; rc=$?
check "a FIFO as manifest.ini exits 3" \
"3:dejure: $T/vman/manifest.ini: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
timeout 10 "$DJ" batch "$T/fifo" --out "$T/bfifo" >/dev/null 2>"$T/err"; rc=$?
check "a FIFO as the batch file exits 3" \
"3:dejure: $T/fifo: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
mkdir -p "$T/proj/fifodata"
cp "$SRC"/datasets/world/kosovo/events.csv "$T/proj/fifodata/"
mkfifo "$T/proj/fifodata/entities.csv"
printf 'data = fifodata\nto = 2013-02-17\n[a]\ntables = timeline\n' >"$T/proj/fifodata.batch"
timeout 10 "$DJ" batch "$T/proj/fifodata.batch" --out "$T/bfifo" >/dev/null 2>"$T/err"; rc=$?
check "a FIFO in a dataset folder exits 3" "3" "$rc"
has "and is named" "$T/err" "dejure: $T/proj/fifodata/entities.csv: expected a regular file, found a device, FIFO or socket"

# 3. verify: clean, then after one input byte changed
"$DJ" verify "$T/run1" >"$T/v" 2>&1; rc=$?
check "verify of an untouched run exits 0" 0 $rc
has "verify says all is identical" "$T/v" "recorded files are identical"
sed -i '2s/^2008-02-17,CRI/2008-02-19,CRI/' "$T/proj/data/kosovo/events.csv"
"$DJ" verify "$T/run1" >"$T/v" 2>&1; rc=$?
check "verify after a changed input exits 5" 5 $rc
has "verify names the changed input" "$T/v" "input changed: ../proj/data/kosovo/events.csv"
has "verify names a table that changed" "$T/v" "differs: years/milestones.csv"
has "verify names a chart that changed" "$T/v" "differs: charts/kosovo/cumulative.svg"
check "verify leaves alone what did not change" "" "$(grep -e built-in/ -e 'years/thresholds' "$T/v")"
cp "$SRC/datasets/world/kosovo/events.csv" "$T/proj/data/kosovo/events.csv"
printf 'x' >> "$T/run1/built-in/coverage.csv"
"$DJ" verify "$T/run1" >"$T/v" 2>&1; rc=$?
check "verify after a stored output was edited exits 5" 5 $rc
check "verify names only the edited output" "stored copy differs: built-in/coverage.csv" \
"$(grep -v 'recorded files differ' "$T/v")"
mkdir -p "$T/tmp"
TMPDIR="$T/tmp" "$DJ" verify "$T/run1" --jobs 2 >/dev/null 2>&1
check "verify leaves no temporary folder" "" "$(ls -A "$T/tmp")"

# 4. one broken analysis: reported with file:line:column, others complete
mkdir -p "$T/proj/bad"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2013-02-30,FRA,XKX,recognize\n' > "$T/proj/bad/events.csv"
cat > "$T/proj/broken.batch" <<'EOF'
to = 2013-02-17
[first]
tables = timeline
[bad-data]
data = bad
tables = timeline
[missing]
data = nowhere
tables = timeline
[unknown-bloc]
tables = coverage
blocs = NATO, EUU
[last]
tables = coverage
blocs = EU
EOF
"$DJ" batch "$T/proj/broken.batch" --out "$T/broken" --jobs 2 >"$T/out" 2>"$T/err"; rc=$?
check "a failed analysis makes the exit code say so (2: data)" 2 $rc
has "bad data is reported with file:line:column" "$T/err" "proj/bad/events.csv:3:1: day out of range for that month, found '2013-02-30'"
has "a missing folder is reported" "$T/err" "proj/nowhere: cannot open dataset folder"
has "an unknown bloc points into the batch file" "$T/err" "broken.batch:12:15: unknown bloc 'EUU' in dataset 'world' (did you mean 'EU'?)"
check "the other analyses complete" "first last manifest.ini" "$(ls "$T/broken" | tr '\n' ' ' | sed 's/ $//')"
check "nothing partial or temporary is left" "" "$(find "$T/broken" -name '.*')"
has "the manifest lists the failures" "$T/broken/manifest.ini" "; [bad-data]"
"$DJ" verify "$T/broken" >/dev/null 2>&1; check "verify of the partial run exits 0" 0 $?

# what an interrupted run left (a temporary folder) goes on the next run
mkdir -p "$T/broken/.last.tmp-AbCdEf" "$T/broken/.first.tmp-toolong1"
touch "$T/broken/.last.tmp-AbCdEf/timeline.csv"
# a rerun replaces a folder whole, never leaving old files in it
sed -i 's/^tables = coverage$/tables = holdouts/' "$T/proj/broken.batch"
"$DJ" batch "$T/proj/broken.batch" --out "$T/broken" >/dev/null 2>&1
check "a rerun replaces the folder whole" "holdouts.csv" "$(ls "$T/broken/last")"
check "a rerun removes the leftovers of its own folders only" "./.first.tmp-toolong1" \
"$(cd "$T/broken" && find . -name '.*' ! -name . | sort | tr '\n' ' ' | sed 's/ $//')"

# 5. an output folder cannot leave the output root; nothing runs then
printf 'to = 2013-02-17\n[a]\ntables = timeline\noutput = ../../escaped\n' > "$T/proj/escape.batch"
"$DJ" batch "$T/proj/escape.batch" --out "$T/esc" >/dev/null 2>"$T/err"; rc=$?
check "an escaping output folder exits 2" 2 $rc
has "and says where" "$T/err" "escape.batch:4:10: expected a relative folder name inside the output root"
check "and nothing is written" "no" "$([ -e "$T/escaped" ] || [ -e "$T/esc/a" ] && echo yes || echo no)"

# usage
"$DJ" batch >/dev/null 2>&1; check "batch without FILE exits 1" 1 $?
"$DJ" batch "$T/proj/study.batch" --jobs 0 >/dev/null 2>&1; check "--jobs 0 exits 1" 1 $?
"$DJ" batch "$T/proj/study.batch" --at 2013-01-01 >/dev/null 2>&1; check "batch refuses per-analysis options" 1 $?
"$DJ" batch "$T/nope.batch" >/dev/null 2>"$T/err"; check "a missing batch file exits 3" 3 $?
"$DJ" verify "$T/proj" >/dev/null 2>"$T/err"; check "verify without a manifest exits 3" 3 $?

# 6. on a terminal, a progress line on standard error
if command -v script >/dev/null 2>&1; then
    script -qec "\"$DJ\" batch \"$T/proj/study.batch\" --out \"$T/tty\" >/dev/null" /dev/null >"$T/tty.txt" 2>&1
    has "a terminal shows analysis k of n and its name" "$T/tty.txt" "analysis 1 of 4: coverage-2013 ("
fi

# the README's own batch file: its charts are those of `dejure report`
# (scripts/run.sh copies them into plots/), byte for byte
"$DJ" batch "$SRC/scripts/readme.batch" --out "$T/readme" >/dev/null 2>&1
DEJURE_TODAY=2026-11-26 "$DJ" report --format both --out "$T/report" >/dev/null 2>&1
diff -r "$T/readme/plots" "$T/report" >"$T/diff" 2>&1
check "readme.batch's charts are the report's, every byte" "" "$(cat "$T/diff")"
"$DJ" verify "$T/readme" >/dev/null 2>"$T/err"; rc=$?
check "verify of readme.batch's run passes (its batch file recorded as ../..)" "0:" "$rc:$(cat "$T/err")"
# an interrupted verify removes its temporary folder, as report does its
# temporaries: SIGTERM while it reruns the analyses
mkdir -p "$T/tmp2"
TMPDIR="$T/tmp2" "$DJ" verify "$T/readme" >/dev/null 2>&1 &
pid=$!
n=0
while [ -z "$(find "$T/tmp2" -mindepth 2 2>/dev/null | head -1)" ] && [ $n -lt 200 ]; do
    sleep 0.05
    n=$((n + 1))
done
kill -TERM $pid
wait $pid
check "SIGTERM during verify: it dies of it" 143 $?
sleep 1 # an analysis left running would go on writing
check "SIGTERM during verify: no temporary folder remains" "" "$(ls -A "$T/tmp2")"
check "readme.batch reproduces the README's coverage table" "date,bloc,members,recognizing,percent
2013-02-17,NATO,28,24,85.71
2013-02-17,EU,27,22,81.48" "$(cat "$T/readme/coverage-2013/coverage.csv")"

# the README's complete example is scripts/study.batch, and it runs
awk '/^### A complete example/{f=1} f&&/^```ini/{p=1;next} p&&/^```/{exit} p' "$SRC/README.md" >"$T/example.batch"
check "the README's example is scripts/study.batch" "" "$(diff "$T/example.batch" "$SRC/scripts/study.batch")"
"$DJ" batch "$SRC/scripts/study.batch" --out "$T/study" >/dev/null 2>"$T/err"; rc=$?
check "the README's example runs" "0 " "$rc $(cat "$T/err")"
"$DJ" batch "$SRC/scripts/views.batch" --out "$T/views" --jobs 2 >/dev/null 2>"$T/err"; rc=$?
check "scripts/views.batch runs" "0 " "$rc $(cat "$T/err")"

# bloc and subject codes in any case, spaces after commas ignored
cat > "$T/case.batch" <<'EOF'
[lower]
subject = xkx
at = 2013-02-17
blocs = nato,  eu
among = un
tables = coverage, milestones

[upper]
subject = XKX
at = 2013-02-17
blocs = NATO,EU
among = UN
tables = coverage, milestones
EOF
"$DJ" batch "$T/case.batch" --out "$T/case" >/dev/null 2>"$T/err"; rc=$?
check "blocs = nato,  eu and subject = xkx: the tables of NATO,EU and XKX" "0:same" \
    "$rc:$(diff -r "$T/case/lower" "$T/case/upper" >/dev/null && echo same)"
"$DJ" verify "$T/case" >/dev/null 2>&1; check "...and they verify" 0 $?

# exclude: the marks a batch leaves out, as --exclude does
cat > "$T/proj/exclude.batch" <<'EOF'
subject = PSE
to = 2025-09-30
[nocond]
exclude = conditional
tables = timeline
EOF
"$DJ" batch "$T/proj/exclude.batch" --out "$T/excl" >/dev/null 2>&1; rc=$?
check "a batch with exclude runs" 0 $rc
check "exclude = conditional gives what --exclude conditional gives" \
"$(DEJURE_TODAY=2025-09-30 "$DJ" timeline --subject PSE --exclude conditional --to 2025-09-30)" "$(cat "$T/excl/nocond/timeline.csv")"
has "the manifest records the exclusion" "$T/excl/manifest.ini" "exclude = conditional"
printf 'subject = PSE\nto = 2025-09-30\n[x]\nexclude = conditonal\ntables = timeline\n' > "$T/proj/badmark.batch"
"$DJ" batch "$T/proj/badmark.batch" --out "$T/badmark" >/dev/null 2>"$T/err"; rc=$?
check "a misspelt mark is an error with its line and column" "2:1" "$rc:$(grep -c 'badmark.batch:4:11: expected marks' "$T/err")"

echo "$fails failed"
[ "$fails" -eq 0 ]
