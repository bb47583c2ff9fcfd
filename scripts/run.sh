#!/bin/sh
# run.sh - the main job: installs what is missing, builds, writes the
# default Kosovo report into out/ (tables, chart scripts, charts,
# report.html, the animated GIFs: a few minutes), runs
# scripts/readme.batch into out/readme and copies its charts into plots/;
# with Chromium installed (scripts/check-report.sh installs it) also a
# screenshot of the page.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DDEJURE_TESTS=ON >/dev/null
cmake --build build -j2 --target dejure_cli >/dev/null
./build/dejure report --out out --format both --animate
# the README's charts come from a recorded batch run, so that anyone can
# check them: dejure verify out/readme
./build/dejure batch scripts/readme.batch --out out/readme
for f in out/readme/plots/*.png out/readme/plots/*.svg out/*.gif; do
    cp "$f" plots/
done
echo "charts copied into plots/ from out/readme/plots (scripts/readme.batch) and out/"
if command -v chromium >/dev/null 2>&1; then
    sh scripts/check-report.sh out/readme/plots plots/report.png && echo "page screenshot in plots/report.png"
fi
