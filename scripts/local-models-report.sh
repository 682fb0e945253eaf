#!/usr/bin/env bash
# Figures of the local-models run (pipeline.local-models.yaml) for BENCHMARKS.md: each panel
# model's accuracy and unparsed rate on the slice, time per call, what the panel dropped, and
# samples of the distractors and judge verdicts the 1.5B model wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${DB:-build/local/mmlupro.sqlite}
q() { sqlite3 -header -column "$db" "$@"; }
echo "== panel models on the slice"
q "SELECT a.model,
          COUNT(*) AS asked,
          SUM(a.status = 'ok') AS answered,
          SUM(a.is_correct) AS correct,
          printf('%.1f%%', 100.0 * SUM(a.is_correct) / COUNT(*)) AS accuracy,
          printf('%.1f%%', 100.0 * SUM(a.status = 'unparsed') / COUNT(*)) AS unparsed,
          SUM(a.status = 'error') AS errors
   FROM filter_answer a GROUP BY a.model ORDER BY accuracy DESC"
echo
echo "== time per call (model_attempt, live calls)"
q "SELECT model, stage, COUNT(*) AS calls, printf('%.2f s', AVG(latency_ms) / 1000.0) AS mean,
          printf('%.2f s', MAX(latency_ms) / 1000.0) AS slowest
   FROM model_attempt WHERE status = 'ok' GROUP BY model, stage ORDER BY stage, model"
echo
echo "== the panel's decisions (drop when more than the threshold are correct)"
q "SELECT outcome, reason, COUNT(*) AS questions FROM filter_decision GROUP BY 1, 2"
q "SELECT correct AS models_correct, COUNT(*) AS questions FROM filter_decision GROUP BY 1 ORDER BY 1"
echo
echo "== distractors written by the 1.5B model (accepted, then rejected with the reason)"
q "SELECT substr(s.question, 1, 70) AS question, g.text AS option FROM generated_option g JOIN source_item s ON s.key = g.item_key
   WHERE g.stage = 'augment' AND g.accepted = 1 ORDER BY g.item_key, g.attempt, g.position LIMIT 24"
q "SELECT g.reason, COUNT(*) AS n, MIN(g.text) AS example FROM generated_option g WHERE g.stage = 'augment' AND g.accepted = 0 GROUP BY 1"
echo
echo "== judge verdicts of the 1.5B model"
q "SELECT verdict, COUNT(*) AS n FROM judge_verdict GROUP BY 1"
q "SELECT substr(s.question, 1, 60) AS question, j.option_text, j.verdict, substr(j.rationale, 1, 80) AS rationale
   FROM judge_verdict j JOIN source_item s ON s.key = j.item_key WHERE j.verdict = 'could_be_correct' LIMIT 8"
q "SELECT reason, COUNT(*) AS n FROM model_rejection GROUP BY 1"
