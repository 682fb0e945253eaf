#!/usr/bin/env bash
# Benchmark: `mmlupro audit` and `mmlupro audit --shortcuts` on the full preview release's
# test split (pipeline.full.yaml, ../shared/datasets beside the repository; built first when
# missing), RUNS times each (3), with wall time and peak memory, then the median of each.
# Release build; needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
swift build -c release --product mmlupro >/dev/null
bin=$(swift build -c release --show-bin-path)/mmlupro
file=build/full/release/0.1.0-full-preview/test.json
[ -f "$file" ] || "$bin" build --config pipeline.full.yaml >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $file: $(grep -c '"question_id"' "$file") records"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for mode in "audit" "audit --shortcuts"; do
    walls=()
    for i in $(seq "$runs"); do
        # shellcheck disable=SC2086
        out=$( { /usr/bin/time -f '%e %M' "$bin" $mode "$file" >/dev/null; } 2>&1 | tail -1)
        printf '  %-18s run %d: wall %5.2f s   peak RSS %6.1f MB\n' "$mode" "$i" "${out% *}" "$(echo "${out#* } / 1024" | bc -l)"
        walls+=("${out% *}")
    done
    printf '  %-18s median: %s s\n' "$mode" "$(printf '%s\n' "${walls[@]}" | median)"
done
