#!/usr/bin/env bash
# Benchmark: what `mmlupro` costs while it waits on a slow model server. The sample build's
# augment stage is pointed at the test server (Tests/.../fake_openai.py) answering every
# request after DELAY seconds (5), 16 requests at a time; prints the stage's wall time and the
# CPU time (user + system) of the mmlupro process. Release build; needs GNU time. RUNS=3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
delay=${DELAY:-5}
swift build -c release --product mmlupro >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)/mmlupro
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r pipeline.yaml config raw prompts "$work"/
python3 Tests/MMLUProCoreTests/Support/fake_openai.py >"$work/port.txt" 2>/dev/null &
server=$!
for _ in $(seq 50); do [ -s "$work/port.txt" ] && break; sleep 0.1; done
port=$(head -1 "$work/port.txt" | cut -d' ' -f2)
curl -s -X POST -d "{\"delay\": $delay}" "http://127.0.0.1:$port/control/config" >/dev/null
cd "$work"
python3 - "$port" <<'PY'
import sys
s = open("pipeline.yaml").read()
s = s.replace("  offline: {kind: offline}",
              "  offline: {kind: offline}\n  slow: {kind: openai, base_url: \"http://127.0.0.1:%s/v1\", model: fake, max_concurrency: 16}" % sys.argv[1])
s = s.replace("generation: {provider: offline,", "generation: {provider: slow,")
open("pipeline.yaml", "w").write(s)
PY
echo "machine: $(nproc) cores; server delay ${delay} s; 52 requests, 16 at a time"
for i in $(seq "$runs"); do
    rm -f build/mmlupro.sqlite*
    for stage in collect filter integrate; do "$bin" $stage --config pipeline.yaml >/dev/null 2>&1; done
    out=$( { /usr/bin/time -f '%e %U %S' "$bin" augment --config pipeline.yaml >/dev/null; } 2>&1 | tail -1 )
    read -r wall user sys <<<"$out"
    printf '  run %d: wall %6.2f s   cpu %5.2f s (user %.2f, sys %.2f)   %.2f%% of the wall time\n' \
        "$i" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$(echo "($user + $sys) * 100 / $wall" | bc -l)"
done
