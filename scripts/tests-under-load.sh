#!/bin/bash
# The test suite RUNS times in a row (default 5), each with cold full builds of the real inputs
# (pipeline.full.yaml into a fresh store, release binary) running one after another beside it:
# a suite that passes here does not depend on an idle machine. Needs `swift build -c release`
# first and ../shared/datasets. Results in build/tests-under-load/summary.txt.
set -u
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
out=build/tests-under-load
mkdir -p "$out"; rm -f "$out"/*
beside=.pipeline.beside.yaml
sed "s#^database: .*#database: $out/beside.sqlite#" pipeline.full.yaml > "$beside"
trap 'rm -f "$beside"' EXIT
for i in $(seq 1 "$RUNS"); do
  ( while [ ! -f "$out/stop$i" ]; do
      rm -f "$out"/beside.sqlite*
      .build/release/mmlupro build --config "$beside" > "$out/beside.out" 2>&1
      echo "build beside run $i: exit $? at $(date +%T)" >> "$out/beside.log"
    done ) &
  builds=$!
  swift test > "$out/run$i.log" 2>&1
  echo "run $i: exit $? at $(date +%T): $(grep -E 'Test run with' "$out/run$i.log" | tail -1)" >> "$out/summary.txt"
  touch "$out/stop$i"; wait "$builds"
done
cat "$out/summary.txt"; echo "builds beside: $(wc -l < "$out/beside.log"), failed: $(grep -vc 'exit 0' "$out/beside.log")"
