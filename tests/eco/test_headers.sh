#!/bin/sh
# test_headers.sh - every public header compiles on its own, first in a
# translation unit, as strict C11 (-std=c11 -pedantic -Werror), and the
# umbrella header dejure.h brings every other one.
# Usage: test_headers.sh SOURCE_DIR BUILD_DIR C_COMPILER
set -u
SRC=$1 BUILD=$2 CC=$3
T=$(mktemp -d /tmp/dejure-headers-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 n=0
for h in "$SRC"/include/dejure/*.h; do
    name=$(basename "$h")
    printf '#include <dejure/%s>\n' "$name" > "$T/one.c"
    if $CC -std=c11 -pedantic -Werror -Wall -Wextra -I"$SRC/include" -I"$BUILD/include" \
           -fsyntax-only "$T/one.c" 2>"$T/err"; then
        echo "ok   <dejure/$name> compiles alone"
    else
        echo "FAIL <dejure/$name> does not compile alone:"; cat "$T/err"; fails=$((fails + 1))
    fi
    n=$((n + 1))
    case $name in dejure.h|testing.h) continue ;; esac
    if ! grep -q "^#include \"$name\"" "$SRC/include/dejure/dejure.h"; then
        echo "FAIL dejure.h does not include $name"; fails=$((fails + 1))
    fi
done
[ $n -ge 8 ] || { echo "FAIL found only $n headers"; fails=$((fails + 1)); }
echo "$fails failed"
exit $fails
