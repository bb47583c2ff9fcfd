#!/bin/sh
# test_cli.sh - the dejure command end to end: outputs, messages, exit
# codes, and a report whose charts gnuplot really renders.
# Usage: test_cli.sh PATH/TO/dejure
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0

. "$(dirname "$0")/check.sh"

# tables
check "coverage on 2013-02-17" \
"date,bloc,members,recognizing,percent
2013-02-17,NATO,28,24,85.71
2013-02-17,EU,27,22,81.48" "$($DJ coverage --bloc NATO,EU --at 2013-02-17)"
check "holdouts of NATO" \
"date,bloc,code,name
2013-02-17,NATO,ESP,Spain
2013-02-17,NATO,GRC,Greece
2013-02-17,NATO,ROU,Romania
2013-02-17,NATO,SVK,Slovakia" "$($DJ holdouts --bloc NATO --at 2013-02-17)"
check "timeline grid rows are dated the end of the period" \
"2013-12-31" "$($DJ timeline --by year | grep '^2013' | cut -d, -f1)"
check "timeline by year sums to the total" "ok" \
"$($DJ timeline --by year | awk -F, 'NR>1{r+=$2; w+=$3; t=$4} END{print (r-w==t) ? "ok" : "no"}')"
check "the README's Haiti, the 86th UN member" "86,2012-02-11,HTI,Haiti,day" \
"$($DJ milestones --among UN | grep HTI)"
# thresholds: every crossing, up and down (a withdrawal, a state that
# does not recognise joining, and back above each time)
mkdir -p "$T/cross"
printf 'date,actor,subject,type\n2009-01-01,AAA,XKX,recognize\n2010-01-01,BBB,XKX,recognize\n2011-01-01,BBB,XKX,withdraw\n2012-05,CCC,XKX,recognize\n' > "$T/cross/events.csv"
printf 'bloc,member,joined,left\nB,AAA,2000-01-01,\nB,BBB,2000-01-01,\nB,CCC,2000-01-01,\nB,DDD,2000-01-01,\nB,EEE,2013-01-01,2014-01-01\n' > "$T/cross/blocs.csv"
check "milestones --thresholds lists each crossing with its direction" \
"bloc,threshold,date,direction,members,recognizing,percent
B,50.00,2010-01-01,up,4,2,50.00
B,50.00,2011-01-01,down,4,1,25.00
B,50.00,2012-05-01,up,4,2,50.00
B,50.00,2013-01-01,down,5,2,40.00
B,50.00,2014-01-01,up,4,2,50.00
B,75.00,,,,," "$($DJ milestones -q --data "$T/cross" --thresholds 50,75 -b B)"
$DJ report -q --data "$T/cross" -b B --out "$T/crossrep" --no-render --at 2013-06-30 >/dev/null
check "the page says a bloc that fell back is below half again" 1 \
"$(grep -c 'Half of each bloc recognising: B below half again since 2013-01-01\.' "$T/crossrep/report.html")"
$DJ report -q --data "$T/cross" -b B --out "$T/crossrep" --no-render --at 2012-12-31 >/dev/null
check "a crossing dated by its month is shown as the month" 1 \
"$(grep -c 'B at least half again since May 2012\.' "$T/crossrep/report.html")"
check "the README's 24 of 28 NATO members" "2013-02-17,NATO,28,24,85.71" \
"$($DJ coverage --bloc NATO,EU --at 2013-02-17 | grep NATO)"
check "--out writes the file, nothing on stdout" "" "$($DJ coverage --bloc UN --out "$T/c.csv")"
check "--out file has the header" "date,bloc,members,recognizing,percent" "$(head -1 "$T/c.csv")"
check "--subject all adds a subject column" "subject,date,recognized,withdrawn,total,began,ended" \
"$($DJ timeline --subject all | head -1)"

# usage errors: exit 1 and a message
$DJ coverage --bloc NATTO >/dev/null 2>"$T/err"; rc=$?
check "unknown bloc exits 1" 1 $rc
check "unknown bloc suggests" "dejure: unknown bloc 'NATTO' (did you mean 'NATO'?)" "$(cat "$T/err")"
$DJ timeline --at 2013-02-30 >/dev/null 2>"$T/err"; check "bad --at exits 1" 1 $?
$DJ frobnicate >/dev/null 2>&1; check "unknown command exits 1" 1 $?
msg=$($DJ --at 2013-02-17 coverage 2>&1 >/dev/null); rc=$?
check "an option before the command exits 1" 1 $rc
check "an option before the command names the command meant" \
    "dejure: the command comes first, then its options: 'dejure coverage --at ...'; see 'dejure help coverage'" "$msg"
$DJ --help >/dev/null; check "--help exits 0" 0 $?
check "--version" "dejure" "$($DJ --version | cut -d' ' -f1)"
$DJ help coverage | grep -q -- '--bloc'; check "help SUBCOMMAND shows its options" 0 $?

# an option a command does not take is a usage error naming both
$DJ holdouts --by year >"$T/out" 2>"$T/err"; rc=$?
check "holdouts --by year exits 1, nothing on stdout, names --by and holdouts" \
    "1::dejure: option '--by' does not apply to 'holdouts'; see 'dejure help holdouts'" \
    "$rc:$(cat "$T/out"):$(cat "$T/err")"
$DJ help timeline | grep -q -- '--bloc'; check "timeline's help lists no --bloc" 1 $?
$DJ timeline --bloc EU --at 2013-02-17 >"$T/out" 2>"$T/err"; rc=$?
check "timeline --bloc EU exits 1 naming --bloc and timeline" \
    "1::dejure: option '--bloc' does not apply to 'timeline'; see 'dejure help timeline'" \
    "$rc:$(cat "$T/out"):$(cat "$T/err")"
$DJ timeline -b EU >/dev/null 2>"$T/err"; rc=$?
check "a short option is named with its long name" \
    "1:dejure: option '-b (--bloc)' does not apply to 'timeline'; see 'dejure help timeline'" "$rc:$(cat "$T/err")"
$DJ validate --out "$T/v.txt" >/dev/null 2>"$T/err"; rc=$?
check "validate --out exits 1 and writes nothing" "1:no file" "$rc:$([ -e "$T/v.txt" ] || echo no file)"
$DJ batch "$T/none.batch" --view undisputed >/dev/null 2>"$T/err"; rc=$?
check "batch --view: exit 1, says where batch takes its options from" \
    "1:dejure: option '--view' does not apply to 'batch', which takes its options from the batch file; see 'dejure help batch'" \
    "$rc:$(cat "$T/err")"
$DJ verify "$T" --out "$T/x" >/dev/null 2>&1; check "verify --out exits 1" 1 $?
check "the common options apply to every other command" "0 0" \
    "$($DJ timeline --quiet --strict --view all --subject XKX >/dev/null; echo $?) $($DJ validate --view all -q >/dev/null 2>&1; echo $?)"

# misspelt commands and views: the nearest name
$DJ timelin >"$T/out" 2>"$T/err"; rc=$?
check "dejure timelin: exit 1, suggests timeline" \
    "1::dejure: unknown command 'timelin' (did you mean 'timeline'?); see 'dejure --help'" \
    "$rc:$(cat "$T/out"):$(cat "$T/err")"
check "dejure help holdout suggests holdouts" \
    "dejure: unknown command 'holdout' (did you mean 'holdouts'?); see 'dejure --help'" "$($DJ help holdout 2>&1)"
$DJ timeline --view undisputd >"$T/out" 2>"$T/err"; rc=$?
check "--view undisputd: exit 1, suggests undisputed" \
    "1::dejure: unknown view 'undisputd': expected all, undisputed or an entity code (did you mean 'undisputed'?)" \
    "$rc:$(cat "$T/out"):$(cat "$T/err")"
check "--view SERB suggests the party SRB" \
    "dejure: unknown view 'SERB': expected all, undisputed or an entity code (did you mean 'SRB'?)" \
    "$($DJ timeline --view SERB 2>&1)"
# a party that disputes nothing: a warning, and the view of all
$DJ timeline --view ALB --by year >"$T/out" 2>"$T/err"; rc=$?
check "--view ALB runs, warning that ALB disputes nothing" \
    "0:dejure: warning: --view ALB: ALB disputes no event of the dataset, so its view counts every event, as --view all does" \
    "$rc:$(cat "$T/err")"
check "--view ALB counts as --view all" "$($DJ timeline --view all --by year)" "$(cat "$T/out")"
check "--view ALB --quiet: no warning" "" "$($DJ timeline --view ALB --quiet 2>&1 >/dev/null)"
check "--view SRB, a disputing party: no warning" "" "$($DJ timeline --view SRB 2>&1 >/dev/null)"

# bloc codes in any case, spaces after commas ignored; subjects in any case
check "coverage --bloc \"nato, eu\" is --bloc NATO,EU" \
    "$($DJ coverage --bloc NATO,EU --at 2013-02-17)" "$($DJ coverage --bloc "nato, eu" --at 2013-02-17 2>&1)"
check "holdouts -b 'Eu ,nato'" "$($DJ holdouts -b EU,NATO -a 2013-02-17)" "$($DJ holdouts -b 'Eu ,nato' -a 2013-02-17 2>&1)"
check "--among un is --among UN" "86,2012-02-11,HTI,Haiti,day" "$($DJ milestones --among ' un' 2>&1 | grep HTI)"
check "--subject xkx is --subject XKX" "$($DJ timeline --subject XKX --by year)" "$($DJ timeline --subject xkx --by year 2>&1)"

# data errors: exit 2, file:line:column
mkdir -p "$T/bad"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2013-02-30,FRA,XKX,recognize\n' > "$T/bad/events.csv"
$DJ timeline --data "$T/bad" >/dev/null 2>"$T/err"; rc=$?
check "bad date exits 2" 2 $rc
check "bad date message" "dejure: $T/bad/events.csv:3:1: day out of range for that month, found '2013-02-30'" "$(cat "$T/err")"
$DJ validate --data "$T/bad" >"$T/out" 2>/dev/null; check "validate exits 2 on bad data" 2 $?
check "validate lists the problem" "$T/bad/events.csv:3:1: day out of range for that month, found '2013-02-30'" "$(cat "$T/out")"
$DJ validate >/dev/null 2>&1; check "validate passes on the default dataset" 0 $?
$DJ timeline --data "$T/none" >/dev/null 2>&1; check "missing dataset exits 3" 3 $?

# report, rendered by gnuplot at the requested size
$DJ report --out "$T/rep" --format both --size 800,450 >"$T/paths" 2>"$T/err"; rc=$?
check "report exits 0" 0 $rc
check "report is silent on stderr" "" "$(cat "$T/err")"
for chart in cumulative coverage per-year standing map; do
    check "report wrote $chart.png" "$T/rep/$chart.png" "$(grep "/$chart.png\$" "$T/paths")"
    # PNG width and height: big-endian words at bytes 16 and 20
    size=$(od -An -tu1 -j16 -N8 "$T/rep/$chart.png" | awk '{print $3*256+$4 "x" $7*256+$8}')
    check "$chart.png is 800x450" "800x450" "$size"
    check "$chart.svg is an SVG" "1" "$(grep -c '<svg' "$T/rep/$chart.svg")"
    (cd "$T/rep" && gnuplot $chart.gp 2>"$T/gperr"); check "$chart.gp runs on its own" "0:" "$?:$(cat "$T/gperr")"
done

# files take the user's umask, also those written by the report's fit
# threads (curve-*.csv) while its own thread writes the others
(umask 027 && $DJ report --no-render --out "$T/masked" >/dev/null 2>&1)
check "a report's folder follows the umask" "750" "$(stat -c %a "$T/masked")"
check "its tables follow the umask" "640" "$(stat -c %a "$T/masked/timeline.csv")"
check "its curve files follow the umask" "640 640" \
    "$(stat -c %a "$T/masked/curve-logistic.csv" "$T/masked/curve-gompertz.csv" | tr '\n' ' ' | sed 's/ $//')"
check "the other files follow the umask" "" "$(find "$T/masked" -type f ! -perm 640)"

# an empty --out is a mistake, named as the option; so is a bad
# DEJURE_TODAY, named as the variable it is (not an option)
$DJ timeline -o '' >/dev/null 2>"$T/err"; rc=$?
check "-o '' exits 1 naming the option" "1:dejure: -o/--out: expected a file name ('-' for standard output), found an empty one" "$rc:$(cat "$T/err")"
$DJ report --out= --no-render >/dev/null 2>"$T/err"; rc=$?
check "--out= exits 1 too" "1" "$rc"
DEJURE_TODAY=garbage $DJ timeline >/dev/null 2>"$T/err"; rc=$?
check "a bad DEJURE_TODAY exits 1 naming the variable" \
"1:dejure: environment variable DEJURE_TODAY: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found 'garbage'" "$rc:$(cat "$T/err")"

# status: who recognises on a date, between a withdrawal and a re-recognition
check "status: Guinea-Bissau withdrew (Kosovo disputes it) on 2017-12-31" \
"2017-12-31,GNB,Guinea-Bissau,withdrew,2017-11-21,day,XKX," \
"$($DJ status --at 2017-12-31 | grep '^2017-12-31,GNB,' | cut -d, -f1-8)"
check "status: Guinea-Bissau recognises again (Serbia disputes it) on 2018-02-01" \
"2018-02-01,GNB,Guinea-Bissau,recognizes,2018-01-30,day,SRB," \
"$($DJ status --at 2018-02-01 | grep '^2018-02-01,GNB,' | cut -d, -f1-8)"
check "status: in Kosovo's view the withdrawal never happened" \
"recognizes,2011-01-10" "$($DJ status --at 2018-02-01 --view XKX | grep ',GNB,' | cut -d, -f4,5)"
check "status: 22 of the EU recognise on 2013-02-17, as coverage says" "22" \
"$($DJ status --at 2013-02-17 --among EU | grep -c ',recognizes,')"
check "status --all: the five EU holdouts have status none" "CYP ESP GRC ROU SVK" \
"$($DJ status --at 2013-02-17 --among EU --all | grep ',none,' | cut -d, -f2 | tr '\n' ' ' | sed 's/ $//')"
check "status: as many recognise as timeline's total" \
"$($DJ timeline --at 2026-11-26 | tail -1 | cut -d, -f4)" \
"$($DJ status --at 2026-11-26 | grep -c ',recognizes,')"
$DJ status --exclude conditonal >/dev/null 2>"$T/err"; rc=$?
check "--exclude with an unknown mark exits 1 naming it" "1:1" "$rc:$(grep -c "unknown mark 'conditonal'" "$T/err")"

# timeline: recognized - withdrawn + began - ended is the change of total
check "timeline balances on every row" "ok" "$($DJ timeline | awk -F, 'NR > 1 { if (NR > 2 && prev + $2 - $3 + $5 - $6 != $4) bad = 1; prev = $4 } END { print bad ? "bad" : "ok" }')"

# the page lists who recognises, with each state's source as a link
$DJ report -q --subject PSE --at 2026-11-26 --no-render --out "$T/pse" >/dev/null
check "the page's status table names Russia as continuing the Soviet Union" 1 \
"$(grep -c '<tr><td>Russia (continuing Soviet Union)</td><td>recognizes</td><td>1988-11-19</td>' "$T/pse/report.html")"
check "the page's status table has a row per recognising state" \
"$($DJ status --subject PSE --at 2026-11-26 | tail -n +2 | wc -l)" \
"$(sed -n '/<h2>Status on/,/<\/table>/p' "$T/pse/report.html" | grep -c '^<tr><td>')"

# timeline --among: only the members of the bloc on each day
check "timeline --among UN: Kosovo's total among UN members is coverage's" \
"$($DJ coverage --bloc UN --at 2020-01-01 | tail -1 | cut -d, -f4)" \
"$($DJ timeline --among UN --at 2020-01-01 | tail -1 | cut -d, -f4)"
check "timeline --among EU balances for Palestine (states joining the EU count in began)" "ok" \
"$($DJ timeline --subject PSE --among EU | awk -F, 'NR > 1 { if (NR > 2 && prev + $2 - $3 + $5 - $6 != $4) bad = 1; prev = $4 } END { print bad ? "bad" : "ok" }')"
check "timeline --among EU: the six recognisers joining in 2004 begin there" "2004-05-01,0,0,6,6,0" \
"$($DJ timeline --subject PSE --among EU | grep '^2004-05-01,')"

# help views: every view and mark of the dataset, with what it counts
$DJ help views >"$T/views" 2>&1; rc=$?
check "help views exits 0" 0 $rc
check "help views names Kosovo's view in words" 1 "$(grep -c '^  XKX *as Kosovo counts: leaves out the' "$T/views")"
check "help views lists the marks with their events" 1 "$(grep -c '^  conditional *declared subject to conditions ([0-9]* events)' "$T/views")"

# report --among UN: the cumulative chart as the press counts, UN members only
$DJ report -q --among UN --at 2020-01-01 --no-render --out "$T/among" >/dev/null
check "report --among UN: the cumulative line is the UN members recognising" \
"$($DJ coverage --bloc UN --at 2020-01-01 | tail -1 | cut -d, -f4)" "$(tail -1 "$T/among/cumulative.csv" | cut -d, -f2)"
check "report --among UN: the chart says so" 1 "$(grep -c 'title "UN members, every claim counted"' "$T/among/cumulative.gp")"

# README, "Your own subject": a copy of the world with a subject folder added
cp -r "$DEJURE_SOURCE_DIR/datasets/world" "$T/my-world"
mkdir "$T/my-world/ruritania"
grep -v ',BBB,\|,CCC,' "$DEJURE_SOURCE_DIR/examples/own-subject/events.csv" | sed 's/,AAA,/,FRA,/; s/,DDD,/,DEU,/; s/,EEE,/,ITA,/' > "$T/my-world/ruritania/events.csv"
tail -1 "$DEJURE_SOURCE_DIR/examples/own-subject/subjects.csv" >> "$T/my-world/subjects.csv"
echo 'XRU,Ruritania,2020-03-01,,https://example.org/ruritania/declaration,' >> "$T/my-world/entities.csv"
$DJ validate --strict --data "$T/my-world" >/dev/null 2>"$T/err"; rc=$?
check "a copy of the world with a subject of one's own is clean" "0:" "$rc:$(grep -v ': clean$' "$T/err")"
check "its subject is counted against the world's blocs" "2024-06-01,EU,27,1,3.70" \
"$($DJ coverage --data "$T/my-world" --subject XRU --bloc EU --at 2024-06-01 --exclude conditional | tail -1)"

# the map draws every subject: through the outlines' crosswalk, as a point,
# and a past date's former states on today's outlines
$DJ report -q --subject XNC --no-render --out "$T/xnc" >/dev/null
check "Northern Cyprus is drawn on Natural Earth's CYN outline" "CYN,XNC" "$(grep '^CYN,' "$T/xnc/map-outlines.csv")"
$DJ report -q --subject XAB --no-render --out "$T/xab" >/dev/null
check "Abkhazia, with no outline, is a point named in the legend" 1 \
"$(grep -c 'Abkhazia itself (a point: no outline at 1:110m)' "$T/xab/map.gp")"
$DJ report -q --subject PSE --at 1989-06-01 --no-render --out "$T/pse89" >/dev/null
check "in 1989 the Soviet Union is painted on Russia's outline" "RUS,SUN" "$(grep '^RUS,' "$T/pse89/map-outlines.csv")"
check "and the map says so" 1 "$(grep -c 'Former states are painted on the outlines of the states that now cover them' "$T/pse89/map.gp")"
check "Palestine's map today needs no crosswalk" "no" "$([ -e "$T/pse/map-outlines.csv" ] && echo yes || echo no)"

# compare.csv: every subject's count, by years since its declaration
check "compare.csv ends each subject on its total of the as-of date" \
"$(for s in XKX PSE ESH XAB XSO XNC XSL; do $DJ timeline --subject $s --at 2026-11-26 | tail -1 | cut -d, -f4; done | tr '\n' ' ')" \
"$(awk -F, 'NR > 1 { last[$1] = $5 } END { for (i = 1; i <= 7; i++) printf "%s ", last[i] }' "$T/pse/compare.csv")"

# the denominators of 1988: the UN of 159, the EC of twelve, NATO of sixteen
check "coverage on Palestine's declaration day counts the blocs of that day" \
"date,bloc,members,recognizing,percent
1988-11-15,UN,159,18,11.32
1988-11-15,EU,12,0,0.00
1988-11-15,NATO,16,1,6.25" \
"$($DJ coverage --subject PSE --bloc UN,EU,NATO --at 1988-11-15)"

# a recogniser too small for the map's outlines is named on it, never silently missing
check "Abkhazia's map names Nauru, which it cannot draw" 1 \
"$(grep -c 'Too small to draw at 1:110m, recognizes: .*Nauru' "$T/xab/map.gp")"

echo "$fails failed"
exit $fails
