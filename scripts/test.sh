#!/bin/sh
# test.sh - installs what is missing, builds with warnings as errors, runs
# every test through ctest, then again in an AddressSanitizer and
# UndefinedBehaviorSanitizer build, and the thread test under
# ThreadSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=2
cmake -S . -B build -DDEJURE_WERROR=ON -DDEJURE_TESTS=ON >/dev/null
cmake --build build -j$jobs
(cd build && ctest --output-on-failure -j$jobs)
cmake -S . -B build-asan -DDEJURE_WERROR=ON -DDEJURE_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug -DDEJURE_TESTS=ON >/dev/null
cmake --build build-asan -j$jobs
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$jobs)
# the library from two threads at once, under ThreadSanitizer (dejure.h's
# thread contract; the other tests are single-threaded or fork)
cmake -S . -B build-tsan -DDEJURE_WERROR=ON -DDEJURE_SANITIZE=thread -DCMAKE_BUILD_TYPE=Debug -DDEJURE_TESTS=ON >/dev/null
cmake --build build-tsan -j$jobs --target test_threads
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -R '^threads$')
echo "all tests passed (plain, sanitizer and thread-sanitizer builds)"
