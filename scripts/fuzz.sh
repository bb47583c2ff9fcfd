#!/bin/sh
# fuzz.sh - builds the libFuzzer harnesses (clang, with AddressSanitizer
# and UndefinedBehaviorSanitizer) and runs each for SECONDS seconds over
# its seed corpus in tests/fuzz/corpus/NAME.
#
# Usage: scripts/fuzz.sh SECONDS [NAME...]   run (all harnesses by default)
#        scripts/fuzz.sh --build             build only
# Environment: FUZZ_BUILD_DIR (default build-fuzz), CC (default clang).
#
# New inputs go to FUZZ_BUILD_DIR/corpus/NAME, never into the sources. A
# crash stops with its input saved as FUZZ_BUILD_DIR/crashes/NAME-*: copy
# it into tests/fuzz/regressions/NAME/ so every build replays it, then fix.
set -eu
cd "$(dirname "$0")/.."
ALL="events entities blocs date batch"
B=${FUZZ_BUILD_DIR:-build-fuzz}
CC=${CC:-clang}
case "$B" in /*) ;; *) B="$PWD/$B" ;; esac

# Warnings are the gcc builds' job (-Werror there); a clang-only warning
# must not stop the fuzzers.
build() {
    cmake -S . -B "$B" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DDEJURE_FUZZ=ON -DDEJURE_TESTS=OFF -DDEJURE_WERROR=OFF \
        -DDEJURE_SANITIZE=fuzzer-no-link,address,undefined >/dev/null
    cmake --build "$B" -j2 >/dev/null
}

if [ "${1:-}" = "--build" ]; then
    build
    exit 0
fi
if [ $# -lt 1 ] || ! [ "$1" -gt 0 ] 2>/dev/null; then
    echo "usage: scripts/fuzz.sh SECONDS [NAME...] | --build   (names: $ALL)" >&2
    exit 1
fi
secs=$1
shift
names=${*:-$ALL}
for n in $names; do
    [ -x "$B/tests/fuzz/fuzz_$n" ] || { build; break; }
done
mkdir -p "$B/crashes"
status=0
for n in $names; do
    mkdir -p "$B/corpus/$n"
    log="$B/fuzz_$n.log"
    if "$B/tests/fuzz/fuzz_$n" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 -artifact_prefix="$B/crashes/$n-" \
        "$B/corpus/$n" tests/fuzz/corpus/$n >"$log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        units=$(ls "$B/corpus/$n" | wc -l)
        echo "fuzz_$n: $execs executions in $secs s, no crash ($units new corpus inputs)"
    else
        echo "fuzz_$n: CRASH - see $log; input saved under $B/crashes/" >&2
        grep -m3 -E 'ERROR|runtime error|SUMMARY' "$log" >&2 || true
        status=1
    fi
done
exit $status
