#!/bin/sh
# run.sh - the main job: installs what is missing, builds, writes the
# default Kosovo report into out/ and its charts into plots/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DDEJURE_TESTS=ON >/dev/null
cmake --build build -j2 --target dejure_cli >/dev/null
./build/dejure report --out out --format both
for f in out/*.png out/*.svg; do
    cp "$f" plots/
done
echo "charts copied into plots/"
