#!/bin/sh
# test_stats.sh - `dejure stats` end to end: the exact fit table, a fit on
# a dataset built from a known logistic curve, failures said plainly, and
# the report's statistics charts rendered by gnuplot.
# Usage: test_stats.sh PATH/TO/dejure
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-stats-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0

. "$(dirname "$0")/check.sh"

# the fit table's exact form, on the Kosovo data
for model in logistic gompertz; do
    case $model in logistic) p="K r t0" ;; gompertz) p="K b c" ;; esac
    $DJ stats --fit $model --at 2026-11-26 >"$T/fit" 2>"$T/err"; rc=$?
    check "--fit $model exits 0" 0 $rc
    check "--fit $model is silent on stderr" "" "$(cat "$T/err")"
    check "--fit $model header" "model,parameter,estimate,std_error" "$(head -1 "$T/fit")"
    expect=""
    for x in $p rss r2 aic converged; do expect="$expect$model,$x "; done
    check "--fit $model rows" "$expect" "$(tail -n +2 "$T/fit" | cut -d, -f1,2 | tr '\n' ' ')"
    check "--fit $model has 4 fields a row" "4" "$(awk -F, '{print NF}' "$T/fit" | sort -u)"
    check "--fit $model parameters are numbers with errors" "3" \
        "$(grep -cE "^$model,[A-Za-z0-9]+,-?[0-9]+\.[0-9]+,[0-9]+\.[0-9]+\$" "$T/fit")"
    check "--fit $model summary rows have no error" "4" "$(grep -cE ',(rss|r2|aic|converged),[^,]*,$' "$T/fit")"
    check "--fit $model converged" "$model,converged,1," "$(tail -1 "$T/fit")"
done

# a dataset whose recognitions follow a known logistic curve: the i-th of
# 200 states recognises on day t0 + ln(p / (1 - p)) / r, p = (i - 0.5) / 200,
# with r = 0.02 per day and t0 = 350 days after the declaration
mkdir -p "$T/logi"
printf 'code,name,declared\nZZZ,Testland,2000-01-01\n' >"$T/logi/subjects.csv"
printf 'date,actor,subject,type\n' >"$T/logi/events.csv"
awk 'BEGIN { for (i = 1; i <= 200; i++) { p = (i - 0.5) / 200; printf "%d %03d\n", int(350 + log(p / (1 - p)) / 0.02 + 0.5), i } }' |
while read -r day i; do
    printf '%s,A%s,ZZZ,recognize\n' "$(date -u -d "2000-01-01 + $day days" +%Y-%m-%d)" "$i"
done >>"$T/logi/events.csv"
$DJ stats --data "$T/logi" --fit logistic --at 2002-09-27 >"$T/fit" 2>"$T/err"
check "synthetic logistic: converged" "logistic,converged,1," "$(tail -1 "$T/fit")"
check "synthetic logistic: K is 200 within 1 %" "yes" \
    "$(awk -F, '$2 == "K" { print ($3 > 198 && $3 < 202) ? "yes" : $3 }' "$T/fit")"
check "synthetic logistic: r is 0.02 within 3 %" "yes" \
    "$(awk -F, '$2 == "r" { print ($3 > 0.0194 && $3 < 0.0206) ? "yes" : $3 }' "$T/fit")"
check "synthetic logistic: t0 is day 350 within 2 days" "yes" \
    "$(awk -F, '$2 == "t0" { print ($3 > 348 && $3 < 352) ? "yes" : $3 }' "$T/fit")"
check "synthetic logistic: R2 above 0.999" "yes" \
    "$(awk -F, '$2 == "r2" { print ($3 > 0.999) ? "yes" : $3 }' "$T/fit")"

# the curve: one row per day from the declaration to --until
$DJ stats --data "$T/logi" --curve logistic --at 2002-09-27 --until 2003-01-01 >"$T/curve"
check "curve header" "date,days,observed,fitted,lower95,upper95" "$(head -1 "$T/curve")"
check "curve starts on the declaration day" "2000-01-01,0," "$(sed -n 2p "$T/curve" | cut -d, -f1,2),"
check "curve ends on --until, unobserved" "2003-01-01,1096," "$(tail -1 "$T/curve" | cut -d, -f1-3)"
check "curve: band holds the fitted value" "0" \
    "$(awk -F, 'NR > 1 && !($5 <= $4 && $4 <= $6) { bad++ } END { print bad + 0 }' "$T/curve")"

# a fit that fails says so and prints no numbers
$DJ stats --fit bass --at 2026-11-26 >"$T/fit" 2>"$T/err"; rc=$?
check "--fit bass on Kosovo exits 0" 0 $rc
check "--fit bass reports converged 0 and no estimates" \
"model,parameter,estimate,std_error
bass,m,,
bass,p,,
bass,q,,
bass,rss,,
bass,r2,,
bass,aic,,
bass,converged,0," "$(cat "$T/fit")"
check "--fit bass says why on stderr" "1" "$(grep -c '^dejure: warning: the bass fit failed: ' "$T/err")"
$DJ stats --curve bass --at 2026-11-26 >"$T/curve" 2>"$T/err"; rc=$?
check "--curve of a failed fit exits 2" 2 $rc
check "--curve of a failed fit writes nothing" "" "$(cat "$T/curve")"
check "--curve of a failed fit says so" "1" "$(grep -c 'no curve written$' "$T/err")"

# usage errors
$DJ stats >/dev/null 2>"$T/err"; check "stats without a table exits 1" 1 $?
$DJ stats --fit weibull >/dev/null 2>"$T/err"; check "unknown model exits 1" 1 $?
check "unknown model message" "dejure: expected a model logistic, gompertz or bass, found 'weibull'" "$(cat "$T/err")"
$DJ stats --curve logistic --at 2020-01-01 --until 2019-01-01 >/dev/null 2>&1
check "--until before --at exits 1" 1 $?
$DJ stats --fit logistic --at 1990-01-01 >"$T/out" 2>"$T/err"; rc=$?
check "--at before the declaration exits 1 and writes nothing" "1:" "$rc:$(cat "$T/out")"
check "--at before the declaration says so" \
    "dejure: the as-of date 1990-01-01 is before the subject's origin 2008-02-17" "$(cat "$T/err")"

# the other tables agree with the rest of dejure
check "per-year counts equal the yearly timeline" \
    "$($DJ timeline --by year --to 2026-11-26 | tail -n +2 | cut -d, -f2,3)" \
    "$($DJ stats --per-year --at 2026-11-26 | tail -n +2 | cut -d, -f2,3)"
check "per-month counts sum to the per-year counts" \
    "$($DJ stats --per-year | awk -F, 'NR > 1 { r += $2; w += $3 } END { print r, w }')" \
    "$($DJ stats --per-month | awk -F, 'NR > 1 { r += $2; w += $3 } END { print r, w }')"
check "delays: count of all equals the number of first recognitions" \
    "$($DJ milestones --at 2026-11-26 | tail -n +2 | wc -l | tr -d ' ')" \
    "$($DJ stats --delays --at 2026-11-26 | awk -F, '$1 == "all" { print $2 }')"
check "two tables are separated by one empty line" "1" \
    "$($DJ stats --medians --bloc EU --fit logistic | grep -c '^$')"
check "help documents the quantile definition" "1" \
    "$($DJ help stats | grep -c "R's type 7")"

# the report draws the fitted curves and the survival curves
$DJ report --out "$T/rep" --until 2030-12-31 --bloc EU,NATO --format both --size 800,450 >"$T/paths" 2>"$T/err"; rc=$?
check "report exits 0" 0 $rc
check "report is silent on stderr" "" "$(cat "$T/err")"
for chart in fit survival; do
    check "report wrote $chart.png" "$T/rep/$chart.png" "$(grep "/$chart.png\$" "$T/paths")"
    size=$(od -An -tu1 -j16 -N8 "$T/rep/$chart.png" | awk '{print $3*256+$4 "x" $7*256+$8}')
    check "$chart.png is 800x450" "800x450" "$size"
    check "$chart.svg is an SVG" "1" "$(grep -c '<svg' "$T/rep/$chart.svg")"
    (cd "$T/rep" && gnuplot $chart.gp 2>"$T/gperr"); check "$chart.gp runs on its own" "0:" "$?:$(cat "$T/gperr")"
    check "$chart.gp loads the theme" "1" "$(grep -c "^load 'theme.gp'" "$T/rep/$chart.gp")"
done
check "report projects the curve to --until" "2030-12-31" "$(tail -1 "$T/rep/curve-logistic.csv" | cut -d, -f1)"
check "report writes no curve for a failed fit" "no" "$([ -e "$T/rep/curve-bass.csv" ] && echo yes || echo no)"
check "fit chart draws no failed model" "0" "$(grep -c 'curve-bass' "$T/rep/fit.gp")"

echo "$fails failed"
exit $fails
