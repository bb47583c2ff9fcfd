#!/bin/sh
# test_install.sh - dejure as an installed C library: `cmake --install`
# into a temporary prefix, then what a C programmer does with it: build
# examples/bloc_share.c through pkg-config (shared, then static with the
# .so removed, which proves Libs.private/Requires.private complete) and
# through find_package(dejure), and run each; the installed command and
# the installed copy of the default dataset give the built-in answers.
# Usage: test_install.sh SOURCE_DIR BUILD_DIR C_COMPILER pkg-config|find_package
set -u
SRC=$1 BUILD=$2 CC=$3 MODE=$4
T=$(mktemp -d /tmp/dejure-install-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26
fails=0
. "$(dirname "$0")/../cli/check.sh"

P=$T/prefix
cmake --install "$BUILD" --prefix "$P" >"$T/log" 2>&1; check "cmake --install succeeds" 0 $?
for f in lib/libdejure.a include/dejure/dejure.h include/dejure/version.h lib/pkgconfig/dejure.pc \
         lib/cmake/dejure/dejureConfig.cmake lib/cmake/dejure/dejureTargets.cmake \
         share/man/man1/dejure.1 share/bash-completion/completions/dejure \
         share/dejure/datasets/world/kosovo/events.csv bin/dejure; do
    [ -f "$P/$f" ]; check "installs $f" 0 $?
done
[ -f "$P/include/dejure/testing.h" ]; check "test hooks are not installed" 1 $?

expected="EU on 2013-02-17: 22 of 27 members recognise XKX (81.48 %)"
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
check "pkg-config knows the version" "$(sed -n 's/^project(dejure VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" \
    "$(pkg-config --modversion dejure)"

if [ "$MODE" = pkg-config ]; then
pkg-config --validate dejure 2>"$T/err"; check "dejure.pc is valid" "0:" "$?:$(cat "$T/err")"
[ -f "$(pkg-config --variable=datadir dejure)/datasets/world/kosovo/events.csv" ]
check "pkg-config's datadir holds the default datasets" 0 $?
# 1. pkg-config, shared library (run it with the prefix's lib on the rpath)
if [ -f "$P/lib/libdejure.so" ]; then
    $CC -std=c11 -Wall -Wextra -pedantic -Werror "$SRC/examples/bloc_share.c" -o "$T/ex_shared" \
        $(pkg-config --cflags --libs dejure) -Wl,-rpath,"$(pkg-config --variable=libdir dejure)" 2>"$T/err"
    check "example builds with pkg-config --cflags --libs" "0:" "$?:$(cat "$T/err")"
    check "example (shared) prints EU's share" "$expected" "$("$T/ex_shared" EU 2013-02-17)"
    check "example (shared) uses the installed libdejure.so" 1 \
        "$(ldd "$T/ex_shared" | grep -c "$P/.*libdejure.so")"
fi

# 2. pkg-config --static from a prefix with only the archive
cp -R "$P" "$T/static" && rm -f "$T/static"/lib/libdejure.so*
PKG_CONFIG_PATH="$T/static/lib/pkgconfig" \
    $CC -std=c11 "$SRC/examples/bloc_share.c" -o "$T/ex_static" \
    $(PKG_CONFIG_PATH="$T/static/lib/pkgconfig" pkg-config --static --cflags --libs dejure) 2>"$T/err"
check "example links libdejure.a with pkg-config --static" "0:" "$?:$(cat "$T/err")"
check "example (static) prints NATO's share" "NATO on 2013-02-17: 24 of 28 members recognise XKX (85.71 %)" \
    "$("$T/ex_static" NATO 2013-02-17)"
"$T/ex_static" NATTO 2013-02-17 >/dev/null 2>"$T/err"; rc=$?
check "example reports an unknown bloc" "1:bloc_share: unknown bloc 'NATTO'" "$rc:$(cat "$T/err")"

fi

if [ "$MODE" = find_package ]; then
# 3. find_package(dejure) -> dejure::dejure
cmake -S "$SRC/examples" -B "$T/bx" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_COMPILER="$CC" >"$T/log" 2>&1 &&
    cmake --build "$T/bx" >>"$T/log" 2>&1
rc=$?; [ $rc -eq 0 ] || cat "$T/log"
check "example builds with find_package(dejure)" 0 $rc
check "example (find_package) prints EU's share" "$expected" "$("$T/bx/bloc_share" EU 2013-02-17)"
check "dejure::dejure links the static library" 0 "$(ldd "$T/bx/bloc_share" | grep -c libdejure)"
fi

# 4. the installed command, and the installed copy of the default dataset
check "installed dejure on the installed dataset answers like the built-in one" \
    "$("$P/bin/dejure" coverage --at 2013-02-17)" \
    "$("$P/bin/dejure" coverage --at 2013-02-17 --data "$P/share/dejure/datasets/world")"

echo "$fails failed"
exit $fails
