#!/bin/sh
# run.sh - the main job: installs what is missing, builds, writes the
# default Kosovo report into out/ (tables, chart scripts, charts,
# report.html, the animated GIFs: a few minutes) and copies its charts
# into plots/; with Chromium installed
# (scripts/check-report.sh installs it) also a screenshot of the page.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDEJURE_TESTS=OFF >/dev/null
cmake --build build -j2 >/dev/null
./build/dejure report --out out --format both --animate
for chart in cumulative coverage per-year standing map; do
    cp "out/$chart.png" "out/$chart.svg" plots/
done
cp out/map-animated.gif out/cumulative-animated.gif plots/
echo "charts copied into plots/"
if command -v chromium >/dev/null 2>&1; then
    sh scripts/check-report.sh out plots/report.png && echo "page screenshot in plots/report.png"
fi
