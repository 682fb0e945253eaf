#!/usr/bin/env bash
# Benchmark: REVIEWERS reviewers (default 50) claiming and deciding TASKS phase-1 tasks
# (default 2,000) through the review web server on loopback, release build; RUNS times
# (default 3) with one kept-alive connection per reviewer, as a browser's page, then RUNS times
# with a new connection per request.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mmlupro >/dev/null
swift build -c release --product mmlupro-benchmark >/dev/null
bench="$(swift build -c release --show-bin-path)/mmlupro-benchmark"
for mode in "" --connection-per-request; do
    for _ in $(seq "${RUNS:-3}"); do
        /usr/bin/time -f '  client: peak RSS %M KB, user %U s, system %S s' \
            "$bench" review "${TASKS:-2000}" "${REVIEWERS:-50}" $mode
    done
done
