#!/bin/sh
# deps.sh - installs the Debian packages dejure needs, when missing.
# Sourced by run.sh and test.sh; safe to run again.
need=""
for pkg in cmake make gcc libgsl-dev libcsv-dev libcunit1-dev gnuplot-nox \
           pkg-config man-db bash bsdextrautils bsdutils python3-pandas "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
if [ -n "$need" ]; then
    echo "installing:$need" >&2
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
fi

# For the hostile-input proofs: valgrind (memcheck test) and clang with its
# libFuzzer runtime (fuzz tests). Their tests are only registered when
# these work, so a failed install here is reported but not fatal.
opt=""
for pkg in valgrind clang libclang-rt-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || opt="$opt $pkg"
done
if [ -n "$opt" ]; then
    echo "installing:$opt" >&2
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    [ -n "$need" ] || $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $opt >/dev/null ||
        echo "deps.sh: could not install$opt; the valgrind and fuzz tests will be skipped" >&2
fi
