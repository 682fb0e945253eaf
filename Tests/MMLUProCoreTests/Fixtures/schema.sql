CREATE TABLE duplicate_record (
    item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    origin TEXT NOT NULL PRIMARY KEY,
    detail TEXT NOT NULL
) STRICT;

CREATE TABLE filter_answer (
    item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    model TEXT NOT NULL,
    origin TEXT NOT NULL,
    raw_output TEXT,
    letter TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'unparsed', 'error')),
    is_correct INTEGER NOT NULL CHECK (is_correct IN (0, 1)),
    PRIMARY KEY (item_key, model)
) STRICT, WITHOUT ROWID;

CREATE TABLE filter_decision (
    item_key TEXT PRIMARY KEY NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('kept', 'dropped', 'held')),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    panel INTEGER NOT NULL
) STRICT;

CREATE TABLE removal (
    stage TEXT NOT NULL,
    item_key TEXT NOT NULL REFERENCES source_item(key) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (stage, item_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE source_file (
    path TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL
) STRICT;

CREATE TABLE source_item (
    key TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('mmlu', 'stemez', 'theoremqa', 'scibench')),
    split TEXT NOT NULL,
    subject TEXT NOT NULL,
    category TEXT,
    origin TEXT NOT NULL,
    question TEXT NOT NULL,
    options TEXT,
    answer TEXT,
    answer_type TEXT NOT NULL,
    unit TEXT,
    solution TEXT,
    extra TEXT NOT NULL DEFAULT '{}',
    content_hash TEXT NOT NULL
) STRICT;

CREATE TABLE stage_run (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stage TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'invalidated')),
    config_digest TEXT NOT NULL,
    input_digest TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}',
    detail TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX removal_by_item ON removal(item_key);

CREATE INDEX source_item_by_source ON source_item(source, split, subject);

CREATE INDEX stage_run_by_stage ON stage_run(stage, id);
