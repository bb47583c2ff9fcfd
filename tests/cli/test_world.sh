#!/bin/sh
# test_world.sh - the synthetic-world generator and runner, and the
# loader's two-thread read of a large events.csv in pieces: line numbers
# in every piece, cuts that fall inside a quoted field, a fatal error in a
# later piece, and the runner's counts against the dejure command's on
# the same data.
# Usage: test_world.sh PATH/TO/dejure PATH/TO/dejure-worldgen PATH/TO/dejure-world
set -u
DJ=$1 GEN=$2 WORLD=$3
T=$(mktemp -d /tmp/dejure-world-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0

check() { # name expected actual
    if [ "$2" = "$3" ]; then
        echo "ok   $1"
    else
        echo "FAIL $1"
        printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
        fails=$((fails + 1))
    fi
}

# the generator: deterministic, the sizes of the workload
"$GEN" 7 4000 "$T/a" && "$GEN" 7 4000 "$T/b"
check "same seed and size give the same bytes" "" "$(cmp "$T/a/events.csv" "$T/b/events.csv"; cmp "$T/a/blocs.csv" "$T/b/blocs.csv")"
check "4000 events and a header" "4001" "$(wc -l < "$T/a/events.csv" | tr -d ' ')"
check "max(1, N / 2000) subjects" "2" "$(cut -d, -f3 "$T/a/events.csv" | sed 1d | sort -u | wc -l | tr -d ' ')"
check "generated blocs load without a problem of membership" "" \
"$("$DJ" validate --data "$T/a" 2>&1 | grep 'blocs.csv')"

# the runner against the dejure command (another code path: dj_series_eval)
"$WORLD" "$T/a" "$T/a/out"
check "runner exits 0" "0" "$?"
check "one timeline row per subject and year end" "153" "$(wc -l < "$T/a/out/timeline.csv" | tr -d ' ')"
check "one coverage row per subject, bloc and year end" "1825" "$(wc -l < "$T/a/out/coverage.csv" | tr -d ' ')"
for at in 1950-12-31 1987-12-31 2025-12-31; do
    for b in B01 B12; do
        want=$("$DJ" coverage --data "$T/a" --subject S00002 --bloc $b --at $at -q | sed 1d)
        got=$(grep "^S00002,$b,$at," "$T/a/out/coverage.csv" | cut -d, -f3-)
        check "coverage of $b on $at as the dejure command says" \
            "$(echo "$want" | cut -d, -f1,3-)" "$got"
    done
    check "recognising on $at as the dejure command says" \
        "$("$DJ" timeline --data "$T/a" --subject S00001 --at $at -q | sed 1d | cut -d, -f4)" \
        "$(grep "^S00001,$at," "$T/a/out/timeline.csv" | cut -d, -f3)"
done

# a large events.csv (over 4 MiB: read on two threads), with bad rows in
# both halves, a quoted field and an empty line in the second
"$GEN" 5 200000 "$T/big"
awk 'NR==6{print "2001-01-01,ABC,S00001"; next}
     NR==7{print "2001-01-01,AB$C,S00001,recognize,extra"; next}
     NR==10{print "2001-01-01,ABC,S00001,recognise"; next}
     NR==130000{print "2001-01-01,ABC,ABC,recognize"; next}
     NR==130001{print "2001-01-0,ABC,S00001,recognize"; next}
     NR==130002{print "2001-01-01,AB$C,S00001,recognize"; next}
     NR==120000{split($0,a,","); print a[1] ",\"" a[2] "\"," a[3] "," a[4]; next}
     NR==150001{print "2001-13-01,ABC,S00002,recognize"; next}
     NR==180000{print ""; next}
     NR==190000{print "2001-02-30,ABC,S00002,recognize"; next}
     {print}' "$T/big/events.csv" > "$T/big/e" && mv "$T/big/e" "$T/big/events.csv"
"$DJ" validate --data "$T/big" > "$T/v.txt" 2>&1
check "bad data exits 2" "2" "$?"
check "errors in both halves, with their lines and columns" \
"$T/big/events.csv:6:21: expected 4 fields as in the header, found 3
$T/big/events.csv:7:34: expected 4 fields as in the header, found 5
$T/big/events.csv:10:23: expected type 'recognize', 'withdraw' or 'freeze', found 'recognise' (did you mean 'recognize'?)
$T/big/events.csv:130000:12: expected an actor other than the subject, found 'ABC' for both
$T/big/events.csv:130001:1: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '2001-01-0'
$T/big/events.csv:130002:12: expected an actor code of letters, digits, '_', '-' or '.', found 'AB\$C'
$T/big/events.csv:150001:1: month out of range 01..12, found '2001-13-01'
$T/big/events.csv:190000:1: day out of range for that month, found '2001-02-30'" \
"$(grep -v warning "$T/v.txt" | grep -v 'more problems')"
# the middle of the file inside a quoted field of 400 lines (the empty
# line is now a row of one empty field and a note)
awk 'NR==1{print $0 ",note"; next}
     NR==99990{printf "%s,\"start", $0; for (i = 0; i < 400; i++) printf "\nline %d", i; print "\""; next}
     {print $0 ","}' "$T/big/events.csv" > "$T/big/e" && mv "$T/big/e" "$T/big/events.csv"
"$DJ" validate --data "$T/big" > "$T/v.txt" 2>&1
check "a cut inside a quoted field: the same lines as one thread reads" \
"$T/big/events.csv:6:22: expected 5 fields as in the header, found 4
$T/big/events.csv:7:40: expected 5 fields as in the header, found 6
$T/big/events.csv:10:23: expected type 'recognize', 'withdraw' or 'freeze', found 'recognise' (did you mean 'recognize'?)
$T/big/events.csv:99990:33: expected text, found a line break inside a field in column 'note'
$T/big/events.csv:130400:12: expected an actor other than the subject, found 'ABC' for both
$T/big/events.csv:130401:1: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '2001-01-0'
$T/big/events.csv:130402:12: expected an actor code of letters, digits, '_', '-' or '.', found 'AB\$C'
$T/big/events.csv:150401:1: month out of range 01..12, found '2001-13-01'
$T/big/events.csv:180400:1: expected 5 fields as in the header, found 2
$T/big/events.csv:190400:1: day out of range for that month, found '2001-02-30'" \
"$(grep -v warning "$T/v.txt" | grep -v 'more problems')"

# the file is cut at sixteenths: this thread reads pieces from the front
# straight into the dataset, the other from the back into pieces that are
# joined on. Bad dates in every piece; a quoted field across the cut at
# three sixteenths (read from the front: it reads on to the end) or at
# thirteen (from the back: that piece reads on, the pieces after it are
# dropped); a fatal error after the cut at thirteen sixteenths (from the
# back: the rest is read again from that cut). Each gives the messages of
# one thread reading the same bytes from standard input, where nothing is
# cut. (The two threads meet near the middle, wherever their speeds take
# them; three and thirteen are far from it on either side.)
"$GEN" 5 200000 "$T/p"
size=$(wc -c < "$T/p/events.csv")
line_at() { awk -v c="$1" '{o += length($0) + 1; if (o > c) {print NR; exit}}' "$T/p/events.csv"; }
l3=$(line_at $((size / 16 * 3)))
l13=$(line_at $((size / 16 * 13)))
awk 'NR%12000==5000{print substr($0,1,7) "-45" substr($0,11); next} {print}' \
    "$T/p/events.csv" > "$T/p/e" && mv "$T/p/e" "$T/p/events.csv"
quoted_at() { # line: a note column, and a note of 400 lines starting on that line
    awk -v l="$1" 'NR==1{print $0 ",note"; next}
         NR==l{printf "%s,\"start", $0; for (i = 0; i < 400; i++) printf "\nline %d", i; print "\""; next}
         {print $0 ","}' "$T/p/events.csv"
}
for d in q3 q13 r; do mkdir -p "$T/$d" && cp "$T/p/blocs.csv" "$T/$d/"; done
quoted_at $((l3 - 3)) > "$T/q3/events.csv"
quoted_at $((l13 - 3)) > "$T/q13/events.csv"
awk -v l=$((l13 + 50)) 'NR==1{print $0 ",note"; next} NR==l{sub(/,/, ",x\"y,")} {print $0 ","}' \
    "$T/p/events.csv" > "$T/r/events.csv"
for d in p q3 q13 r; do
    "$DJ" validate --data "$T/$d" > "$T/cut-$d.txt" 2>&1
    "$DJ" validate --data "$T/$d" --events - < "$T/$d/events.csv" 2>&1 |
        sed "s#^<stdin>#$T/$d/events.csv#" > "$T/one.txt"
    check "pieces of $d: the messages of one thread" "" "$(diff "$T/one.txt" "$T/cut-$d.txt")"
done
check "pieces: a bad date in each twelve thousand lines" "17" "$(grep -c "found '[0-9-]*-45'" "$T/cut-p.txt")"
check "pieces: the quoted fields are where they were put" \
"$T/q3/events.csv:$((l3 - 3)):33: expected text, found a line break inside a field in column 'note'
$T/q13/events.csv:$((l13 - 3)):33: expected text, found a line break inside a field in column 'note'" \
"$(cat "$T/cut-q3.txt" "$T/cut-q13.txt" | grep 'line break')"
check "pieces: the fatal error is where it was put, and nothing after it" \
"$T/r/events.csv:$((l13 + 50)):13: expected a quote only around a whole field (written twice inside it), found one inside an unquoted field
0" \
"$(grep 'only around' "$T/cut-r.txt"; awk -F: -v l=$((l13 + 50)) '$2 > l && !/warning/' "$T/cut-r.txt" | wc -l | tr -d ' ')"

if [ $fails -ne 0 ]; then
    echo "$fails failed"
    exit 1
fi
echo "all passed"
