#!/bin/sh
# test_valgrind.sh - memcheck on the command: the default report (charts
# rendered), a validation, and a load that fails half-way must show no
# invalid access, no uninitialised use and no leak of any kind (still
# reachable included). Valgrind's own exit code 99 marks an error.
# Usage: test_valgrind.sh PATH/TO/dejure
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-valgrind-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0
vg() { # expected-exit args...
    want=$1
    shift
    valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all \
        --errors-for-leak-kinds=all $DJ "$@" >/dev/null 2>"$T/log"
    rc=$?
    if [ $rc -eq "$want" ]; then
        echo "ok   memcheck clean: dejure $*"
    else
        echo "FAIL memcheck: dejure $* exited $rc (99: memcheck error)"
        cat "$T/log"
        fails=$((fails + 1))
    fi
}
vg 0 report --out "$T/out" --format both
vg 0 validate
mkdir -p "$T/bad"
printf 'code,name\nUSA,United States\nXKX,Kosovo\n' >"$T/bad/entities.csv"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2008-02-19,USB,XKX,recognize\n2013-02-30,USA,XKX,withdraw\n' >"$T/bad/events.csv"
vg 2 timeline --data "$T/bad"
echo "$fails failed"
exit $fails
