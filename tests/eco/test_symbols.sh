#!/bin/sh
# test_symbols.sh - the library exports its public API and nothing else:
# in libdejure.a every defined global symbol with default visibility is a
# name declared in a public header, every function those headers declare
# is defined with default visibility, and the internals (allocator, CSV
# reader, embedded data) are marked hidden. With a shared build, the same
# holds for the dynamic symbol table of libdejure.so.
# Usage: test_symbols.sh SOURCE_DIR LIBDEJURE.a [LIBDEJURE.so]
set -u
SRC=$1 AR=$2 SO=${3:-}
T=$(mktemp -d /tmp/dejure-symbols-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# names the public headers declare (testing.h holds test hooks, not API)
ls "$SRC"/include/dejure/*.h | grep -v '/testing\.h$' | xargs cat |
    grep -o '\bdj_[a-z0-9_]*' | sort -u > "$T/declared"
# functions: a name followed by '(' at a declaration's start of line
ls "$SRC"/include/dejure/*.h | grep -v '/testing\.h$' | xargs cat |
    sed -n 's/^[a-z_][a-z0-9_ *]*[ *]\(dj_[a-z0-9_]*\)(.*/\1/p' | sort -u > "$T/functions"

readelf -sW "$AR" | awk '$5 == "GLOBAL" && $7 != "UND" && $8 ~ /^[A-Za-z_]/ {print $6, $8}' |
    sort -u > "$T/defined"
awk '$1 == "DEFAULT" {print $2}' "$T/defined" | sort -u > "$T/exported"
awk '$1 == "HIDDEN" {print $2}' "$T/defined" | sort -u > "$T/hidden"

comm -23 "$T/exported" "$T/declared" > "$T/extra"
[ -s "$T/extra" ] && fail "exported but in no public header: $(tr '\n' ' ' < "$T/extra")"
comm -23 "$T/functions" "$T/exported" > "$T/missing"
[ -s "$T/missing" ] && fail "declared in a public header but not exported: $(tr '\n' ' ' < "$T/missing")"
[ "$(wc -l < "$T/functions")" -ge 50 ] || fail "found only $(wc -l < "$T/functions") public functions"
for internal in dj_malloc dj_csv_read dj_embedded_files; do
    grep -qx "$internal" "$T/hidden" || fail "$internal is not hidden"
done
for public in dj_dataset_load_dir dj_series_eval dj_out_open; do
    grep -qx "$public" "$T/exported" || fail "$public is not exported"
done

if [ -n "$SO" ]; then
    nm -D --defined-only "$SO" | awk '{print $3}' | grep -v '^_' | sort -u > "$T/dynamic"
    cmp -s "$T/dynamic" "$T/exported" ||
        fail "libdejure.so exports differ from the archive's public symbols: $(diff "$T/exported" "$T/dynamic" | grep '^[<>]' | tr '\n' ' ')"
fi
[ $fails -eq 0 ] && echo "ok   $(wc -l < "$T/exported") public symbols exported, $(wc -l < "$T/hidden") internals hidden"
echo "$fails failed"
exit $fails
