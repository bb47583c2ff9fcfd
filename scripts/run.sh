#!/bin/sh
# run.sh - the main job: installs what is missing, builds, writes the
# default Kosovo report into out/ (tables, chart scripts, charts,
# report.html, the animated GIFs: a few minutes) and copies its charts
# into plots/; with Chromium installed (scripts/check-report.sh installs
# it) also a screenshot of the page.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DDEJURE_TESTS=ON >/dev/null
cmake --build build -j2 --target dejure_cli >/dev/null
./build/dejure report --out out --format both --animate
for f in out/*.png out/*.svg out/*.gif; do
    cp "$f" plots/
done
echo "charts copied into plots/"
if command -v chromium >/dev/null 2>&1; then
    sh scripts/check-report.sh out plots/report.png && echo "page screenshot in plots/report.png"
fi
