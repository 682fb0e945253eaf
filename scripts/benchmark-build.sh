#!/usr/bin/env bash
# Benchmark: the whole build of the real inputs (pipeline.full.yaml, ../shared/datasets beside
# the repository), cold and again with nothing changed. Each stage runs as its own process so
# its wall time and peak memory are its own; then `mmlupro build` runs the whole rerun.
# Release build; needs GNU time. RUNS=3 by default; the median of each figure closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
config=${CONFIG:-pipeline.full.yaml}
swift build -c release --product mmlupro >/dev/null
bin=$(swift build -c release --show-bin-path)/mmlupro
measure() {  # label, then the command; prints wall time, CPU time (user + system) and peak RSS
    local label=$1; shift
    local wall user sys rss
    read -r wall user sys rss < <( { /usr/bin/time -f '%e %U %S %M' "$@" >/dev/null; } 2>&1 | tail -1 )
    printf '  %-16s wall %6.2f s   cpu %6.2f s   peak RSS %6.1f MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc -l)" \
        "$(echo "$rss / 1024" | bc -l)"
    echo "$wall $user $sys" >>"$totals"
    echo "${label// /_} $wall $(echo "$user + $sys" | bc -l) $rss" >>"$all"
}
totals=$(mktemp)
all=$(mktemp)
colds=$(mktemp)
trap 'rm -f "$totals" "$all" "$colds"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for i in $(seq "$runs"); do
    rm -rf build/full
    echo "run $i: cold, one process per stage"
    : >"$totals"
    for stage in collect filter integrate augment "review run" "release run"; do
        # shellcheck disable=SC2086
        measure "$stage" "$bin" $stage --config "$config"
    done
    # The CPU total over the cores is the floor of the wall time however well the stages spread.
    printf '  %-16s wall %6.2f s   cpu %6.2f s (at least %.2f s of wall on %d cores)\n' "cold total" \
        "$(awk '{w += $1} END {print w}' "$totals")" "$(awk '{c += $2 + $3} END {print c}' "$totals")" \
        "$(awk -v n="$(nproc)" '{c += $2 + $3} END {print c / n}' "$totals")" "$(nproc)"
    echo "$(awk '{w += $1} END {print w}' "$totals") $(awk '{c += $2 + $3} END {print c}' "$totals")" >>"$colds"
    echo "run $i: nothing changed"
    measure "mmlupro build" "$bin" build --config "$config"
done
# The median of each figure over the runs (the lower middle one for an even count).
echo "median of $runs runs:"
awk '{ print $1 }' "$all" | awk '!seen[$0]++' | while read -r label; do
    wall=$(awk -v l="$label" '$1 == l { print $2 }' "$all" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    cpu=$(awk -v l="$label" '$1 == l { print $3 }' "$all" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    rss=$(awk -v l="$label" '$1 == l { print $4 }' "$all" | sort -n | awk '{ print $1 }' | tail -1)
    printf '  %-16s wall %6.2f s   cpu %6.2f s   peak RSS %6.1f MB (the highest)\n' "${label//_/ }" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
done
printf '  %-16s wall %6.2f s   cpu %6.2f s\n' "cold total" \
    "$(awk '{ print $1 }' "$colds" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
    "$(awk '{ print $2 }' "$colds" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
