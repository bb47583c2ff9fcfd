#!/bin/sh
# test_hostile.sh - the dejure command against hostile input and a
# hostile environment: names that try to run commands in gnuplot, writes
# that fail, runs killed half-way, files that are not files, --strict.
# Usage: test_hostile.sh PATH/TO/dejure
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-hostile-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0

. "$(dirname "$0")/check.sh"

# Hidden files (our temporaries are ".NAME.XXXXXX" and the render folder
# ".render-XXXXXX/").
hidden() { ls -A "$1" | grep '^\.' | tr '\n' ' '; }

# ---- names that try to run commands, rendered by the real gnuplot ----
# The dataset folder's own name holds a backquote too: it reaches the
# charts' source line (its last name, never the path).
D="$T/data \`touch CANARY\`"
mkdir -p "$D"
cat >"$D/subjects.csv" <<'EOF'
code,name,declared
XKX,"Sub @x a_b^c {x} &y ~z 'q' ""dq"" `touch CANARY`",2008-02-17
EOF
{
    echo 'code,name'
    i=1
    while [ $i -le 110 ]; do
        if [ $i -eq 100 ]; then
            # the 100th, labelled on the cumulative chart: a name over two lines
            cat <<'EOF'
A100,"He said ""hi"" & <b>it's</b> \ back `touch CANARY` system(""touch CANARY"")
second line"
EOF
        else
            printf 'A%03d,Name %d\n' $i $i
        fi
        i=$((i + 1))
    done
} >"$D/entities.csv"
{
    echo 'date,actor,subject,type,source'
    i=1
    while [ $i -le 110 ]; do
        printf '2009-%02d-%02d,A%03d,XKX,recognize,https://example.org/%d\n' $(((i - 1) / 28 + 1)) $(((i - 1) % 28 + 1)) $i $i
        i=$((i + 1))
    done
} >"$D/events.csv"
cat >"$D/bloc_names.csv" <<'EOF'
bloc,name
B1,"system(""touch CANARY"")"
B2,`touch CANARY`
B3,"'; system('touch CANARY'); '"
EOF
printf 'bloc,member,joined\nB1,A001,1990-01-01\nB2,A002,1990-01-01\nB3,A003,1990-01-01\n' >"$D/blocs.csv"

(cd "$T" && $DJ report --data "$D" --out "$T/names" --format both --at 2010-01-01 >/dev/null 2>"$T/err")
check "report of hostile names exits 0" "0" "$?"
check "gnuplot said nothing" "" "$(cat "$T/err")"
check "no canary anywhere" "" "$(find "$T" -name CANARY)"
check "no canary in the current folder" "no" "$([ -e CANARY ] && echo yes || echo no)"
# Text of the SVG labels, entities decoded.
svgtext() {
    grep -o '<text>[^<]*</text>' "$T/names/$1.svg" | sed 's/<text>//; s/<\/text>//' |
        sed "s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&apos;/'/g; s/&amp;/\\&/g"
}
svgtext cumulative >"$T/cum.txt"
svgtext coverage >"$T/cov.txt"
# (substrings: the charts' wording around the names may change)
has() { grep -qF -- "$1" "$2" && echo yes || echo no; }
check "the 100th's name shows literally (line break as a space)" yes \
"$(has 'He said "hi" & <b>it'"'"'s</b> \ back `touch CANARY` system("touch CANARY") second line' "$T/cum.txt")"
check "the subject's name shows literally in the title" yes \
"$(has 'Sub @x a_b^c {x} &y ~z '"'"'q'"'"' "dq" `touch CANARY`' "$T/cum.txt")"
check "the dataset folder's name shows literally" yes "$(has "\"${D##*/}\"" "$T/cum.txt")"
check "the dataset's folder shows by its name, not its path" no "$(has "$T" "$T/cum.txt")"
check "bloc name system(...) shows literally in the key" "1" "$(grep -cxF 'system("touch CANARY")' "$T/cov.txt")"
check "bloc name in backquotes shows literally in the key" "1" "$(grep -cxF '`touch CANARY`' "$T/cov.txt")"
check "bloc name breaking out of single quotes shows literally" "1" \
"$(grep -cxF "'; system('touch CANARY'); '" "$T/cov.txt")"
svgtext survival >"$T/surv.txt"
svgtext fit >"$T/fit.txt"
check "bloc names show literally in the survival chart's key" "3" \
"$(grep -cxF -e 'system("touch CANARY")' -e '`touch CANARY`' -e "'; system('touch CANARY'); '" "$T/surv.txt")"
check "the subject's name shows literally in the fit chart's title" "1" \
"$(grep -cF 'Sub @x a_b^c {x} &y ~z '"'"'q'"'"' "dq" `touch CANARY`' "$T/fit.txt")"
check "report.html holds no markup from a name" "0" "$(grep -c '<b>it' "$T/names/report.html")"
check "report.html shows the name escaped" yes "$(has 'He said &quot;hi&quot; &amp; &lt;b&gt;it&#39;s&lt;/b&gt;' "$T/names/report.html")"
check "the two-line name stays one CSV field" \
"100,2009-04-16,A100,\"He said \"\"hi\"\" & <b>it's</b> \\ back \`touch CANARY\` system(\"\"touch CANARY\"\")
second line\",day" "$(sed -n '/^100,/,/line",day$/p' "$T/names/milestones.csv")"
(cd "$T/names" && for gp in *.gp; do gnuplot "$gp" 2>&1; done)
check "the scripts run on their own, still no canary" "" "$(find "$T" -name CANARY)"

# ---- previous outputs survive a failed write ----
$DJ report --out "$T/prev" --format both --at 2012-01-01 >/dev/null 2>&1
cp -R "$T/prev" "$T/prev.before"
# A file size limit makes the first table's write fail (SIGXFSZ ignored so
# that write() returns EFBIG instead of killing).
(ulimit -f 1; trap '' XFSZ; exec $DJ report --out "$T/prev" --at 2020-01-01 --no-render) >/dev/null 2>"$T/err"
rc=$?
check "a failed write exits 3" 3 $rc
check "a failed write names the file" "dejure: $T/prev/timeline.csv: write failed: File too large" "$(cat "$T/err")"
check "after a failed write the previous outputs are untouched" "" "$(diff -r "$T/prev.before" "$T/prev")"
check "after a failed write no temporary remains" "" "$(hidden "$T/prev")"
$DJ timeline --out - >/dev/full 2>"$T/err"; rc=$?
check "writing to a full standard output exits 3" "3:dejure: <stdout>: write failed: No space left on device" "$rc:$(cat "$T/err")"
$DJ timeline --out /dev/full >/dev/null 2>"$T/err"; rc=$?
check "a device as --out exits 3" "3:dejure: /dev/full: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
check "/dev/full is still a device" "yes" "$([ -c /dev/full ] && echo yes)"
$DJ timeline --out "$T" >/dev/null 2>"$T/err"; rc=$?
check "a folder as --out exits 3" "3:dejure: $T: expected a file, found a directory" "$rc:$(cat "$T/err")"

# ---- a run killed while gnuplot renders ----
# A stand-in gnuplot starts the images under their temporary names, tells
# us, and hangs; dejure is then killed.
mkdir -p "$T/fake"
cat >"$T/fake/gnuplot" <<'EOF'
#!/bin/sh
# called as: gnuplot -e "outprefix='PREFIX'" SCRIPT
prefix=$(printf '%s' "$2" | sed "s/^outprefix='\(.*\)'\$/\1/")
printf 'half an image' >"${prefix}cumulative.png"
printf 'half an image' >"${prefix}cumulative.svg"
echo $$ >"$FAKE_GNUPLOT_STARTED.tmp" && mv "$FAKE_GNUPLOT_STARTED.tmp" "$FAKE_GNUPLOT_STARTED"
exec sleep 60
EOF
chmod +x "$T/fake/gnuplot"
$DJ report --out "$T/fresh" --format both --at 2020-01-01 --no-render >/dev/null 2>&1
sigs="TERM:15 HUP:1"
# env --default-signal (coreutils 8.31) to undo the shell's ignored SIGINT
env --default-signal=INT true 2>/dev/null && sigs="$sigs INT:2"
for sig in $sigs; do
    num=${sig#*:}
    sig=${sig%:*}
    rm -f "$T/started"
    # a shell starts background jobs with SIGINT ignored (and dejure keeps
    # an ignored signal ignored): env restores its default action
    FAKE_GNUPLOT_STARTED="$T/started" PATH="$T/fake:$PATH" env --default-signal=INT \
        $DJ report --out "$T/prev" --format both --at 2020-01-01 >/dev/null 2>&1 &
    pid=$!
    n=0
    while [ ! -e "$T/started" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
    kill -$sig $pid
    wait $pid
    rc=$?
    check "SIG$sig while rendering: dejure dies of it" "$((128 + num))" "$rc"
    check "SIG$sig: gnuplot was stopped too" "gone" "$(kill -0 "$(cat "$T/started")" 2>/dev/null && echo running || echo gone)"
    check "SIG$sig: no temporary remains" "" "$(hidden "$T/prev")"
    same=yes
    for f in cumulative.png cumulative.svg coverage.png per-year.svg; do
        cmp -s "$T/prev.before/$f" "$T/prev/$f" || same="no: $f"
    done
    check "SIG$sig: the previous charts are untouched" "yes" "$same"
    # every file is whole: the previous version or the new one, nothing
    # in between
    whole=yes
    for f in "$T"/prev/*; do
        b=$(basename "$f")
        cmp -s "$f" "$T/prev.before/$b" || cmp -s "$f" "$T/fresh/$b" || whole="no: $b"
    done
    check "SIG$sig: every output is either the old or the new version" "yes" "$whole"
done

# ---- gnuplot's outputs cannot be redirected by a planted link ----
# Before, gnuplot wrote DIR/.render-NAME.EXT, a fixed name it followed
# through a link, and that link was then renamed into place as the chart.
planted() { # DIR VICTIM: links at every name the old renderer used
    for n in cumulative coverage per-year standing map fit survival; do
        for e in png svg; do ln -sf "$2" "$1/.render-$n.$e"; done
    done
}
mkdir -p "$T/link"
printf 'victim\n' >"$T/victim"
planted "$T/link" "$T/victim"
$DJ report --out "$T/link" --format both --at 2012-01-01 >/dev/null 2>"$T/err"; rc=$?
check "a report beside planted links exits 0" "0:" "$rc:$(cat "$T/err")"
check "the links' target is untouched" "victim" "$(head -c 20 "$T/victim" | tr -d "\n")"
check "the chart is a regular file, not a link" "file" \
"$([ -f "$T/link/cumulative.png" ] && [ ! -L "$T/link/cumulative.png" ] && [ ! -L "$T/link/fit.svg" ] && echo file)"
check "no private render folder remains" "" "$(find "$T/link" -name '.render-*' -type d)"
# as root, the same attack from another user, in a folder anyone may
# write into (0777: not sticky, so the kernel's protected_symlinks does
# not step in)
as_nobody=
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    if command -v runuser >/dev/null 2>&1; then as_nobody="runuser -u nobody --"
    elif command -v setpriv >/dev/null 2>&1; then as_nobody="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
    elif command -v su >/dev/null 2>&1; then as_nobody="su_nobody"
    fi
fi
su_nobody() { su -s /bin/sh nobody -c '"$0" "$@"' "$@"; }
if [ -n "$as_nobody" ]; then
    S=$(mktemp -d /tmp/dejure-shared-XXXXXX)
    chmod 0755 "$S"
    mkdir "$S/shared"
    chmod 0777 "$S/shared"
    printf 'root only\n' >"$S/victim"
    chmod 0644 "$S/victim"
    $as_nobody sh -c 'for n in cumulative coverage per-year standing map fit survival; do
        for e in png svg; do ln -s "$1/victim" "$1/shared/.render-$n.$e"; done; done' sh "$S"
    check "user nobody planted the links" "nobody" "$(stat -c %U "$S/shared/.render-cumulative.png")"
    $DJ report --out "$S/shared" --format both --at 2012-01-01 >/dev/null 2>"$T/err"; rc=$?
    check "root's report beside nobody's links exits 0" "0:" "$rc:$(cat "$T/err")"
    check "root's file is untouched" "root only" "$(head -c 20 "$S/victim" | tr -d "\n")"
    check "root's chart is a regular file" "file" \
    "$([ -f "$S/shared/cumulative.svg" ] && [ ! -L "$S/shared/cumulative.svg" ] && echo file)"
    rm -rf "$S"
else
    echo "skip another user's planted links: needs root, user nobody and runuser, setpriv or su"
fi

# ---- FIFOs and devices are refused, never waited on ----
mkfifo "$T/fifo"
timeout 10 $DJ timeline --out "$T/fifo" >/dev/null 2>"$T/err"; rc=$?
check "a FIFO as --out exits 3" "3:dejure: $T/fifo: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
timeout 10 $DJ timeline --events "$T/fifo" >/dev/null 2>"$T/err"; rc=$?
check "a FIFO as --events exits 3" "3:dejure: $T/fifo: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
timeout 10 $DJ timeline --events /dev/zero >/dev/null 2>"$T/err"; rc=$?
check "a device as --events exits 3" "3:dejure: /dev/zero: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
check "--events - still reads standard input" "0" "$($DJ timeline --events - <"$(dirname "$0")/../../datasets/world/kosovo/events.csv" >/dev/null 2>&1; echo $?)"
mkdir -p "$T/fifoout"
mkfifo "$T/fifoout/timeline.csv"
timeout 10 $DJ report --out "$T/fifoout" --no-render >/dev/null 2>"$T/err"; rc=$?
check "a FIFO where a report writes exits 3" "3:dejure: $T/fifoout/timeline.csv: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"
ln -s /dev/null "$T/fifoout/timeline-link.csv"
timeout 10 $DJ timeline --out "$T/fifoout/timeline-link.csv" >/dev/null 2>"$T/err"; rc=$?
check "a link to a device as --out exits 3" "3:dejure: $T/fifoout/timeline-link.csv: expected a regular file, found a device, FIFO or socket" "$rc:$(cat "$T/err")"

# ---- unknown codes on the command line get the nearest known one ----
$DJ timeline --subject XKV >/dev/null 2>"$T/err"; rc=$?
check "an unknown --subject suggests the nearest" "1:dejure: unknown subject 'XKV' (did you mean 'XKX'?)" "$rc:$(cat "$T/err")"

# ---- files that are not files, limits, --strict, through the CLI ----
mkdir -p "$T/dir/events.csv"
$DJ timeline --data "$T/dir" >/dev/null 2>"$T/err"; rc=$?
check "events.csv a folder exits 3" "3:dejure: $T/dir/events.csv: expected a file, found a directory" "$rc:$(cat "$T/err")"
mkdir -p "$T/big"
{ printf 'date,actor,subject,type,source\n2008-02-18,USA,XKX,recognize,'; head -c 10485760 /dev/zero | tr '\0' x; echo; } >"$T/big/events.csv"
$DJ timeline --data "$T/big" >/dev/null 2>"$T/err"; rc=$?
check "a 10 MB field exits 2 at its line and column" \
"2:dejure: $T/big/events.csv:2:30: expected a field of at most 65536 bytes (the limit), found a longer one" "$rc:$(cat "$T/err")"
mkdir -p "$T/warn"
printf 'date,actor,subject,type,source\n2008-02-18,USA,XKX,withdraw,s\n2008-02-19,USA,XKX,recognize,s\n' >"$T/warn/events.csv"
$DJ timeline --data "$T/warn" >"$T/out" 2>"$T/err"; rc=$?
check "a warning alone exits 0" 0 $rc
check "the warning is printed with its position" \
"dejure: $T/warn/events.csv:2:1: warning: USA withdraws recognition of XKX on 2008-02-18 without an earlier recognition" "$(cat "$T/err")"
$DJ timeline --data "$T/warn" --strict >"$T/out" 2>"$T/err"; rc=$?
check "--strict makes it an error: exit 2" 2 $rc
check "--strict prints it as an error" \
"dejure: $T/warn/events.csv:2:1: USA withdraws recognition of XKX on 2008-02-18 without an earlier recognition" "$(cat "$T/err")"
check "--strict writes no table" "" "$(cat "$T/out")"
$DJ report --data "$T/warn" --strict --out "$T/strictout" >/dev/null 2>&1
check "--strict report writes nothing" "no" "$([ -e "$T/strictout" ] && echo yes || echo no)"

# ---- gnuplot that fails: exit 4, its own words, no image left behind ----
mkdir -p "$T/fakebin"
printf '#!/bin/sh\necho "cannot render here" >&2\nexit 1\n' >"$T/fakebin/gnuplot"
chmod +x "$T/fakebin/gnuplot"
PATH="$T/fakebin:$PATH" $DJ report --out "$T/gpfail" --format png >/dev/null 2>"$T/err"; rc=$?
check "a report whose gnuplot fails exits 4" 4 $rc
check "the message is gnuplot's, with the script" \
"dejure: gnuplot $T/gpfail/cumulative.gp failed: cannot render here" "$(cat "$T/err")"
check "no image and no temporary is left" "" "$(ls -A "$T/gpfail" | grep -e '\.png$' -e '^\.')"

# ---- a quoted field in a message is cut at a character, never inside one ----
# 'a' and then 30 two-byte letters: 40 bytes would end inside the 20th.
long=$(printf 'a'; i=0; while [ $i -lt 30 ]; do printf '\303\251'; i=$((i + 1)); done)
printf 'date,actor,subject,type\n2013-01-01,USA,XKX,%s\n' "$long" >"$T/utf8.csv"
$DJ validate --events "$T/utf8.csv" >"$T/err" 2>&1; rc=$?
check "a bad type exits 2" 2 $rc
shown=$(printf 'a'; i=0; while [ $i -lt 19 ]; do printf '\303\251'; i=$((i + 1)); done)
check "the type is shown up to the last whole character" \
"$T/utf8.csv:2:20: expected type 'recognize', 'withdraw' or 'freeze', found '$shown'" "$(cat "$T/err")"

# no list is silently cut: a --bloc list past 1,023 bytes, 30 thresholds
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "UN,EU,"; printf "NATO" }')
check "a --bloc list of 1,800 bytes keeps its last bloc" "2013-02-17,NATO,28,24,85.71" \
"$($DJ coverage --bloc "$long" --at 2013-02-17 | tail -1)"
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "UN,"; printf "EUU" }')
$DJ coverage --bloc "$long" --at 2013-02-17 >/dev/null 2>"$T/err"; rc=$?
check "a bad code at the end of a long --bloc list is still found" "1:1" "$rc:$(grep -c "unknown bloc 'EUU'" "$T/err")"
check "thirty thresholds, thirty rows" 31 \
"$($DJ milestones --thresholds "$(seq -s, 1 30)" --bloc EU | wc -l | tr -d ' ')"

# CR-only line ends: refused once, with the line and column of the first CR
mkdir -p "$T/cronly"
printf 'date,actor,subject,type\r2008-02-18,USA,XKX,recognize\r2008-02-30,FRA,XKX,recognize\r' > "$T/cronly/events.csv"
$DJ validate --data "$T/cronly" >"$T/err" 2>&1; rc=$?
check "a file with CR-only line ends is refused, pointing at its first CR" "2:1" \
"$rc:$(grep -c 'cronly/events.csv:1:24: expected lines ending in LF or CR LF, found a CR alone' "$T/err")"

# C1 controls and bidirectional overrides are refused as C0 controls are
mkdir -p "$T/c1"
printf 'code,name\nXKX,Kosovo\nUSA,Uni\302\233ted\nFRA,Fr\342\200\256ance\n' > "$T/c1/entities.csv"
printf 'date,actor,subject,type\n2008-02-18,FRA,XKX,recognize\n' > "$T/c1/events.csv"
$DJ validate --data "$T/c1" >"$T/err" 2>&1; rc=$?
check "a C1 control in a name is an error with its line and column" "2:1" \
"$rc:$(grep -c 'c1/entities.csv:3:5: expected text, found a control character (U+0080 to U+009F)' "$T/err")"
check "a bidirectional override in a name is an error" 1 \
"$(grep -c 'c1/entities.csv:4:5: expected text, found a bidirectional control character' "$T/err")"

# names a spreadsheet would run as formulas: a warning, an error with --strict
mkdir -p "$T/formula"
printf 'code,name\nXKX,Kosovo\nUSA,=1+2\n' > "$T/formula/entities.csv"
printf 'date,actor,subject,type,source\n2008-02-18,USA,XKX,recognize,@SUM(A1)\n' > "$T/formula/events.csv"
$DJ validate --data "$T/formula" --strict >"$T/err" 2>&1; rc=$?
check "validate --strict refuses a formula in a name and in a source" "2:2" \
"$rc:$(grep -c 'which a spreadsheet would run as a formula' "$T/err")"
check "without --strict the table is still written, as the data says" "2008-02-18,1,0,1,0,0" \
"$($DJ timeline --data "$T/formula" -q | tail -1)"

echo "$fails failed"
exit $fails
