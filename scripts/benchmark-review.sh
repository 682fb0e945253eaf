#!/usr/bin/env bash
# Benchmark: REVIEWERS reviewers (default 50) claiming and deciding TASKS phase-1 tasks
# (default 2,000) through the review web server on loopback, release build; RUNS times
# (default 3) with one kept-alive connection per reviewer, as a browser's page, then RUNS times
# with a new connection per request. Each way twice: as fast as the server answers (how many
# decisions a second it takes; the latency then follows from the rate), then paced at RATE
# decisions a second over all reviewers (default 1,000; the latency a reviewer sees under that
# load). The median of each run's rate and latencies closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mmlupro >/dev/null
swift build -c release --product mmlupro-benchmark >/dev/null
bench="$(swift build -c release --show-bin-path)/mmlupro-benchmark"
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
summary=()
for mode in "" --connection-per-request; do
    for pace in "" "--rate ${RATE:-1000}"; do
        : >"$lines"
        for _ in $(seq "${RUNS:-3}"); do
            # shellcheck disable=SC2086
            /usr/bin/time -f '  client: peak RSS %M KB, user %U s, system %S s' \
                "$bench" review "${TASKS:-2000}" "${REVIEWERS:-50}" $mode $pace | tee -a "$lines"
        done
        # "... = 3809.7 decisions/s; claim+decide latency p50 12.5 ms, p99 37.1 ms"
        rate=$(sed -n 's/.* = \([0-9.]*\) decisions\/s.*/\1/p' "$lines" | median)
        p50=$(sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p' "$lines" | median)
        p99=$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' "$lines" | median)
        summary+=("median of ${RUNS:-3} runs ($([ -n "$mode" ] && echo "a connection per request" || echo "a connection per reviewer"), $([ -n "$pace" ] && echo "paced at ${RATE:-1000} decisions/s" || echo "as fast as it answers")): $rate decisions/s, p50 $p50 ms, p99 $p99 ms")
    done
done
printf '%s\n' "${summary[@]}"
