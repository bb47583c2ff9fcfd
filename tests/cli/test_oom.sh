#!/bin/sh
# test_oom.sh - out of memory through the command: with the k-th library
# allocation failing, for every k up to the number a run makes, each
# command ends with exit code 3 and "out of memory", leaves no temporary
# behind, and does not crash (the sanitizer build also checks for leaks).
# Usage: test_oom.sh PATH/TO/dejure_oom (a build with DJ_CLI_TEST_HOOKS)
set -u
DJ=$1
T=$(mktemp -d /tmp/dejure-oom-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0
mkdir -p "$T/d"
printf 'code,name\nUSA,United States\nFRA,France\nSRB,Serbia\nXKX,Kosovo\n' >"$T/d/entities.csv"
printf 'code,name,declared\nXKX,Kosovo,2008-02-17\n' >"$T/d/subjects.csv"
printf 'date,actor,subject,type,disputed,source\n2008-02-18,USA,XKX,recognize,,s\n2008-02-19,FRA,XKX,recognize,SRB,s\n' >"$T/d/events.csv"
printf 'bloc,name\nEU,European Union\n' >"$T/d/bloc_names.csv"
printf 'bloc,member,joined\nEU,FRA,1958-01-01\n' >"$T/d/blocs.csv"

# (shell builtins only inside the loop: it runs hundreds of times). The
# report, whose statistics make each run slow, fails every 40th allocation
# here; unit/test_oom.c fails every one of its allocations in the library.
for cmd in "timeline --by year" "validate" "report --no-render --out $T/out"; do
    k=1
    step=1
    case $cmd in report*) step=40 ;; esac
    bad=0
    while :; do
        DEJURE_ALLOC_FAIL_AT=$k $DJ $cmd --data "$T/d" >/dev/null 2>"$T/err"
        rc=$?
        [ $rc -eq 0 ] && break # k is past the last allocation
        err= more=
        { IFS= read -r err; IFS= read -r more; } <"$T/err"
        left=
        for f in "$T"/out/.[!.]*; do [ -e "$f" ] && left="$f"; done
        if [ $rc -ne 3 ] || [ "$err" != "dejure: out of memory" ] || [ -n "$more" ] || [ -n "$left" ]; then
            [ $bad -lt 5 ] && printf '  %s, allocation %d failing: exit %d, %s %s\n' "$cmd" $k $rc "$err" "$left"
            bad=$((bad + 1))
        fi
        k=$((k + step))
        [ $k -gt 20000 ] && break
    done
    if [ $bad -eq 0 ] && [ $k -gt 1 ] && [ $rc -eq 0 ]; then
        echo "ok   $cmd: allocations 1 to $((k - step)) failing (every $step) ends in 'dejure: out of memory', exit 3"
    else
        echo "FAIL $cmd: $bad of $((k - 1)) failing allocations ended otherwise"
        fails=$((fails + 1))
    fi
done
echo "$fails failed"
exit $fails
