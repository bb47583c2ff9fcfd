#!/bin/sh
# run.sh - the main job: installs what is missing, builds, writes the
# default Kosovo report into out/, runs scripts/readme.batch into
# out/readme and copies its charts into plots/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DDEJURE_TESTS=ON >/dev/null
cmake --build build -j2 --target dejure_cli >/dev/null
./build/dejure report --out out --format both
# the README's charts come from a recorded batch run, so that anyone can
# check them: dejure verify out/readme
./build/dejure batch scripts/readme.batch --out out/readme
for f in out/readme/plots/*.png out/readme/plots/*.svg; do
    cp "$f" plots/
done
echo "charts copied into plots/ from out/readme/plots (scripts/readme.batch)"
