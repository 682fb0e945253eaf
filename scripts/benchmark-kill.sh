#!/usr/bin/env bash
# The full build of the real inputs (pipeline.full.yaml) killed with SIGKILL at 20 moments
# spread over the whole run, each time rerun to completion: the release must be byte-identical
# to an uninterrupted build's, and the stage tables the same, with no duplicate rows.
# Release build. KILLS=20 by default. (The same test runs on the sample in CI: KillTests.)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-20}
config=${CONFIG:-pipeline.full.yaml}
swift build -c release --product mmlupro >/dev/null
bin=$(swift build -c release --show-bin-path)/mmlupro
db=build/full/mmlupro.sqlite
release=build/full/release
tables="source_item text_repair filter_decision integrated_question augmented_question generated_option judge_verdict reviewed_question removal question_id released_question release_record review_task_state"
fingerprint() {  # the release files and the stage tables, as one digest each
    (cd "$release" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16
    for table in $tables; do sqlite3 "$db" "SELECT * FROM $table" | LC_ALL=C sort | sha256sum | cut -c1-8; done | tr '\n' ' '
    echo
}
rm -rf build/full
start=$(date +%s.%N)
"$bin" build --config "$config" >/dev/null
duration=$(echo "$(date +%s.%N) - $start" | bc)
expected=$(fingerprint)
echo "uninterrupted build: ${duration} s"
failures=0
for i in $(seq 0 $((kills - 1))); do
    rm -rf build/full
    delay=$(echo "$duration * ($i + $RANDOM / 32768) / $kills" | bc -l)
    "$bin" build --config "$config" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    running=$(sqlite3 "$db" "SELECT group_concat(stage) FROM stage_run" 2>/dev/null || echo "-")
    "$bin" build --config "$config" >/dev/null
    duplicates=$(sqlite3 "$db" "SELECT COUNT(*) FROM (SELECT task_key FROM review_event WHERE reviewer = 'automatic' GROUP BY task_key HAVING COUNT(*) > 1)")
    got=$(fingerprint)
    if [[ $got == "$expected" && $duplicates == 0 ]]; then verdict=same; else verdict=DIFFERENT; failures=$((failures + 1)); fi
    printf 'kill %2d at %6.2f s (stages done: %s): rerun %s\n' "$((i + 1))" "$delay" "${running:-none}" "$verdict"
done
echo "$failures of $kills reruns differed"
[[ $failures == 0 ]]
