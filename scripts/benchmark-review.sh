#!/usr/bin/env bash
# Benchmark: REVIEWERS reviewers (default 50) claiming and deciding TASKS phase-1 tasks
# (default 2,000) through the review web server on loopback, release build.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mmlupro >/dev/null
swift build -c release --product mmlupro-benchmark >/dev/null
/usr/bin/time -f 'peak RSS %M KB, user %U s, system %S s' \
    "$(swift build -c release --show-bin-path)/mmlupro-benchmark" review "${TASKS:-2000}" "${REVIEWERS:-50}"
