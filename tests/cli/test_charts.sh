#!/bin/sh
# test_charts.sh - the charts and the page of `dejure report`: every chart
# script runs under gnuplot without a word on stderr and yields an image
# of the requested size; report.html holds the charts and nothing that
# loads from the network; a dataset whose strings hold quotes,
# backslashes, semicolons, backquotes and system(...) is drawn literally
# and runs nothing.
# Usage: test_charts.sh PATH/TO/dejure
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-charts-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0
CHARTS="cumulative coverage per-year standing map"

. "$(dirname "$0")/check.sh"

png_size() { # PNG width x height: big-endian words at bytes 16 and 20
    od -An -tu1 -j16 -N8 "$1" | awk '{print $3*256+$4 "x" $7*256+$8}'
}

# ---- every chart, at a requested size and at the default ----
$DJ report --out "$T/small" --format both --size 640,400 >/dev/null 2>"$T/err"
check "report at 640x400 exits 0" 0 $?
check "report at 640x400 is silent on stderr" "" "$(cat "$T/err")"
$DJ report --out "$T/big" --format png >/dev/null 2>"$T/err"
check "report at the default size exits 0" 0 $?
for chart in $CHARTS; do
    check "$chart.png is 640x400 when asked" "640x400" "$(png_size "$T/small/$chart.png")"
    check "$chart.png is 1600x900 by default" "1600x900" "$(png_size "$T/big/$chart.png")"
    check "$chart.svg has the title (also when it is the second format)" 1 "$(grep -c '<text>Kosovo: ' "$T/small/$chart.svg")"
    check "$chart.svg is 640x400" 'width="640" height="400"' "$(grep -m1 -o 'width="[0-9]*" height="[0-9]*"' "$T/small/$chart.svg")"
    # the script alone, in a copy of the folder: no warning, both images
    rm -rf "$T/copy" && cp -r "$T/small" "$T/copy" && rm -f "$T/copy/$chart.png" "$T/copy/$chart.svg"
    (cd "$T/copy" && gnuplot "$chart.gp" >/dev/null 2>"$T/gperr")
    check "$chart.gp runs on its own without a warning" "0:" "$?:$(cat "$T/gperr")"
    check "$chart.gp alone writes its PNG at the size of size.gp" "640x400" "$(png_size "$T/copy/$chart.png")"
    # a PNG that is not blank: an image of one colour compresses to little
    check "$chart.png has something drawn" 1 "$(test "$(wc -c < "$T/big/$chart.png")" -gt 20000 && echo 1)"
done
# odd sizes: the charts still fit (margins give way, keys go), no warning
for sz in 200,120 10000,400 300,2000; do
    rm -rf "$T/odd" && $DJ report --out "$T/odd" --size "$sz" --no-render >/dev/null
    for chart in $CHARTS; do
        (cd "$T/odd" && gnuplot "$chart.gp" >/dev/null 2>"$T/gperr")
        check "$chart.gp at $sz draws without a warning" "0:" "$?:$(cat "$T/gperr")"
    done
done
# a short span is labelled in months, a long one in years
$DJ report --out "$T/short" --at 2009-06-30 --no-render >/dev/null
check "a span of 16 months has month tics" 1 "$(grep -c '^set xtics ("2008-03" "2008-03-01", "2008-05" "2008-05-01"' "$T/short/cumulative.gp")"
check "a span of 18 years has year tics" 1 "$(grep -c '^set xtics ("2009" "2009-01-01", "2010" "2010-01-01"' "$T/big/cumulative.gp")"
check "the script size is a setting, not a constant" "width = 640" "$(grep '^width' "$T/small/size.gp")"

# the coverage panels: four bands one under the other, none overlapping
check "coverage panels are stacked, apart, each under a quarter of the height" "ok" \
"$(awk '/^set tmargin at screen/ {t[++n] = $5} /^set bmargin at screen/ {b[n] = $5}
    END { ok = (n == 4); for (i = 1; i <= n; i++) { if (t[i] - b[i] > 0.25 || t[i] <= b[i]) ok = 0; if (i > 1 && t[i] > b[i-1]) ok = 0 }
          print ok ? "ok" : "bad" }' "$T/big/coverage.gp")"

# the map: the subject and its status classes come from map.csv
check "map.csv: Kosovo is the subject" "XKX,Kosovo,subject,0" "$(grep '^XKX,' "$T/small/map.csv")"
check "map.csv: the United States recognise" "USA,United States,recognizes,0" "$(grep '^USA,' "$T/small/map.csv")"
check "map.csv: Serbia does not" "SRB,Serbia,none,0" "$(grep '^SRB,' "$T/small/map.csv")"
check "the map draws Kosovo's outline" 1 "$(grep -c ' XKX$' "$T/small/world-110m.txt" | awk '{print ($1 > 3)}')"

# standing: NATO's four holdouts named, percentage from the counts
check "standing.csv: NATO row" '2,NATO,"North Atlantic Treaty Organization",32,28,87.50,"not recognising: Greece, Romania, Slovakia, Spain"' \
"$(grep '^2,NATO' "$T/big/standing.csv")"

# cumulative: the 100th recognition (as the milestones table has it) is
# labelled, and marked at the height of the line that day
m100=$($DJ milestones | grep '^100,')
d100=$(echo "$m100" | cut -d, -f2)
n100=$($DJ milestones | awk -F, -v c="$(echo "$m100" | cut -d, -f3)" '$3 == c {print $4}')
check "the 100th recognition is labelled" 1 "$(grep -c "^$d100,\"100th recognition: $n100, $d100\"," "$T/small/cumulative-labels.csv")"
check "the 100th is marked on the line" "$($DJ timeline --at "$d100" | tail -1 | cut -d, -f4)" \
"$(grep "^$d100,\"100th" "$T/small/cumulative-labels.csv" | awk -F, '{print $NF}')"

# ---- annotations from the dataset: all drawn, none overlapping ----
mkdir -p "$T/ann"
cp "$DEJURE_SOURCE_DIR"/datasets/world/*.csv "$DEJURE_SOURCE_DIR"/datasets/world/kosovo/*.csv "$T/ann/"
cat > "$T/ann/annotations.csv" <<'EOF'
date,label
2008-02-17,Declaration of independence
2010-07-22,ICJ advisory opinion
2013-04-19,Brussels Agreement
2013-05-01,A close neighbour of the Brussels Agreement
2020-09-04,Washington agreement
EOF
$DJ report --data "$T/ann" --out "$T/annrep" --format png --size 900,500 >/dev/null 2>"$T/err"
check "report with annotations exits 0 and is silent" "0:" "$?:$(cat "$T/err")"
check "every annotation and the 100th are labelled" 6 "$(($(wc -l < "$T/annrep/cumulative-labels.csv") - 1))"
# labels on one row (same y) must not overlap: left edge + width at the
# chart's scale (size.gp), plot width 900 - 130 scaled pixels
k=$(sed -n 's/^font_scale = //p' "$T/annrep/size.gp")
check "labels on one row keep apart" "ok" "$(awk -F'"' 'NR>1{split($3, a, ","); print a[2], a[3], length($2)}' "$T/annrep/cumulative-labels.csv" |
    sort -k2,2 -k1,1n | awk -v k="$k" -v span="$(( ($(date -d 2026-11-26 +%s) - $(date -d 2008-02-17 +%s)) ))" '
    { x = $1; w = $3 * 12 * k * 0.72 / (900 - 130 * k) * span; if ($2 == y && x < end) bad = 1; y = $2; end = x + w }
    END { print bad ? "overlap" : "ok" }')"
check "close labels were spread over more than one row" 1 "$(awk -F'"' 'NR>1{split($3, a, ","); print a[3]}' "$T/annrep/cumulative-labels.csv" | sort -u | wc -l | awk '{print ($1 > 1)}')"

# ---- annotations belong to a subject: drawn on its charts only ----
mkdir -p "$T/two"
cat > "$T/two/events.csv" <<'EOF'
date,actor,subject,type,source
2008-02-18,USA,XKX,recognize,s
2008-02-20,FRA,XKX,recognize,s
1992-06-01,USA,SML,recognize,s
EOF
cat > "$T/two/annotations.csv" <<'EOF'
date,subject,label
2008-02-19,XKX,Only Kosovo's
2008-02-19,SML,Only Somaliland's
2008-02-19,,On every chart
EOF
$DJ report -q --data "$T/two" -s XKX --out "$T/two-xkx" --no-render >/dev/null 2>"$T/err"
check "two subjects: the report of the first exits 0" "0:" "$?:$(cat "$T/err")"
$DJ report -q --data "$T/two" -s SML --out "$T/two-sml" --no-render --at 2008-12-31 >/dev/null 2>"$T/err"
check "two subjects: the report of the second exits 0" "0:" "$?:$(cat "$T/err")"
check "the first subject's labels hold its own annotation and the shared one" \
"On every chart|Only Kosovo's" "$(awk -F'"' 'NR > 1 {print $2}' "$T/two-xkx/cumulative-labels.csv" | LC_ALL=C sort | paste -sd'|')"
check "the other subject's annotation is not on the first's chart" 0 "$(cat "$T/two-xkx/cumulative-labels.csv" "$T/two-xkx/cumulative.gp" | grep -c Somaliland)"
check "the other subject's annotation is on its own chart" \
"On every chart|Only Somaliland's" "$(awk -F'"' 'NR > 1 {print $2}' "$T/two-sml/cumulative-labels.csv" | LC_ALL=C sort | paste -sd'|')"
echo 'date,subject,label' > "$T/two/annotations.csv"
echo '2008-02-19,SMX,Typo' >> "$T/two/annotations.csv"
$DJ validate --data "$T/two" >"$T/out" 2>&1
check "an unknown annotation subject is a data error at its line and column" \
"2:$T/two/annotations.csv:2:12: unknown subject 'SMX', not a subject of the dataset (did you mean 'SML'?)" "$?:$(cat "$T/out")"

# ---- imprecise dates: shown as their period on the charts and the page ----
mkdir -p "$T/prec"
{
    echo 'date,actor,subject,type,source'
    i=1
    while [ $i -le 101 ]; do
        case $i in
        100) echo '2009-05,A100,XKX,recognize,s' ;;
        101) echo '2010,A101,XKX,recognize,s' ;;
        *) printf '2009-01-%02d,A%03d,XKX,recognize,s\n' $(((i - 1) % 28 + 1)) $i ;;
        esac
        i=$((i + 1))
    done
} > "$T/prec/events.csv"
$DJ report -q --data "$T/prec" --out "$T/precrep" --no-render >/dev/null 2>"$T/err"
check "a report over imprecise dates exits 0" "0:" "$?:$(cat "$T/err")"
check "the 100th, known to the month, is labelled with the month" 1 \
"$(grep -c '^2009-05-01,"100th recognition: A100, May 2009",' "$T/precrep/cumulative-labels.csv")"
check "the page's milestones show the month and the year" \
"<tr><td class=\"n\">100</td><td>May 2009</td><td>A100</td></tr>|<tr><td class=\"n\">101</td><td>2010</td><td>A101</td></tr>" \
"$(grep -E '^<tr><td class="n">10[01]<' "$T/precrep/report.html" | paste -sd'|')"
check "no invented day on the page" 0 "$(grep -c -e '2009-05-01' -e '2010-01-01' "$T/precrep/report.html")"
check "CSV tables keep YYYY-MM-DD" "100,2009-05-01,A100,A100,month" "$(grep '^100,' "$T/precrep/milestones.csv")"

# ---- the survival chart says what it leaves out ----
check "the survival chart says it ignores withdrawals" 1 \
"$(grep -c '<text>Kaplan-Meier time to first recognition: later withdrawals are ignored</text>' "$T/small/survival.svg")"

# ---- the source line: the dataset by its last name, the view in words ----
check "the source line names the folder, not its path" \
'source_line = "Source: dejure, dataset \"ann\" (152 events, each with its source); every claim counted; as of 2026-11-26"' \
"$(grep '^source_line' "$T/annrep/cumulative.gp")"
check "the page names the folder, not its path" 1 "$(grep -c '<p class="sub">Dataset <code>ann</code> (152 events, each with its source)' "$T/annrep/report.html")"
check "no path in any chart script or the page" 0 "$(cat "$T"/annrep/*.gp "$T/annrep/report.html" | grep -c "$T")"
head -40 "$DEJURE_SOURCE_DIR/datasets/world/kosovo/events.csv" > "$T/some-events.csv"
echo '2012-01-01,FRA,XKX,recognize,,,' >> "$T/some-events.csv"
echo '2012-01-02,DEU,XKX,recognize,,,' >> "$T/some-events.csv"
$DJ report -q -e "$T/some-events.csv" -v XKX --out "$T/evrep" --no-render >/dev/null 2>"$T/err"
check "events from a file: the footer names the file and counts the sources" \
'source_line = "Source: dejure, dataset \"some-events.csv\" (39 of 41 events with a source); as Kosovo counts; as of 2026-11-26"' \
"$(grep '^source_line' "$T/evrep/per-year.gp")"
check "a party's view in words in the subtitle" 'subtitle_line = "as Kosovo counts, as of 2026-11-26"' "$(grep '^subtitle_line' "$T/evrep/map.gp")"
check "the page says which published counts the view matches" 1 "$(grep -c '<p id="view">As Kosovo counts: .*It matches the counts Kosovo publishes. (<code>--view XKX</code>)</p>' "$T/evrep/report.html")"
check "the statistics' charts name the view in words" 1 "$(grep -c '^set title "Kosovo: .* (as Kosovo counts, as of 2026-11-26)"' "$T/evrep/survival.gp")"

# ---- animations: one frame per month, the last held ----
$DJ report --out "$T/anim" --at 2008-12-31 --animate --size 800,450 >/dev/null 2>"$T/err"
check "report --animate exits 0 and is silent" "0:" "$?:$(cat "$T/err")"
for gif in map-animated cumulative-animated; do
    check "$gif.gif is a GIF" "GIF89a" "$(head -c 6 "$T/anim/$gif.gif")"
    # logical screen size: little-endian words at bytes 6 and 8 (half size)
    check "$gif.gif is 400x225" "400x225" "$(od -An -tu1 -j6 -N4 "$T/anim/$gif.gif" | awk '{print $1+256*$2 "x" $3+256*$4}')"
done
check "one frame per month from the declaration to the as-of date" 11 "$(($(wc -l < "$T/anim/animation-months.csv") - 1))"
check "the last frame is the as-of date" "11,2008-12-31,$($DJ timeline --at 2008-12-31 | tail -1 | cut -d, -f4)" "$(tail -1 "$T/anim/animation-months.csv")"
check "Kosovo's outline carries the subject's status in every frame" "33333333333" "$(awk '$3 == "XKX" {print $4; exit}' "$T/anim/map-months.txt")"

# ---- the page ----
H="$T/small/report.html"
for chart in $CHARTS; do
    check "report.html holds the $chart chart as inline SVG" 1 "$(grep -A1 "<figure id=\"chart-$chart\">" "$H" | grep -c '^<svg')"
done
check "report.html loads nothing: no src= or link to fetch" 0 "$(grep -c -E '<(script|link|iframe)|src="(https?:)?//' "$H")"
check "report.html forbids fetching" 1 "$(grep -c "default-src 'none'" "$H")"
check "report.html names NATO's holdouts" 1 "$(grep -c '<dd>Greece, Romania, Slovakia, Spain</dd>' "$H")"
total=$($DJ timeline --at 2026-11-26 | tail -1 | cut -d, -f4)
check "report.html: headline figure is the timeline's total" 1 "$(grep -c "<b>$total</b><span>recognising (every claim counted)</span>" "$H")"
check "report.html: SVG ids are made unique per chart" 0 "$(grep -o 'id="[^"]*"' "$H" | sort | uniq -d | wc -l)"

# ---- a hostile dataset: drawn literally, runs nothing ----
E="$T/evil"
mkdir -p "$E"
cat > "$E/entities.csv" <<'EOF'
code,name
XKX,"Ko""so`touch PWNED1`vo\ @x; system(""touch PWNED2"")"
AAA,"A'; system('touch PWNED3'); print '"
BBB,"B <script>alert(1)</script> & ""q"" ``touch PWNED4``"
CCC,Plain C
EOF
cat > "$E/subjects.csv" <<'EOF'
code,name,declared
XKX,"Ko""so`touch PWNED1`vo\ @x; system(""touch PWNED2"")",2008-02-17
EOF
cat > "$E/events.csv" <<'EOF'
date,actor,subject,type,disputed,source,note
2008-02-18,AAA,XKX,recognize,,https://example.org/a?x=1&y=<2>,
2009-03-01,BBB,XKX,recognize,,"javascript:alert(""x"")",
2012-05-05,BBB,XKX,withdraw,XKX,https://example.org/b,
EOF
cat > "$E/blocs.csv" <<'EOF'
bloc,member,joined,left,source
G1,AAA,2000-01-01,,https://example.org/g
G1,BBB,2000-01-01,,https://example.org/g
G1,CCC,2000-01-01,,https://example.org/g
EOF
cat > "$E/bloc_names.csv" <<'EOF'
bloc,name,source
G1,"Group \"" `touch PWNED5` ; system(""touch PWNED6"") \\",https://example.org/g
EOF
cat > "$E/annotations.csv" <<'EOF'
date,label
2010-01-01,"`touch PWNED7` "" system(""touch PWNED8"") \ ; @m \n"
EOF
mkdir -p "$T/cwd"
(cd "$T/cwd" && $DJ report --data "$E" --bloc G1 --out "$T/evilrep" --format both >/dev/null 2>"$T/err")
check "hostile report exits 0" 0 $?
check "hostile report is silent on stderr" "" "$(cat "$T/err")"
check "nothing was run: no PWNED file anywhere" "" "$(find "$T" /tmp -maxdepth 3 -name 'PWNED*' 2>/dev/null)"
for chart in $CHARTS; do
    (cd "$T/evilrep" && gnuplot "$chart.gp" >/dev/null 2>"$T/gperr")
    check "hostile $chart.gp runs alone without a warning" "0:" "$?:$(cat "$T/gperr")"
done
check "nothing was run by the scripts alone either" "" "$(find "$T" /tmp -maxdepth 3 -name 'PWNED*' 2>/dev/null)"
check "the title shows the name literally" 1 \
"$(grep -c '<text>Ko"so`touch PWNED1`vo\\ @x; system("touch PWNED2"): states recognising</text>' "$T/evilrep/cumulative.svg")"
check "the annotation shows backslashes literally" 1 \
"$(grep -c '<text>`touch PWNED7` " system("touch PWNED8") \\ ; @m \\n</text>' "$T/evilrep/cumulative.svg")"
check "the bloc name shows literally on the coverage chart" 1 \
"$(grep -c '<text>Group \\" `touch PWNED5` ; system("touch PWNED6") \\\\</text>' "$T/evilrep/coverage.svg")"
check "the page escapes markup in names" 0 "$(grep -c '<script' "$T/evilrep/report.html")"
check "the page shows the name escaped" 1 "$(grep -c '<dd>B &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;' "$T/evilrep/report.html")"
check "only web addresses become links (the status table and the sources)" 'href="https://example.org/a?x=1&amp;y=&lt;2&gt;" href="https://example.org/b"' \
"$(grep -o 'href="[^"]*"' "$T/evilrep/report.html" | sort -u | tr '\n' ' ' | sed 's/ $//')"

# years before 1000: gnuplot must not read "0999" as an octal number
mkdir -p "$T/old"
printf 'date,actor,subject,type\n0998-03-01,AAA,XOLD,recognize\n0999-05-01,BBB,XOLD,recognize\n1001-01-01,CCC,XOLD,recognize\n' > "$T/old/events.csv"
DEJURE_TODAY=1002-01-01 $DJ report --data "$T/old" --out "$T/oldrep" --format svg >/dev/null 2>"$T/err"; rc=$?
check "a report of the years 998 to 1001 renders" "0:" "$rc:$(cat "$T/err")"
check "the per-year chart has its bar for 999" 1 "$(grep -c '>999<' "$T/oldrep/per-year.svg")"

# a report dated on the declaration, or before it, still renders
for d in 2008-01-01 2008-02-17; do
    $DJ report --at $d --out "$T/at-$d" --format svg >/dev/null 2>"$T/err"; rc=$?
    check "report --at $d renders every chart" "0:" "$rc:$(cat "$T/err")"
done

# the page inlines only charts this run drew: a fit left by an earlier run is not shown
$DJ report --out "$T/stale" --format svg >/dev/null 2>&1
$DJ report --at 2008-02-20 --out "$T/stale" --format svg >/dev/null 2>&1
check "an earlier run's fit.svg stays in the folder" yes "$([ -f "$T/stale/fit.svg" ] && echo yes)"
check "but the page of 2008-02-20 does not show it" 0 "$(grep -c 'id="chart-fit"' "$T/stale/report.html")"
check "nor anything dated after it" 0 "$(grep -c 'as of 2026' "$T/stale/report.html")"

# the page prefixes ids in the charts' markup only, never in a label's text
mkdir -p "$T/idtext"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2009-01-01,FRA,XKX,recognize\n' > "$T/idtext/events.csv"
printf 'date,label\n2008-06-01,"see url(#x) and id=""y"""\n' > "$T/idtext/annotations.csv"
$DJ report --data "$T/idtext" --out "$T/idrep" --format svg >/dev/null 2>&1
check "a label that reads like an id reference shows as written on the page" 1 \
"$(grep -c 'see url(#x) and id="y"' "$T/idrep/report.html")"

echo "$fails failed"
exit $fails
