#!/usr/bin/env bash
# The shortcut report on one slice of MMLU questions, three ways: the original 4 options, the
# offline generator's 10 (from the full build), and a local model's 10 (from
# pipeline.distractors-slice.yaml). Writes build/slice/{originals,offline,model}.json and prints
# `mmlupro audit --shortcuts` for each.
#   scripts/shortcut-slice.sh            (after `mmlupro build --config pipeline.full.yaml` and
#                                          `mmlupro build --config pipeline.distractors-slice.yaml`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)/mmlupro
python3 - <<'PY'
import json, sqlite3
slice_db = sqlite3.connect("build/slice/mmlupro.sqlite")
full_db = sqlite3.connect("build/full/mmlupro.sqlite")
model = {k: (json.loads(o), a, c, s) for k, o, a, c, s in slice_db.execute(
    "SELECT item_key, options, answer_index, category, src FROM augmented_question")}
offline = {k: (json.loads(o), a) for k, o, a in full_db.execute(
    "SELECT item_key, options, answer_index FROM augmented_question")}
keys = sorted(k for k in model if k in offline)
source = {k: (q, json.loads(o), a) for k, q, o, a in slice_db.execute(
    "SELECT key, question, options, answer FROM source_item")}
def record(i, key, options, answer):
    q, _, _ = source[key]
    _, _, category, src = model[key]
    return {"question_id": i, "question": q, "options": options, "answer": "ABCDEFGHIJ"[answer],
            "answer_index": answer, "cot_content": "", "category": category, "src": src}
sets = {
    "originals": [record(i, k, source[k][1], "ABCDEFGHIJ".index(source[k][2])) for i, k in enumerate(keys)],
    "offline": [record(i, k, *offline[k]) for i, k in enumerate(keys)],
    "model": [record(i, k, model[k][0], model[k][1]) for i, k in enumerate(keys)],
}
for name, records in sets.items():
    json.dump(records, open(f"build/slice/{name}.json", "w"), ensure_ascii=False, indent=0)
print(f"{len(keys)} questions in the slice")
PY
for name in originals offline model; do
    echo "== $name"
    "$bin" audit --shortcuts "build/slice/$name.json"
done
