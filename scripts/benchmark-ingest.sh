#!/usr/bin/env bash
# Benchmark: ingest of all real inputs plus the filter (pipeline.full.yaml), cold and rerun.
# Prints wall time and peak memory of each run. Needs ../shared/datasets and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
swift build -c release --product mmlupro >/dev/null
bin=$(swift build -c release --show-bin-path)/mmlupro
measure() {  # label, then the command
    local label=$1; shift
    local out
    out=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null; } 2>&1 | tail -1 )
    printf '%-8s wall %6.3f s   peak RSS %6.1f MB\n' "$label" "${out% *}" "$(echo "${out#* } / 1024" | bc -l)"
}
for i in $(seq "$runs"); do
    rm -rf build/full
    measure "cold" "$bin" build --config pipeline.full.yaml
    measure "rerun" "$bin" build --config pipeline.full.yaml
done
"$bin" build --config pipeline.full.yaml
