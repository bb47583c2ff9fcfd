#!/bin/sh
# run.sh - the main job: installs what is missing, builds, writes the
# report of every subject of the built-in world (tables, chart scripts,
# charts, report.html): Kosovo's into out/, each other subject's into
# out/CODE/; runs scripts/readme.batch into out/readme and copies its
# charts into plots/, with the animated GIFs drawn for the same fixed day,
# so that the tree stays as it was; with Chromium installed
# (scripts/check-report.sh installs it) also a screenshot of the page.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DDEJURE_TESTS=ON >/dev/null
cmake --build build -j2 --target dejure_cli >/dev/null
./build/dejure report --out out --format both
for s in PSE ESH XAB XSO XNC XSL; do
    ./build/dejure report --subject "$s" --out "out/$s" --format both
done
# the README's charts come from a recorded batch run, so that anyone can
# check them: dejure verify out/readme
./build/dejure batch scripts/readme.batch --out out/readme
# the animations, for the day the README's charts are drawn (readme.batch)
DEJURE_TODAY=2026-11-26 ./build/dejure report --out out/readme-animated --animate >/dev/null
for f in out/readme/plots/*.png out/readme/plots/*.svg out/readme-animated/*.gif; do
    cp "$f" plots/
done
echo "charts copied into plots/ from out/readme/plots (scripts/readme.batch) and out/readme-animated"
if command -v chromium >/dev/null 2>&1; then
    sh scripts/check-report.sh out/readme/plots plots/report.png && echo "page screenshot in plots/report.png"
fi
