#!/bin/sh
# check-report.sh - opens report.html in headless Chromium, the way a
# reader would from disk, and fails unless the page shows its charts.
#
# Usage: scripts/check-report.sh [REPORT_DIR] [SCREENSHOT.png]
#   REPORT_DIR  a folder written by `dejure report` (default: a fresh
#               Kosovo report in a temporary folder)
#   SCREENSHOT  where to keep the screenshot (default: thrown away)
#
# Checks: the DOM Chromium builds holds at least five <svg> charts and
# nothing failed to load (the page may fetch nothing: its Content-Security-
# Policy forbids it); the screenshot is not blank.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh chromium
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "check-report: chromium is not installed" >&2; exit 1; }

T=$(mktemp -d /tmp/dejure-check-XXXXXX)
trap 'rm -rf "$T"' EXIT
if [ $# -ge 1 ]; then
    DIR=$1
else
    if [ ! -x build/dejure ]; then
        cmake -S . -B build -DDEJURE_TESTS=ON >/dev/null
        cmake --build build -j2 --target dejure_cli >/dev/null
    fi
    DIR="$T/report"
    ./build/dejure report --out "$DIR" --format svg >/dev/null
fi
SHOT=${2:-$T/screenshot.png}
PAGE="file://$(cd "$DIR" && pwd)/report.html"
[ -f "$DIR/report.html" ] || { echo "check-report: no $DIR/report.html" >&2; exit 1; }

chrome() { # a fresh profile each time; no network, no background services
    timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d "$T/profile-XXXXXX")" "$@" 2>>"$T/chromium.log"
}

chrome --dump-dom "$PAGE" >"$T/dom.html"
svgs=$(grep -o '<svg' "$T/dom.html" | wc -l)
chrome --screenshot="$SHOT" --window-size=1280,2400 "$PAGE" >/dev/null
bytes=$(wc -c <"$SHOT" 2>/dev/null || echo 0)

fails=0
if [ "$svgs" -ge 5 ]; then
    echo "ok   the page holds $svgs charts (SVG elements in the DOM)"
else
    echo "FAIL the page holds $svgs charts, expected at least 5"
    fails=$((fails + 1))
fi
if grep -q 'class="missing"' "$T/dom.html"; then
    echo "FAIL the page says a chart was not rendered"
    fails=$((fails + 1))
else
    echo "ok   no chart is missing"
fi
# a blank 1280x2400 page compresses to a few kilobytes; charts do not
if [ "$bytes" -gt 40000 ]; then
    echo "ok   the screenshot is not blank ($bytes bytes)"
else
    echo "FAIL the screenshot looks blank ($bytes bytes)"
    fails=$((fails + 1))
fi
[ $fails -eq 0 ] || { echo "chromium said:" >&2; tail -5 "$T/chromium.log" >&2; }
exit $fails
