#!/bin/sh
# test_unix.sh - dejure behaves like a Unix tool: help that fits a screen,
# short and long options alike, '-' for standard input and output, data
# on standard output and messages on standard error, --quiet, no terminal
# escapes, tidy RFC 4180 CSV (quoting, UTF-8), --long/--wide agreeing.
# Usage: test_unix.sh PATH/TO/dejure
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-unix-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26 LC_ALL=C.UTF-8
fails=0
. "$(dirname "$0")/../cli/check.sh"

# --- help fits a screen (80 x 24), on standard output
"$DJ" --help >"$T/help" 2>"$T/err"; rc=$?
check "--help exits 0 and says nothing on stderr" "0:" "$rc:$(cat "$T/err")"
check "--help fits 24 lines" 1 "$([ "$(wc -l < "$T/help")" -le 24 ] && echo 1)"
check "--help fits 80 columns" "" "$(grep -n '.\{81,\}' "$T/help")"
check "--help lists every command" "" \
    "$(for c in $("$DJ" complete commands); do [ "$c" = help ] || grep -q "^  $c " "$T/help" || echo "$c"; done)"
check "--help shows examples" 1 "$(grep -c '^  dejure coverage' "$T/help")"
for c in $("$DJ" complete commands); do
    [ "$c" = help ] && continue
    "$DJ" help "$c" >"$T/h1" 2>&1; rc=$?
    "$DJ" "$c" --help >"$T/h2" 2>&1
    check "help $c: exit 0, fits 80x24, equals '$c --help'" "0:1::same" \
        "$rc:$([ "$(wc -l < "$T/h1")" -le 24 ] && echo 1):$(grep -n '.\{81,\}' "$T/h1"):$(cmp -s "$T/h1" "$T/h2" && echo same)"
done
"$DJ" >/dev/null 2>"$T/err"; rc=$?
check "no command: usage on stderr, exit 1" "1:Usage: dejure COMMAND [OPTIONS]" "$rc:$(head -1 "$T/err" | cut -c1-31)"
"$DJ" help nosuch >"$T/out" 2>"$T/err"; rc=$?
check "help of an unknown command: exit 1, message on stderr only" \
    "1::dejure: unknown command 'nosuch'; see 'dejure --help'" "$rc:$(cat "$T/out"):$(cat "$T/err")"

# --- short options are the long ones
check "-b -a -v equal --bloc= --at --view" \
    "$("$DJ" coverage --bloc=NATO --at 2013-02-17 --view undisputed)" \
    "$("$DJ" coverage -b NATO -a 2013-02-17 -v undisputed)"
"$DJ" coverage --frobnicate >"$T/out" 2>"$T/err"; rc=$?
check "unknown option: exit 1, hint on stderr, nothing on stdout" \
    "1::dejure: unknown option '--frobnicate' for 'coverage'; see 'dejure help coverage'" \
    "$rc:$(cat "$T/out"):$(cat "$T/err")"

# --- '-' for standard input and output
mkdir -p "$T/ds"
"$DJ" coverage -b NATO -a 2013-02-17 -o - >"$T/out"
check "--out - writes standard output" "2013-02-17,NATO,28,24,85.71" "$(tail -1 "$T/out")"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2008-02-18,FRA,XKX,recognize\n' > "$T/ev.csv"
check "--events - reads events from standard input into the built-in dataset" \
    "2013-02-17,NATO,28,2,7.14" "$("$DJ" coverage -e - -b NATO -a 2013-02-17 < "$T/ev.csv" | tail -1)"
check "--events FILE does the same from a file" \
    "2013-02-17,NATO,28,2,7.14" "$("$DJ" coverage --events "$T/ev.csv" -b NATO -a 2013-02-17 | tail -1)"
cp "$T/ev.csv" "$T/ds/events.csv"
printf 'bloc,member,joined,left\nPAIR,USA,2000-01-01,\nPAIR,DEU,2000-01-01,\n' > "$T/ds/blocs.csv"
check "--events - keeps the other files of --data DIR" "2013-02-17,PAIR,2,1,50.00" \
    "$(head -2 "$T/ev.csv" | "$DJ" coverage -d "$T/ds" -e - -a 2013-02-17 | tail -1)"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2008-02-30,FRA,XKX,recognize\n' |
    "$DJ" timeline -e - >"$T/out" 2>"$T/err"; rc=$?
check "bad data from standard input: exit 2, <stdin>:line:column, nothing on stdout" \
    "2::dejure: <stdin>:3:1: day out of range for that month, found '2008-02-30'" \
    "$rc:$(cat "$T/out"):$(cat "$T/err")"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognise\n' | "$DJ" validate -e - >"$T/out" 2>/dev/null; rc=$?
check "validate -e - checks events from standard input" \
    "2:<stdin>:2:20: expected type 'recognize', 'withdraw' or 'freeze', found 'recognise' (did you mean 'recognize'?)" "$rc:$(head -1 "$T/out")"
"$DJ" report --out - >"$T/out" 2>"$T/err"; rc=$?
check "report --out - is refused: a report is a folder" "1::1" "$rc:$(cat "$T/out"):$(grep -c 'not' "$T/err")"
[ ! -e ./- ]; check "report --out - created nothing named '-'" 0 $?
"$DJ" timeline --data - >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "--data - is refused, pointing to --events -" "1:1" "$rc:$(grep -c 'use --events -' "$T/err")"
"$DJ" timeline --events "$T" >/dev/null 2>"$T/err"; rc=$?
check "--events of a folder exits 3 and says why" "3:dejure: $T: expected a file, found a directory" "$rc:$(cat "$T/err")"
"$DJ" timeline --events "$T/nonexistent.csv" >/dev/null 2>"$T/err"; rc=$?
check "--events of a missing file exits 3" "3:1" "$rc:$(grep -c 'nonexistent.csv: cannot open' "$T/err")"

# --- data on stdout, warnings on stderr, --quiet silences them only
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2009-01-01,FRA,XKX,withdraw\n' > "$T/warn.csv"
"$DJ" timeline -e "$T/warn.csv" >"$T/out" 2>"$T/err"; rc=$?
check "a warning goes to stderr, the table to stdout" "0:1:date,recognized,withdrawn,total,began,ended" \
    "$rc:$(grep -c 'warning:' "$T/err"):$(head -1 "$T/out")"
"$DJ" timeline -e "$T/warn.csv" -q >"$T/outq" 2>"$T/err"; rc=$?
check "--quiet: no warning, the same table" "0::same" "$rc:$(cat "$T/err"):$(cmp -s "$T/out" "$T/outq" && echo same)"

# --- no colour or other escapes, even on a terminal
esc=$(printf '\033')
if command -v script >/dev/null 2>&1; then
    script -qec "$DJ coverage --bloc NATTO; $DJ --help; $DJ holdouts -b EU -a 2013-02-17" /dev/null >"$T/tty" 2>&1
    check "on a terminal: no escape sequences" "0" "$(grep -c "$esc" "$T/tty")"
    check "on a terminal: the output is there" 1 "$(grep -c '2013-02-17,EU,CYP,Cyprus' "$T/tty")"
fi

# --- CSV: RFC 4180 quoting, UTF-8 kept, one field count per table
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n' > "$T/ds/events.csv"
printf 'code,name\nUSA,United States\nKOR,"Korea, Republic of"\nVAT,"The ""Holy"" See"\nCIV,Côte d’Ivoire\nXKX,Kosovo\n' > "$T/ds/entities.csv"
printf 'bloc,member,joined,left\nB,USA,2000-01-01,\nB,KOR,2000-01-01,\nB,VAT,2000-01-01,\nB,CIV,2000-01-01,\n' > "$T/ds/blocs.csv"
check "names with a comma or a quote are quoted, UTF-8 is kept" \
"date,bloc,code,name
2013-02-17,B,CIV,Côte d’Ivoire
2013-02-17,B,KOR,\"Korea, Republic of\"
2013-02-17,B,VAT,\"The \"\"Holy\"\" See\"" "$("$DJ" holdouts -d "$T/ds" -b B -a 2013-02-17)"
for cmd in "timeline" "timeline --by year" "coverage" "coverage --wide" "holdouts -b EU" \
           "milestones" "milestones --thresholds 50,100"; do
    # after removing quoted fields (none hold a comma here but names), count commas
    "$DJ" $cmd > "$T/t.csv"
    check "'$cmd': every row has the header's field count, LF line ends, dates ISO 8601" "1:0:0" \
        "$(sed 's/"[^"]*"//g' "$T/t.csv" | awk -F, '{print NF}' | sort -u | wc -l):$(grep -c "$(printf '\r')" "$T/t.csv"):$(grep -Ec '(^|,)[0-9]{4}-[0-9]{2}-[0-9]{2}' "$T/t.csv" | awk '{print ($1 < 1)}')"
done

# --- --long and --wide hold the same numbers
"$DJ" coverage -b NATO,EU -a 2013-02-17 --wide > "$T/wide"
check "--wide: one row per date, three columns per bloc" \
"date,NATO_members,NATO_recognizing,NATO_percent,EU_members,EU_recognizing,EU_percent
2013-02-17,28,24,85.71,27,22,81.48" "$(cat "$T/wide")"
check "--long (the default) holds the same numbers" \
    "$(tail -1 "$T/wide" | cut -d, -f2-)" \
    "$("$DJ" coverage -b NATO,EU -a 2013-02-17 --long | tail -n +2 | cut -d, -f3- | paste -sd,)"
check "--long is the default" "$("$DJ" coverage --by year)" "$("$DJ" coverage --by year --wide --long)"

echo "$fails failed"
exit $fails
