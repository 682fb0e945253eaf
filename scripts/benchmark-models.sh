#!/usr/bin/env bash
# Benchmark: the model layer against the local fake OpenAI server with a fixed delay per
# request. Default: 2,000 requests at concurrency 32 with 100 ms each (ideal 6.25 s).
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${REQUESTS:-2000}; concurrency=${CONCURRENCY:-32}; delay=${DELAY:-0.1}
swift build -c release --product mmlupro-benchmark >/dev/null
bin=$(swift build -c release --show-bin-path)/mmlupro-benchmark
out=$(mktemp)
python3 Tests/MMLUProCoreTests/Support/fake_openai.py >"$out" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q PORT "$out" && break; sleep 0.1; done
port=$(awk '/PORT/ {print $2}' "$out")
curl -s -X POST "http://127.0.0.1:$port/control/config" -d "{\"delay\": $delay}" >/dev/null
/usr/bin/time -f 'peak RSS %M KB, user %U s, system %S s' "$bin" "http://127.0.0.1:$port/v1" "$requests" "$concurrency" "$delay"
